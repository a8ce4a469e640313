"""Writing to the audit log: `record` runs only inside the transaction of the change it records."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from django.db import connection
from django.utils import timezone

from upstander.audit.chain import GENESIS_HASH, entry_digest, entry_signature
from upstander.audit.keys import signing_key
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


class NotInTransaction(RuntimeError):
    """An audit entry must be written in the transaction of the change it describes."""


def _in_callers_transaction() -> bool:
    # The atomic blocks a test case wraps each test in do not count: a service that forgot its
    # own `transaction.atomic` fails its tests instead of passing them by accident.
    return any(not getattr(block, "_from_testcase", False) for block in connection.atomic_blocks)


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
    """Append one entry, chained by SHA-256 to the previous one and signed (AUDIT_SIGNING_KEY).

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
    if not _in_callers_transaction():
        raise NotInTransaction(
            f"audit.record({verb!r}) ran outside a transaction: run the change and its audit "
            "entry in one `transaction.atomic` block, so neither is kept without the other."
        )
    _lock_chain()
    last = _last_link()
    sequence = last[0] + 1 if last else 1
    previous_hash = last[1] if last else GENESIS_HASH
    entry = AuditEntry(
        sequence=sequence,
        created_at=timezone.now(),
        actor_user_id=actor.pk if actor is not None and actor.is_authenticated else None,
        actor_label=_actor_label(actor),
        verb=verb,
        target_type=target_type,
        target_id=str(target_id),
        details=clean_details,
        previous_hash=previous_hash,
    )
    key_id, key = signing_key()
    entry.entry_hash = entry_digest(entry)
    entry.signature = entry_signature(key, entry.entry_hash)
    entry.key_id = key_id
    entry.save(force_insert=True)
    return entry


def _last_link() -> tuple[int, str] | None:
    """The newest entry's sequence number and hash (the caller holds the chain lock)."""
    return AuditEntry.objects.order_by("-sequence").values_list("sequence", "entry_hash").first()
