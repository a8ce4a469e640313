"""Questions about the audit log: the chain's integrity, and an object's history."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Model, QuerySet

from upstander.audit.chain import GENESIS_HASH, entry_digest
from upstander.audit.models import AuditEntry


@dataclass(frozen=True)
class ChainBreak:
    sequence: int
    reason: str


@dataclass(frozen=True)
class ChainReport:
    entries_checked: int
    first_break: ChainBreak | None

    @property
    def intact(self) -> bool:
        return self.first_break is None


def audit_chain_verify(*, batch_size: int = 2000) -> ChainReport:
    """Walk the chain in order; report the first entry whose link or content does not hold.

    An edited row fails its own hash; a deleted or inserted row breaks the sequence or the link.
    """
    expected_previous = GENESIS_HASH
    expected_sequence = 1
    checked = 0
    for entry in AuditEntry.objects.order_by("sequence").iterator(chunk_size=batch_size):
        if entry.sequence != expected_sequence:
            return ChainReport(
                checked,
                ChainBreak(
                    entry.sequence,
                    f"sequence jumps from {expected_sequence - 1} to {entry.sequence}",
                ),
            )
        if entry.previous_hash != expected_previous:
            return ChainReport(
                checked, ChainBreak(entry.sequence, "does not link to the entry before it")
            )
        digest = entry_digest(
            sequence=entry.sequence,
            created_at=entry.created_at,
            actor_label=entry.actor_label,
            verb=entry.verb,
            target_type=entry.target_type,
            target_id=entry.target_id,
            details=entry.details,
            previous_hash=entry.previous_hash,
        )
        if digest != entry.entry_hash:
            return ChainReport(
                checked, ChainBreak(entry.sequence, "content changed after it was written")
            )
        expected_previous = entry.entry_hash
        expected_sequence += 1
        checked += 1
    return ChainReport(checked, None)


def audit_history_for(target: Model) -> QuerySet[AuditEntry]:
    return AuditEntry.objects.filter(target_type=target._meta.label_lower, target_id=str(target.pk))
