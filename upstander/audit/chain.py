"""How an entry's hash is computed: one canonical JSON form, the same on write and on verify."""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from typing import Any

GENESIS_HASH = "0" * 64


def entry_digest(
    *,
    sequence: int,
    created_at: datetime,
    actor_label: str,
    verb: str,
    target_type: str,
    target_id: str,
    details: dict[str, Any],
    previous_hash: str,
) -> str:
    canonical = json.dumps(
        {
            "sequence": sequence,
            "created_at": created_at.isoformat(timespec="microseconds"),
            "actor": actor_label,
            "verb": verb,
            "target_type": target_type,
            "target_id": target_id,
            "details": details,
            "previous": previous_hash,
        },
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=True,
        default=str,
    )
    return hashlib.sha256(canonical.encode("ascii")).hexdigest()
