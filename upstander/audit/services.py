"""Writing to the audit log. Call `record` inside the transaction of the change it describes."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from django.db import connection, transaction
from django.utils import timezone

from upstander.audit.chain import GENESIS_HASH, entry_digest
from upstander.audit.models import AuditEntry

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser
    from django.db.models import Model

    from upstander.accounts.models import User

# Any fixed number: every writer takes this PostgreSQL advisory lock so the chain stays linear.
_CHAIN_LOCK_KEY = 0x5570_5374


def _lock_chain() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_CHAIN_LOCK_KEY])
    # SQLite runs with transaction_mode=IMMEDIATE: a writer already holds the database lock.


def _actor_label(actor: User | AnonymousUser | None) -> str:
    if actor is None or not actor.is_authenticated:
        return "anonymous"
    return f"user:{actor.pk}"


def record(
    actor: User | AnonymousUser | None,
    verb: str,
    target: Model | tuple[str, str] | None = None,
    details: dict[str, Any] | None = None,
) -> AuditEntry:
    """Append one entry, chained by SHA-256 to the previous one.

    `target` is a model instance, or a `(type, id)` pair for things without a row.
    `details` must be JSON-serialisable and must never hold special category data.
    """
    if target is None:
        target_type, target_id = "", ""
    elif isinstance(target, tuple):
        target_type, target_id = target
    else:
        target_type, target_id = target._meta.label_lower, str(target.pk)
    # Round-trip through JSON so the stored value hashes exactly as the verifier will read it.
    clean_details: dict[str, Any] = json.loads(json.dumps(details or {}, default=str))
    # No savepoint: an entry that cannot be written must undo the change it describes anyway,
    # and a case page opening (audited) saves two round trips.
    with transaction.atomic(savepoint=False):
        _lock_chain()
        last = _last_link()
        sequence = last[0] + 1 if last else 1
        previous_hash = last[1] if last else GENESIS_HASH
        created_at = timezone.now()
        label = _actor_label(actor)
        entry = AuditEntry(
            sequence=sequence,
            created_at=created_at,
            actor_user_id=actor.pk if actor is not None and actor.is_authenticated else None,
            actor_label=label,
            verb=verb,
            target_type=target_type,
            target_id=str(target_id),
            details=clean_details,
            previous_hash=previous_hash,
            entry_hash=entry_digest(
                sequence=sequence,
                created_at=created_at,
                actor_label=label,
                verb=verb,
                target_type=target_type,
                target_id=str(target_id),
                details=clean_details,
                previous_hash=previous_hash,
            ),
        )
        _insert(entry)
    return entry


# Every audited action runs the two statements below (a case page opening among them), so they
# are written once as SQL from the model's own metadata rather than compiled by the ORM each time.


def _last_link() -> tuple[int, str] | None:
    """The newest entry's sequence number and hash (the caller holds the chain lock)."""
    meta = AuditEntry._meta
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {quote(meta.get_field('sequence').column)}, "  # noqa: S608 - model metadata
            f"{quote(meta.get_field('entry_hash').column)} FROM {quote(meta.db_table)} "
            f"ORDER BY {quote(meta.get_field('sequence').column)} DESC LIMIT 1"
        )
        row = cursor.fetchone()
    return (int(row[0]), str(row[1])) if row else None


def _insert(entry: AuditEntry) -> None:
    """INSERT the entry with each field's own database conversion, as `save()` would."""
    meta = AuditEntry._meta
    quote = connection.ops.quote_name
    fields = [field for field in meta.concrete_fields if not field.primary_key]
    columns = ", ".join(quote(field.column) for field in fields)
    placeholders = ", ".join(["%s"] * len(fields))
    params = [field.get_db_prep_save(getattr(entry, field.attname), connection) for field in fields]
    sql = f"INSERT INTO {quote(meta.db_table)} ({columns}) VALUES ({placeholders})"  # noqa: S608
    with connection.cursor() as cursor:
        if connection.features.can_return_columns_from_insert:
            cursor.execute(f"{sql} RETURNING {quote(meta.pk.column)}", params)
            entry.pk = cursor.fetchone()[0]
        else:
            cursor.execute(sql, params)
            entry.pk = connection.ops.last_insert_id(cursor, meta.db_table, meta.pk.column)
    entry._state.adding = False
    entry._state.db = connection.alias
