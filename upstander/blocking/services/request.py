"""What a request for a block names, carried as one value from the edge to the entry row."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from upstander.blocking.models import Source


@dataclass(frozen=True, kw_only=True)
class BlockRequest:
    """The account, why it should be blocked, the evidence behind it, and where the ask came
    from. Passed whole through the request, hand-over and referral steps, so each step reads
    the fields it needs instead of every step repeating the list."""

    platform: str
    account_id: str
    handle: str = ""
    reason: str
    evidence_ids: list[int]
    case_id: int | None = None
    source: str = Source.MANUAL
    source_ref: str = ""
    first_seen_at: datetime | None = None
    expires_at: datetime | None = None
    report_to_platform: bool = False
