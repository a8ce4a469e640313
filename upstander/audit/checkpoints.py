"""A checkpoint: the head of the audit chain (sequence, hash, signature), kept outside the database.

Whoever holds a checkpoint can later prove the log still reaches that entry unchanged: cutting
the chain's tail loses the entry, rewriting it changes the hash, and the signature shows the
checkpoint itself was written by this installation.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, fields
from datetime import datetime
from typing import Any

FORMAT = "upstander-audit-checkpoint/1"


class CheckpointInvalid(ValueError):
    """The checkpoint file is unreadable, incomplete, or not signed by a known key."""


@dataclass(frozen=True)
class Checkpoint:
    sequence: int
    entry_hash: str
    signature: str
    key_id: str
    entry_created_at: str
    written_at: str

    def to_json(self) -> str:
        return json.dumps({"format": FORMAT, **asdict(self)}, indent=2) + "\n"

    @classmethod
    def from_json(cls, text: str) -> Checkpoint:
        try:
            data: Any = json.loads(text)
        except json.JSONDecodeError as error:
            raise CheckpointInvalid(f"not JSON: {error}") from error
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise CheckpointInvalid(f"not an audit checkpoint (format {FORMAT!r} expected)")
        try:
            # Exactly the fields to_json wrote (asdict), read back by name.
            checkpoint = cls(**{field.name: data[field.name] for field in fields(cls)})
        except KeyError as error:
            raise CheckpointInvalid(f"missing field {error}") from error
        if not isinstance(checkpoint.sequence, int) or checkpoint.sequence < 1:
            raise CheckpointInvalid("sequence must be a positive integer")
        for name in ("entry_hash", "signature", "key_id", "entry_created_at", "written_at"):
            if not isinstance(getattr(checkpoint, name), str):
                raise CheckpointInvalid(f"{name} must be a string")
        try:
            datetime.fromisoformat(checkpoint.written_at)
        except ValueError as error:
            raise CheckpointInvalid(f"written_at is not a date and time: {error}") from error
        return checkpoint
