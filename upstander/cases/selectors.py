"""Questions about cases: the triage queue, one case's page, linked cases, dashboard counts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Q, QuerySet
from django.utils import timezone

from upstander.accounts.models import User
from upstander.cases.conf import reporter_update_days
from upstander.cases.lookups import case_evidence, case_evidence_ids, case_timeline
from upstander.cases.models import (
    OPEN_STATES,
    Case,
    CaseState,
    Consultation,
    OffendingAccount,
)
from upstander.reports.models import MessageSender, Report, ReportMessage, ReportStatus

# Re-exported: services use them too, and services may not import selectors.
__all__ = ["case_evidence", "case_evidence_ids", "case_timeline"]

QUEUE_PAGE_SIZE = 25


def overdue_q(now: datetime | None = None) -> Q:
    """A stage deadline passed before its milestone was reached (open cases only)."""
    when = now or timezone.now()
    return Q(state__in=OPEN_STATES) & (
        Q(first_response_at__isnull=True, first_response_due__lt=when)
        | Q(consulted_at__isnull=True, consultation_due__lt=when)
        | Q(decided_at__isnull=True, decision_due__lt=when, state__in=OPEN_STATES)
    )


def triage_queue(
    *,
    state: str | None = CaseState.NEW,
    category: str | None = None,
    assigned_to: User | None = None,
    unassigned: bool = False,
    overdue: bool = False,
) -> QuerySet[Case]:
    """Cases in one state, most severe first, then oldest (index case_triage_queue).

    Only non-sensitive columns are loaded: the queue never decrypts a narrative.
    """
    cases = Case.objects.select_related("assigned_to")
    # No state: every open case (used with the overdue filter from the dashboard).
    cases = cases.filter(state=state) if state else cases.filter(state__in=OPEN_STATES)
    if category is not None:
        cases = cases.filter(category=category)
    if assigned_to is not None:
        cases = cases.filter(assigned_to=assigned_to)
    if unassigned:
        cases = cases.filter(assigned_to__isnull=True)
    if overdue:
        cases = cases.filter(overdue_q())
    return cases.only(
        "pk", "state", "severity", "category", "targeted_characteristic", "platform",
        "created_at", "first_response_due", "first_response_at", "consultation_due",
        "consulted_at", "decision_due", "decided_at", "assigned_to__display_name",
        "assigned_to__email",
    ).order_by("-severity", "created_at", "pk")  # fmt: skip


@dataclass(frozen=True)
class QueuePage:
    """One page of the queue. No COUNT(*): the queue may hold 100,000 cases, and a case
    worker needs the next 25, not the total."""

    cases: list[Case]
    number: int
    has_next: bool

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def next_page_number(self) -> int:
        return self.number + 1

    @property
    def previous_page_number(self) -> int:
        return self.number - 1


def queue_page(cases: QuerySet[Case], number: int) -> QueuePage:
    """Rows `(number-1)*25 ..` of the ordered queue, fetching one extra to know if more follow."""
    start = (max(1, number) - 1) * QUEUE_PAGE_SIZE
    rows = list(cases[start : start + QUEUE_PAGE_SIZE + 1])
    return QueuePage(rows[:QUEUE_PAGE_SIZE], max(1, number), len(rows) > QUEUE_PAGE_SIZE)


def reports_awaiting_case(limit: int = 50) -> list[Report]:
    """New reports nobody has opened a case for yet (a case moves its report on from
    `received`): urgent first, then oldest, from the partial index report_awaiting_case."""
    return list(
        Report.objects.filter(status=ReportStatus.RECEIVED)
        .only("pk", "created_at", "platform", "target_kind", "urgent", "source")
        .order_by("-urgent", "created_at", "pk")[:limit]
    )


def case_page_queryset() -> QuerySet[Case]:
    """A case with the rows its page shows beside it (report, people) in one query."""
    return Case.objects.select_related("report", "protected_person", "assigned_to")


def case_consultations(case: Case) -> list[Consultation]:
    return list(case.consultations.select_related("recorded_by"))


def linked_cases(case: Case) -> list[Case]:
    """Other cases naming one of this case's offending accounts (index offending_account_lookup)."""
    pairs = list(case.offending_accounts.values_list("platform", "handle"))
    if not pairs:
        return []
    same = Q()
    for platform, handle in pairs:
        same |= Q(platform=platform, handle=handle)
    others = (
        OffendingAccount.objects.filter(same)
        .exclude(case_id=case.pk)
        .order_by("-case_id")
        .values_list("case_id", flat=True)[:20]
    )
    return list(
        Case.objects.filter(pk__in=list(others))
        .only("pk", "state", "severity", "category", "created_at")
        .order_by("-created_at")
    )


def reporter_update_due(case: Case) -> bool:
    """An open case whose reporter has not heard from us for REPORTER_UPDATE_DAYS."""
    if case.report_id is None or case.state == CaseState.CLOSED:
        return False
    cutoff = timezone.now() - timedelta(days=reporter_update_days())
    if case.created_at > cutoff:
        return False
    return not ReportMessage.objects.filter(
        report_id=case.report_id, sender=MessageSender.STAFF, created_at__gte=cutoff
    ).exists()


def cases_of_worker(user: User) -> QuerySet[Case]:
    return Case.objects.filter(assigned_to=user, state__in=OPEN_STATES).order_by(
        "-severity", "created_at"
    )


@dataclass(frozen=True)
class CaseCounts:
    new: int
    overdue: int
    awaiting_case: int


def case_counts_for_dashboard() -> CaseCounts:
    return CaseCounts(
        new=Case.objects.filter(state=CaseState.NEW).count(),
        overdue=Case.objects.filter(overdue_q()).count(),
        awaiting_case=Report.objects.filter(status=ReportStatus.RECEIVED).count(),
    )
