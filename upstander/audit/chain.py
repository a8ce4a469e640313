"""How an entry's hash is computed: one canonical JSON form, the same on write and on verify."""

from __future__ import annotations

import hashlib
import hmac
import json
from datetime import datetime
from typing import Any, Protocol

GENESIS_HASH = "0" * 64


class Chained(Protocol):
    """What an entry's hash covers (an `AuditEntry`, before or after it is saved)."""

    sequence: int
    created_at: datetime
    actor_label: str
    verb: str
    target_type: str
    target_id: str
    details: dict[str, Any]
    previous_hash: str


def entry_digest(entry: Chained) -> str:
    canonical = json.dumps(
        {
            "sequence": entry.sequence,
            "created_at": entry.created_at.isoformat(timespec="microseconds"),
            "actor": entry.actor_label,
            "verb": entry.verb,
            "target_type": entry.target_type,
            "target_id": entry.target_id,
            "details": entry.details,
            "previous": entry.previous_hash,
        },
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=True,
        default=str,
    )
    return hashlib.sha256(canonical.encode("ascii")).hexdigest()


# Each entry's hash is also signed with a key the database never holds (HMAC-SHA256), so someone
# who can write to the database can recompute hashes but cannot forge signatures.
_KEY_ID_CONTEXT = b"upstander-audit-key-id\x00"
_SIGNATURE_CONTEXT = b"upstander-audit-entry\x00"


def key_id_for(key: str) -> str:
    """A short public name for a signing key: tells which key signed, reveals nothing of it."""
    return hashlib.sha256(_KEY_ID_CONTEXT + key.encode("utf-8")).hexdigest()[:16]


def entry_signature(key: str, entry_hash: str) -> str:
    return hmac.new(
        key.encode("utf-8"), _SIGNATURE_CONTEXT + entry_hash.encode("ascii"), hashlib.sha256
    ).hexdigest()


def signature_valid(key: str, entry_hash: str, signature: str) -> bool:
    return hmac.compare_digest(entry_signature(key, entry_hash), signature)
