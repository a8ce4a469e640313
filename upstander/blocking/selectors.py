"""Questions about the blocklist: lists for pages, one block's deliveries, time-to-block."""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone

from upstander.accounts.models import User
from upstander.blocking.models import (
    HANDOVER_OPEN,
    Action,
    BlockEntry,
    BlockHandover,
    BlockingAccount,
    Delivery,
    DeliveryState,
    EntryStatus,
    Source,
)

_person_blocks = Q(deliveries__action=Action.BLOCK, deliveries__account__isnull=False)


def blocklist(*, status: str = "", search: str = "") -> QuerySet[BlockEntry]:
    entries = (
        BlockEntry.objects.select_related("requested_by", "decided_by", "personal_for")
        .annotate(
            delivered=Count("deliveries", filter=_person_blocks & Q(deliveries__state="confirmed")),
            failed=Count("deliveries", filter=_person_blocks & Q(deliveries__state="failed")),
            deliveries_total=Count("deliveries", filter=_person_blocks),
        )
        .order_by("-requested_at", "-pk")
    )
    if status:
        entries = entries.filter(status=status)
    if search:
        term = search.strip().lstrip("@")
        entries = entries.filter(Q(handle__icontains=term) | Q(account_id=term))
    return entries


def entry_detail(pk: int) -> BlockEntry:
    return BlockEntry.objects.select_related(
        "requested_by", "decided_by", "unblocked_by", "personal_for"
    ).get(pk=pk)


def entry_deliveries(entry: BlockEntry) -> list[Delivery]:
    return list(
        entry.deliveries.select_related("account", "account__person", "party_list").order_by(
            "action", "pk"
        )
    )


@dataclass(frozen=True)
class DeliverySummary:
    total: int
    confirmed: int
    open: int
    failed: int

    @property
    def settled(self) -> bool:
        return self.open == 0


def delivery_summary(deliveries: list[Delivery], action: str) -> DeliverySummary:
    """Counts per protected person's account (the party list's own delivery is not one)."""
    mine = [d for d in deliveries if d.action == action and d.account_id is not None]
    return DeliverySummary(
        total=len(mine),
        confirmed=sum(d.state == DeliveryState.CONFIRMED for d in mine),
        open=sum(d.state in (DeliveryState.QUEUED, DeliveryState.SENT) for d in mine),
        failed=sum(d.state == DeliveryState.FAILED for d in mine),
    )


def entry_progress(entry: BlockEntry, *, delivered: int, total: int) -> str:
    """Where a block stands, in words: approved is not blocked until something is delivered."""
    if entry.status == EntryStatus.REQUESTED:
        return "On the blocklist, waiting for approval"
    if entry.status == EntryStatus.REFUSED:
        return f"Refused: {entry.refusal_reason}"
    if entry.status == EntryStatus.UNBLOCKED:
        return "Unblocked"
    if not delivered:
        return "Approved, not yet delivered to anyone"
    return f"Blocked on {delivered} of {total} accounts"


@dataclass(frozen=True)
class RequestProgress:
    """What became of a block request handed over by another app (a case)."""

    label: str
    detail: str = ""
    next_attempt_at: datetime | None = None
    handover: BlockHandover | None = None
    entry_id: int | None = None


def case_requests_progress(source_refs: list[str]) -> dict[str, RequestProgress]:
    """Each case request's blocklist entry, or its hand-over still waiting (two queries)."""
    if not source_refs:
        return {}
    found: dict[str, RequestProgress] = {}
    for handover in BlockHandover.objects.filter(source_ref__in=source_refs):
        found[handover.source_ref] = RequestProgress(
            label=handover.get_state_display(),
            detail=handover.last_error,
            next_attempt_at=handover.next_attempt_at,
            handover=handover if handover.is_open else None,
        )
    for entry in blocklist().filter(source=Source.CASE, source_ref__in=source_refs):
        found[entry.source_ref] = RequestProgress(
            label=entry_progress(
                entry,
                delivered=entry.delivered,  # type: ignore[attr-defined]
                total=entry.deliveries_total,  # type: ignore[attr-defined]
            ),
            entry_id=entry.pk,
        )
    return found


def open_handovers() -> QuerySet[BlockHandover]:
    """Requests the blocklist could not take yet, the ones needing a person first."""
    return (
        BlockHandover.objects.filter(state__in=HANDOVER_OPEN)
        .select_related("requested_by")
        .order_by(F("next_attempt_at").asc(nulls_first=True), "pk")
    )


def accounts_of(person: User) -> QuerySet[BlockingAccount]:
    return BlockingAccount.objects.filter(person=person, revoked_at__isnull=True).order_by(
        "platform", "handle"
    )


def waiting_for_approval() -> int:
    return BlockEntry.objects.filter(status=EntryStatus.REQUESTED).count()


@dataclass(frozen=True)
class WeekFigures:
    week: date  # the Monday
    blocks: int
    median_s: float
    p90_s: float


def _percentile(sorted_values: list[float], fraction: float) -> float:
    """Nearest-rank percentile (the value below which `fraction` of the blocks fall)."""
    rank = max(1, math.ceil(fraction * len(sorted_values)))
    return sorted_values[rank - 1]


def time_to_block_weekly(*, weeks: int = 12, now: datetime | None = None) -> list[WeekFigures]:
    """Median and 90th percentile of time-to-block per week (by week of completion), newest
    first: from the first abusive post's arrival (or the report) to the last confirmation."""
    now = now or timezone.now()
    since = now - timedelta(weeks=weeks)
    rows = BlockEntry.objects.filter(
        completed_at__isnull=False, completed_at__gte=since, scope="party"
    ).values_list("first_seen_at", "completed_at")
    by_week: dict[date, list[float]] = defaultdict(list)
    for first_seen, completed in rows:
        if completed is None:
            continue
        local = timezone.localdate(completed)
        monday = local - timedelta(days=local.weekday())
        by_week[monday].append((completed - first_seen).total_seconds())
    out = []
    for monday in sorted(by_week, reverse=True):
        values = sorted(by_week[monday])
        out.append(
            WeekFigures(
                week=monday,
                blocks=len(values),
                median_s=_percentile(values, 0.5),
                p90_s=_percentile(values, 0.9),
            )
        )
    return out


def subject_access_blocking_accounts(person: User) -> list[dict[str, Any]]:
    """For a subject access export: the accounts they connected for blocking, current or
    revoked, with their consent; never the credential."""
    accounts = BlockingAccount.objects.filter(person=person).order_by("consent_given_at", "pk")
    return [
        {
            "platform": account.get_platform_display(),
            "handle": account.handle,
            "account_id": account.account_id,
            "service_url": account.service_url,
            "method": account.get_method_display(),
            "consent_statement": account.consent_statement,
            "consent_given_at": account.consent_given_at,
            "revoked_at": account.revoked_at,
        }
        for account in accounts
    ]
