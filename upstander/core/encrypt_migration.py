"""Data migrations that encrypt existing plain columns in place (and decrypt them on reverse).

Raw SQL on purpose: a historical model whose field is already encrypted would try to decrypt
the plain values it reads. Run after the AlterField that makes the column text.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import Any

from django.db import migrations

from upstander.core.blind_index import blind_index
from upstander.core.crypto import PREFIX, decrypt_text, encrypt_text

Kind = str  # "text", "json" or "bool"


def _plain_to_stored(kind: Kind, value: Any) -> str | None:
    if value is None or (kind == "text" and value == ""):
        return None  # empty text stays empty, as EncryptedTextField stores it
    if isinstance(value, str) and value.startswith(PREFIX):
        return None  # already encrypted (a re-run)
    if kind == "bool":
        truth = value in (True, 1, "1", "t", "true", "True")
        return encrypt_text(json.dumps(truth))
    if kind == "json":
        return encrypt_text(json.dumps(json.loads(value) if isinstance(value, str) else value))
    return encrypt_text(str(value))


def _stored_to_plain(kind: Kind, value: Any, vendor: str) -> Any:
    if not isinstance(value, str) or not value.startswith(PREFIX):
        return None
    plain = decrypt_text(value)
    if kind == "bool":
        truth = bool(json.loads(plain))
        # Written into a text column that the reversed AlterField casts back to boolean.
        if vendor == "postgresql":
            return "true" if truth else "false"
        return "1" if truth else "0"
    return plain


def _rewrite(
    table: str, columns: dict[str, Kind], convert: Callable[[Kind, Any, str], Any]
) -> Callable[[Any, Any], None]:
    def run(apps: Any, schema_editor: Any) -> None:
        connection = schema_editor.connection
        quote = connection.ops.quote_name
        names = list(columns)
        select = ", ".join(quote(n) for n in names)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT id, {select} FROM {quote(table)}")  # noqa: S608
            rows = cursor.fetchall()
        with connection.cursor() as cursor:
            for pk, *values in rows:
                changes = {
                    name: new
                    for name, value in zip(names, values, strict=True)
                    if (new := convert(columns[name], value, connection.vendor)) is not None
                }
                if changes:
                    sets = ", ".join(f"{quote(n)} = %s" for n in changes)
                    cursor.execute(
                        f"UPDATE {quote(table)} SET {sets} WHERE id = %s",  # noqa: S608
                        [*changes.values(), pk],
                    )

    return run


def encrypt_columns(table: str, columns: dict[str, Kind]) -> migrations.RunPython:
    """Encrypt `columns` of every row of `table`; reversible (decrypts back to plain)."""
    return migrations.RunPython(
        _rewrite(table, columns, lambda kind, value, _vendor: _plain_to_stored(kind, value)),
        _rewrite(table, columns, _stored_to_plain),
    )


def index_columns(table: str, indexes: dict[str, tuple[str, str]]) -> migrations.RunPython:
    """Fill blind index columns {index: (plain source column, purpose)} from the plain values.

    Run before the sources are encrypted. The reverse does nothing: the reversed AddField drops
    the index columns.
    """
    targets = list(indexes)

    def run(apps: Any, schema_editor: Any) -> None:
        connection = schema_editor.connection
        quote = connection.ops.quote_name
        sources = ", ".join(quote(indexes[name][0]) for name in targets)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT id, {sources} FROM {quote(table)}")  # noqa: S608
            rows = cursor.fetchall()
        sets = ", ".join(f"{quote(name)} = %s" for name in targets)
        with connection.cursor() as cursor:
            for pk, *values in rows:
                computed = [
                    blind_index(indexes[name][1], value or "")
                    for name, value in zip(targets, values, strict=True)
                ]
                cursor.execute(
                    f"UPDATE {quote(table)} SET {sets} WHERE id = %s",  # noqa: S608
                    [*computed, pk],
                )

    return migrations.RunPython(run, migrations.RunPython.noop)


__all__: Sequence[str] = ["encrypt_columns", "index_columns"]
