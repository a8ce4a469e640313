"""Questions about the audit log: the chain's integrity, and an object's history."""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from django.db.models import Model, Q, QuerySet
from django.utils import timezone

from upstander.audit.chain import GENESIS_HASH, entry_digest, signature_valid
from upstander.audit.checkpoints import Checkpoint, CheckpointInvalid
from upstander.audit.keys import verification_keys
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


def audit_chain_verify(
    *, checkpoint: Checkpoint | None = None, batch_size: int = 2000
) -> ChainReport:
    """Walk the chain in order; report the first entry whose link, content or signature fails.

    An edited row fails its own hash; a deleted or inserted row breaks the sequence or the link;
    a row rewritten with recomputed hashes fails its signature, which needs a key the database
    does not hold. Only a checkpoint kept elsewhere shows that the tail was cut off, or that the
    whole chain was re-signed with a stolen key after the checkpoint was taken.

    Raises `CheckpointInvalid` when the checkpoint is not signed by a known key.
    """
    keys = verification_keys()
    if checkpoint is not None:
        checkpoint_key = keys.get(checkpoint.key_id)
        if checkpoint_key is None or not signature_valid(
            checkpoint_key, checkpoint.entry_hash, checkpoint.signature
        ):
            raise CheckpointInvalid("the checkpoint is not signed by a known audit signing key")
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
        digest = entry_digest(entry)
        if digest != entry.entry_hash:
            return ChainReport(
                checked, ChainBreak(entry.sequence, "content changed after it was written")
            )
        key = keys.get(entry.key_id)
        if key is None:
            return ChainReport(
                checked, ChainBreak(entry.sequence, "is unsigned or signed with an unknown key")
            )
        if not signature_valid(key, entry.entry_hash, entry.signature):
            return ChainReport(
                checked,
                ChainBreak(entry.sequence, "signature does not match: rewritten after signing"),
            )
        if (
            checkpoint is not None
            and entry.sequence == checkpoint.sequence
            and entry.entry_hash != checkpoint.entry_hash
        ):
            return ChainReport(
                checked,
                ChainBreak(entry.sequence, "differs from the checkpoint: history rewritten"),
            )
        expected_previous = entry.entry_hash
        expected_sequence += 1
        checked += 1
    if checkpoint is not None and checked < checkpoint.sequence:
        return ChainReport(
            checked,
            ChainBreak(
                checkpoint.sequence,
                f"the chain ends at #{checked} but the checkpoint holds #{checkpoint.sequence}: "
                "entries were cut off",
            ),
        )
    return ChainReport(checked, None)


def audit_checkpoint_current() -> Checkpoint | None:
    """The chain's newest entry as a checkpoint, or None while the log is empty."""
    head = AuditEntry.objects.order_by("-sequence").first()
    if head is None:
        return None
    return Checkpoint(
        sequence=head.sequence,
        entry_hash=head.entry_hash,
        signature=head.signature,
        key_id=head.key_id,
        entry_created_at=head.created_at.isoformat(timespec="microseconds"),
        written_at=timezone.now().isoformat(timespec="seconds"),
    )


def audit_history_for(target: Model) -> QuerySet[AuditEntry]:
    return AuditEntry.objects.filter(target_type=target._meta.label_lower, target_id=str(target.pk))


def _ids_named(entry: AuditEntry, target_type: str, keys: Collection[str]) -> set[int]:
    """The ids an entry names without targeting them one by one: in a list under one of `keys`
    (plain ids or {"id": ...}), in a comma-separated target ("1,2,3") of `target_type`, or as a
    purpose "<app>:<id>" (an opening for that row, e.g. "evidence:12")."""
    named: set[int] = set()
    if entry.target_type == target_type:
        named |= {int(part) for part in entry.target_id.split(",") if part.strip().isdigit()}
    details: dict[str, Any] = entry.details if isinstance(entry.details, dict) else {}
    for key in keys:
        for value in details.get(key) or []:
            found = value.get("id") if isinstance(value, dict) else value
            if isinstance(found, int) or (isinstance(found, str) and found.isdigit()):
                named.add(int(found))
    purpose = details.get("purpose")
    app = target_type.split(".", 1)[0]
    if isinstance(purpose, str) and (match := re.fullmatch(rf"{app}:(\d+)", purpose)):
        named.add(int(match.group(1)))
    return named


def audit_custody(
    target_type: str,
    ids: Collection[int],
    *,
    listed_by: Collection[str] = (),
    within: Collection[tuple[str, str]] = (),
    keys: Collection[str] = ("items",),
) -> dict[int, list[AuditEntry]]:
    """Each row's whole history in the log, oldest first: the entries that target it, and those
    that name it among others: any entry with a verb in `listed_by`, or on one of the `within`
    targets (type, id), that lists it under one of `keys`, in a comma-separated target, or as
    the purpose of an opening. For a chain of custody: every time the row was touched."""
    wanted = {int(pk) for pk in ids}
    by_id: dict[int, list[AuditEntry]] = {pk: [] for pk in wanted}
    if not wanted:
        return by_id
    query = Q(target_type=target_type, target_id__in=[str(pk) for pk in wanted])
    if listed_by:
        query |= Q(verb__in=list(listed_by))
    by_type: dict[str, set[str]] = {}
    for within_type, within_id in within:
        by_type.setdefault(within_type, set()).add(str(within_id))
    for within_type, within_ids in by_type.items():
        query |= Q(target_type=within_type, target_id__in=sorted(within_ids))
    for entry in AuditEntry.objects.filter(query).order_by("sequence"):
        if entry.target_type == target_type and entry.target_id.isdigit():
            named = {int(entry.target_id)}
        else:
            named = _ids_named(entry, target_type, keys)
        for pk in named & wanted:
            by_id[pk].append(entry)
    return by_id


def subject_access_activity(user_id: int) -> list[dict[str, Any]]:
    """For a subject access export: what this person did, as the log recorded it: the verb,
    when, and the kind of record. Not the record's id nor the details, which may name others
    (the people a case is about, the member a complaint was against)."""
    entries = AuditEntry.objects.filter(actor_user_id=user_id).order_by("sequence")
    return [
        {"action": verb, "at": at, "record_kind": target_type}
        for verb, at, target_type in entries.values_list("verb", "created_at", "target_type")
    ]
