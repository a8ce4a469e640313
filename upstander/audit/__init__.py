"""Append-only, hash-chained audit log: `audit.record(actor, verb, target, details)`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser
    from django.db.models import Model

    from upstander.accounts.models import User
    from upstander.audit.models import AuditEntry


def record(
    actor: User | AnonymousUser | None,
    verb: str,
    target: Model | tuple[str, str] | None = None,
    details: dict[str, Any] | None = None,
) -> AuditEntry:
    # Imported here so that `from upstander import audit` works before the app registry is ready.
    from upstander.audit.services import record as record_entry

    return record_entry(actor, verb, target, details)
