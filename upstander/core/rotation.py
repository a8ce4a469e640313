"""Key rotation over every encrypted field of every model, found by field class, in batches.

Each batch re-encrypts the stored tokens of up to `batch_size` rows under the newest key in
FIELD_ENCRYPTION_KEYS, token to token: plain values never leave the cryptography library.
Values the newest key already decrypts are left alone, so a run that stopped (a crash, or
`max_batches`) is resumed by running it again, and rows written meanwhile need nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from django.apps import apps
from django.db import models, transaction
from django.db.models import ExpressionWrapper, F, Value

from upstander.core.crypto import (
    PREFIX,
    EncryptedField,
    encrypt_text,
    is_current_token,
    rotate_bytes,
    rotate_text,
)


@dataclass(frozen=True)
class RotatedBatch:
    """What one batch changed: ids and counts only, never a value."""

    model: str
    rows: int
    first_pk: Any
    last_pk: Any
    fields: list[str]


@dataclass
class RotationResult:
    scanned: int = 0
    rotated_rows: int = 0
    batches: int = 0
    complete: bool = True
    models: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class SecretsInJson:
    """Encrypted strings kept under `keys` of a JSON column of another library's model (which
    cannot use EncryptedField: allauth's authenticators), rotated with the rest."""

    model: str  # "app_label.ModelName"
    column: str
    keys: tuple[str, ...]


_secrets_in_json: dict[str, SecretsInJson] = {}


def secrets_in_json_register(secrets: SecretsInJson) -> None:
    """Called by the app that encrypts them (in its `ready`)."""
    _secrets_in_json[secrets.model] = secrets


def encrypted_fields(model: type[models.Model]) -> list[models.Field[Any, Any]]:
    return [f for f in model._meta.concrete_fields if isinstance(f, EncryptedField)]


def encrypted_models() -> list[tuple[type[models.Model], list[models.Field[Any, Any]]]]:
    """Every model with an encrypted column (proxies share their concrete model's table)."""
    found = []
    for model in apps.get_models():
        if model._meta.proxy:
            continue
        fields = encrypted_fields(model)
        if fields:
            found.append((model, fields))
    return found


def rows_to_scan() -> int:
    in_json: int = sum(
        apps.get_model(s.model)._base_manager.count() for s in _secrets_in_json.values()
    )
    return sum(model._base_manager.count() for model, _ in encrypted_models()) + in_json


def _raw(f: models.Field[Any, Any]) -> ExpressionWrapper[Any]:
    # The column as stored: a plain output field has no converter, so nothing is decrypted.
    plain: models.Field[Any, Any] = models.TextField() if _stores_text(f) else models.BinaryField()
    return ExpressionWrapper(F(f.attname), output_field=plain)


def _stores_text(f: models.Field[Any, Any]) -> bool:
    return bool(getattr(f, "stores_text", True))


def _fresh(f: models.Field[Any, Any], stored: Any) -> Any | None:
    """The value re-encrypted under the newest key, or None when it needs nothing."""
    if stored is None or stored in ("", b""):
        return None
    if _stores_text(f):
        text = str(stored)
        if not text.startswith(PREFIX):
            return encrypt_text(text)  # written before the field was encrypted
        if is_current_token(text[len(PREFIX) :].encode("ascii")):
            return None
        return rotate_text(text)
    token = bytes(stored)
    return None if is_current_token(token) else rotate_bytes(token)


def rotate_all(
    *,
    batch_size: int = 500,
    max_batches: int | None = None,
    on_batch: Callable[[RotatedBatch], None] | None = None,
    on_progress: Callable[[int], None] | None = None,
) -> RotationResult:
    """Re-encrypt every stale encrypted value; `on_batch` runs inside each batch's transaction."""
    if batch_size < 1:
        raise ValueError("batch_size must be at least 1.")
    result = RotationResult()
    run = _Run(batch_size, max_batches, on_batch, on_progress, result)
    for model, fields in encrypted_models():
        aliases = {f"raw_{f.attname}": _raw(f) for f in fields}
        if not _rotate_rows(model, aliases, partial(_fresh_fields, fields), run):
            result.complete = False
            return result
    for secrets in _secrets_in_json.values():
        model = apps.get_model(secrets.model)
        column = {f"raw_{secrets.column}": F(secrets.column)}
        if not _rotate_rows(model, column, partial(_fresh_json, secrets), run):
            result.complete = False
            return result
    return result


def _fresh_fields(fields: list[models.Field[Any, Any]], stored: list[Any]) -> dict[str, Any]:
    """A row's encrypted columns that need re-encrypting, as stored values for an UPDATE."""
    updates = {}
    for f, value in zip(fields, stored, strict=True):
        fresh = _fresh(f, value)
        if fresh is not None:
            updates[f.attname] = Value(fresh, output_field=_raw(f).output_field)
    return updates


@dataclass(frozen=True)
class _Run:
    batch_size: int
    max_batches: int | None
    on_batch: Callable[[RotatedBatch], None] | None
    on_progress: Callable[[int], None] | None
    result: RotationResult


def _rotate_rows(
    model: type[models.Model],
    columns: dict[str, Any],
    updates_for: Callable[[list[Any]], dict[str, Any]],
    run: _Run,
) -> bool:
    """Walk a table in primary-key batches, each in its own transaction, writing what
    `updates_for(stored columns)` returns for each row; False when `max_batches` stopped it."""
    result = run.result
    result.models.append(model._meta.label)
    last_pk: Any = None
    while True:
        if run.max_batches is not None and result.batches >= run.max_batches:
            return False
        with transaction.atomic():
            rows = model._base_manager.select_for_update().order_by("pk")
            if last_pk is not None:
                rows = rows.filter(pk__gt=last_pk)
            chunk = list(rows.annotate(**columns).values_list("pk", *columns)[: run.batch_size])
            if not chunk:
                return True
            last_pk = chunk[-1][0]
            changed: list[Any] = []
            names: set[str] = set()
            for pk, *stored in chunk:
                updates = updates_for(stored)
                if updates:
                    model._base_manager.filter(pk=pk).update(**updates)
                    changed.append(pk)
                    names.update(updates)
            if changed:
                result.batches += 1
                result.rotated_rows += len(changed)
                if run.on_batch is not None:
                    run.on_batch(
                        RotatedBatch(
                            model=model._meta.label,
                            rows=len(changed),
                            first_pk=changed[0],
                            last_pk=changed[-1],
                            fields=sorted(names),
                        )
                    )
        result.scanned += len(chunk)
        if run.on_progress is not None:
            run.on_progress(len(chunk))


def _fresh_json(secrets: SecretsInJson, stored: list[Any]) -> dict[str, Any]:
    """The JSON column with each secret under the newest key, when any needed it."""
    data = stored[0]
    if not isinstance(data, dict):
        return {}
    changed = {
        key: fresh
        for key in secrets.keys
        if isinstance(data.get(key), str)
        and (fresh := _fresh(models.TextField(), data[key])) is not None
    }
    return {secrets.column: {**data, **changed}} if changed else {}
