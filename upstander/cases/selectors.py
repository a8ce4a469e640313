"""Questions about cases: the triage queue, one case's page, linked cases, dashboard counts."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.db.models import Count, F, Model, Q, QuerySet
from django.utils import timezone

from upstander.accounts.models import Member, User
from upstander.audit.models import AuditEntry
from upstander.blocking.selectors import RequestProgress, case_requests_progress
from upstander.cases.conf import reporter_update_days
from upstander.cases.models import (
    OPEN_STATES,
    Case,
    CaseAction,
    CaseMessage,
    CaseMessageKind,
    CaseMessageSender,
    CaseState,
    Consultation,
    OffendingAccount,
    Outcome,
    PendingBlock,
    PendingReferral,
    PendingStatus,
    PoliceReferral,
    SafetyAlert,
    Wish,
)
from upstander.core.prepared import PreparedQuery
from upstander.evidence.models import EvidenceItem
from upstander.reports.models import (
    LinkCapture,
    MessageSender,
    Report,
    ReportMessage,
    ReportPlatform,
    ReportStatus,
)
from upstander.reports.selectors import ReportLink, report_links

# Re-exported: services use them too, and services may not import selectors.
__all__ = ["case_evidence", "case_evidence_ids", "case_timeline"]

QUEUE_PAGE_SIZE = 25


def _evidence_ids_query(case_id: int, report_id: int) -> QuerySet[Any]:
    """The ids of the case's own evidence and its report's: a UNION of two indexed lookups
    (an OR across the two joins would scan every evidence item). `report_id` 0: no report."""
    own = Case.evidence.through.objects.filter(case_id=case_id).values_list("evidenceitem_id")
    reported = Report.evidence.through.objects.filter(report_id=report_id).values_list(
        "evidenceitem_id"
    )
    return own.union(reported)


def evidence_of_case_and_report(case_id: int, report_id: int) -> QuerySet[EvidenceItem]:
    """The case's own evidence and its report's, oldest first, in one query."""
    return EvidenceItem.objects.filter(pk__in=_evidence_ids_query(case_id, report_id)).order_by(
        "pk"
    )


def case_evidence_ids(case: Case) -> list[int]:
    """The case's own evidence and its report's."""
    return sorted({row[0] for row in _evidence_ids_query(case.pk, case.report_id or 0)})


def case_evidence(case: Case) -> list[EvidenceItem]:
    """The case's own evidence and its report's, oldest first, in one query."""
    return list(
        evidence_of_case_and_report(case.pk, case.report_id or 0).select_related("captured_by")
    )


def timeline_of_case(case_id: int) -> QuerySet[AuditEntry]:
    """What was done on the case (openings for reading are audited too, but not listed here)."""
    return (
        AuditEntry.objects.filter(target_type="cases.case", target_id=str(case_id))
        .exclude(verb="case.view")
        .order_by("sequence")
    )


def case_timeline(case: Case) -> list[AuditEntry]:
    return list(timeline_of_case(case.pk))


def evidence_homes(item_ids: list[int]) -> list[tuple[str, str]]:
    """Every case and report that holds any of these items, as audit targets (type, id): where
    the entries that add, open or pack them are written."""
    cases = Case.evidence.through.objects.filter(evidenceitem_id__in=item_ids)
    reports = Report.evidence.through.objects.filter(evidenceitem_id__in=item_ids)
    case_ids = sorted(set(cases.values_list("case_id", flat=True)))
    report_ids = sorted(set(reports.values_list("report_id", flat=True)))
    return [("cases.case", str(pk)) for pk in case_ids] + [
        ("reports.report", str(pk)) for pk in report_ids
    ]


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

    Only non-sensitive columns are loaded: the queue never decrypts a narrative. The assigned
    worker comes as `assignee_name` and `assignee_email`.
    """
    return _queue(
        state=state,
        category=category,
        assigned_to_id=assigned_to.pk if assigned_to is not None else None,
        unassigned=unassigned,
        overdue=overdue,
    )


_QUEUE_COLUMNS = (
    "pk", "state", "severity", "category", "targeted_characteristic", "platform", "created_at",
    "first_response_due", "first_response_at", "consultation_due", "consulted_at",
    "decision_due", "decided_at", "assigned_to",
)  # fmt: skip


def _queue(
    *,
    state: str | None,
    category: str | None,
    assigned_to_id: int | None,
    unassigned: bool,
    overdue: bool,
) -> QuerySet[Case]:
    # No state: every open case (used with the overdue filter from the dashboard).
    cases = (
        Case.objects.filter(state=state) if state else Case.objects.filter(state__in=OPEN_STATES)
    )
    if category is not None:
        cases = cases.filter(category=category)
    if assigned_to_id is not None:
        cases = cases.filter(assigned_to_id=assigned_to_id)
    if unassigned:
        cases = cases.filter(assigned_to__isnull=True)
    if overdue:
        cases = cases.filter(overdue_q())
    return (
        cases.only(*_QUEUE_COLUMNS)
        .annotate(
            assignee_name=F("assigned_to__display_name"), assignee_email=F("assigned_to__email")
        )
        .order_by("-severity", "created_at", "pk")
    )


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
    return _page(list(cases[start : start + QUEUE_PAGE_SIZE + 1]), number)


def _page(rows: list[Case], number: int) -> QueuePage:
    return QueuePage(rows[:QUEUE_PAGE_SIZE], max(1, number), len(rows) > QUEUE_PAGE_SIZE)


# The queue's filter shapes (which of state, category and worker are set; unassigned or not),
# each prepared on first use. The overdue filter compares with the clock: it stays a QuerySet.
_queue_shapes: dict[tuple[bool, bool, bool, bool], PreparedQuery[Case]] = {}


def _prepared_queue(
    has_state: bool, has_category: bool, has_worker: bool, unassigned: bool
) -> PreparedQuery[Case]:
    key = (has_state, has_category, has_worker, unassigned)
    if key not in _queue_shapes:

        def build(*args: Any) -> QuerySet[Case]:
            values = iter(args)
            return _queue(
                state=str(next(values)) if has_state else None,
                category=str(next(values)) if has_category else None,
                assigned_to_id=next(values) if has_worker else None,
                unassigned=unassigned,
                overdue=False,
            )

        arity = has_state + has_category + has_worker
        _queue_shapes[key] = PreparedQuery(build, arity=arity, paged=True)
    return _queue_shapes[key]


def triage_page(
    *,
    number: int,
    state: str | None = CaseState.NEW,
    category: str | None = None,
    assigned_to: User | None = None,
    unassigned: bool = False,
    overdue: bool = False,
) -> QueuePage:
    """One page of `triage_queue(...)`; the same rows, from a prepared query where it can."""
    if overdue:
        cases = triage_queue(
            state=state,
            category=category,
            assigned_to=assigned_to,
            unassigned=unassigned,
            overdue=True,
        )
        return queue_page(cases, number)
    query = _prepared_queue(
        state is not None, category is not None, assigned_to is not None, unassigned
    )
    args: list[Any] = [value for value in (state, category) if value is not None]
    if assigned_to is not None:
        args.append(assigned_to.pk)
    start = (max(1, number) - 1) * QUEUE_PAGE_SIZE
    return _page(query(*args, limit=QUEUE_PAGE_SIZE + 1, offset=start), number)


_reports_awaiting_case = PreparedQuery(
    lambda: (
        Report.objects.filter(status=ReportStatus.RECEIVED)
        .only("pk", "created_at", "platform", "target_kind", "urgent", "source")
        .order_by("-urgent", "created_at", "pk")
    ),
    arity=0,
    paged=True,
)


def reports_awaiting_case(limit: int = 50) -> list[Report]:
    """New reports nobody has opened a case for yet (a case moves its report on from
    `received`): urgent first, then oldest, from the partial index report_awaiting_case."""
    return _reports_awaiting_case(limit=limit)


# The rows a case page shows, each a fixed-shape lookup by id, compiled to SQL once per
# process: on every opening, compiling a dozen lookups cost more than running them.
_case_by_id = PreparedQuery(lambda pk: Case.objects.filter(pk=pk).order_by())
_report_by_id = PreparedQuery(lambda pk: Report.objects.filter(pk=pk).order_by())
_case_consultations = PreparedQuery(lambda case_id: Consultation.objects.filter(case_id=case_id))
_case_actions = PreparedQuery(lambda case_id: CaseAction.objects.filter(case_id=case_id))
_case_police_referrals = PreparedQuery(
    lambda case_id: PoliceReferral.objects.filter(case_id=case_id)
)
_case_pending_blocks = PreparedQuery(lambda case_id: PendingBlock.objects.filter(case_id=case_id))
_case_pending_referrals = PreparedQuery(
    lambda case_id: PendingReferral.objects.filter(case_id=case_id)
)
_case_accounts = PreparedQuery(lambda case_id: OffendingAccount.objects.filter(case_id=case_id))
_report_messages = PreparedQuery(
    lambda report_id: ReportMessage.objects.filter(report_id=report_id).order_by("created_at", "pk")
)
_report_link_captures = PreparedQuery(
    lambda report_id: LinkCapture.objects.filter(report_id=report_id)
)
_case_evidence = PreparedQuery(evidence_of_case_and_report, arity=2)
_case_timeline = PreparedQuery(timeline_of_case)


def case_for_page(pk: int) -> Case | None:
    """The case with its report (the people they name come with `case_page`)."""
    found = _case_by_id(pk)
    if not found:
        return None
    case = found[0]
    if case.report_id is not None:
        case.report = _report_by_id(case.report_id)[0]
    return case


@dataclass(frozen=True)
class PendingBlockRow:
    """A block the person asked for, and where the blocklist has got with it."""

    block: PendingBlock
    progress: RequestProgress | None


def pending_block_rows(blocks: list[PendingBlock]) -> list[PendingBlockRow]:
    progress = case_requests_progress([block.blocklist_ref for block in blocks])
    return [PendingBlockRow(block, progress.get(block.blocklist_ref)) for block in blocks]


@dataclass(frozen=True)
class CasePage:
    """Everything one case's page shows beside the case and its report."""

    evidence: list[EvidenceItem]
    accounts: list[OffendingAccount]
    linked: list[Case]
    consultations: list[Consultation]
    actions: list[CaseAction]
    police_referrals: list[PoliceReferral]
    pending_blocks: list[PendingBlockRow]
    pending_referrals: list[PendingReferral]
    report_messages: list[ReportMessage]
    report_links: list[ReportLink]
    update_due: bool
    timeline: list[AuditEntry]


def case_page(case: Case) -> CasePage:
    """The case page's lists: one prepared query each, then the people and members that the
    case, its report and the lists name, in one query each (in place of a join per list)."""
    accounts = _case_accounts(case.pk)
    messages = _report_messages(case.report_id) if case.report_id else []
    page = CasePage(
        evidence=_case_evidence(case.pk, case.report_id or 0),  # 0: no report
        accounts=accounts,
        linked=linked_cases(case, accounts),
        consultations=_case_consultations(case.pk),
        actions=_case_actions(case.pk),
        police_referrals=_case_police_referrals(case.pk),
        pending_blocks=pending_block_rows(_case_pending_blocks(case.pk)),
        pending_referrals=_case_pending_referrals(case.pk),
        report_messages=messages,
        report_links=report_links(case.report, _report_link_captures(case.report.pk))
        if case.report
        else [],
        update_due=reporter_update_due(case, messages),
        timeline=_case_timeline(case.pk),
    )
    _attach(
        User,
        [
            (case, "assigned_to"),
            (case, "protected_person"),
            *([(case.report, "reporter")] if case.report else []),
            *((item, "captured_by") for item in page.evidence),
            *((row, "recorded_by") for row in page.consultations),
            *((row, "taken_by") for row in page.actions),
        ],
    )
    _attach(
        Member,
        [
            *((account, "member") for account in page.accounts),
            *((referral, "member") for referral in page.pending_referrals),
        ],
    )
    return page


_by_id: dict[type[Model], PreparedQuery[Any]] = {
    User: PreparedQuery(lambda pk: User.objects.filter(pk=pk).order_by()),
    Member: PreparedQuery(lambda pk: Member.objects.filter(pk=pk).order_by()),
}


def _attach(model: type[Model], rows: list[tuple[Model, str]]) -> None:
    """Fill each row's foreign key `field` with its object: a prepared lookup each for the
    usual one to three people, one IN query for more."""
    wanted = {getattr(row, f"{field}_id") for row, field in rows} - {None}
    if len(wanted) <= 3:
        found = {pk: obj for pk in wanted for obj in _by_id[model](pk)}
    else:
        found = model._default_manager.in_bulk(wanted)
    for row, field in rows:
        key = getattr(row, f"{field}_id")
        if key in found:
            setattr(row, field, found[key])


def _cases_naming(accounts: Q, case_id: int) -> QuerySet[Case]:
    """The 20 newest other cases naming one of `accounts` (index offending_account_lookup)."""
    others = (
        OffendingAccount.objects.filter(accounts)
        .exclude(case_id=case_id)
        .order_by("-case_id")
        .values("case_id")[:20]
    )
    return (
        Case.objects.filter(pk__in=others)
        .only("pk", "state", "severity", "category", "created_at")
        .order_by("-created_at")
    )


# Most cases name one account: that shape is prepared (see case_page below).
_cases_naming_one = PreparedQuery(
    lambda case_id, platform, handle: _cases_naming(
        Q(platform=str(platform), handle=str(handle)), case_id
    ),
    arity=3,
)


def linked_cases(case: Case, accounts: list[OffendingAccount] | None = None) -> list[Case]:
    """Other cases naming one of this case's offending accounts.

    `accounts`: the case's offending accounts where the caller has them loaded already.
    """
    if accounts is None:
        accounts = list(case.offending_accounts.only("platform", "handle"))
    if not accounts:
        return []
    if len(accounts) == 1:
        return _cases_naming_one(case.pk, accounts[0].platform, accounts[0].handle)
    same = Q()
    for account in accounts:
        same |= Q(platform=account.platform, handle=account.handle)
    return list(_cases_naming(same, case.pk))


def reporter_update_due(case: Case, messages: list[ReportMessage] | None = None) -> bool:
    """An open case whose reporter has not heard from us for REPORTER_UPDATE_DAYS.

    `messages`: the report's messages where the caller has them loaded already.
    """
    if case.report_id is None or case.state == CaseState.CLOSED:
        return False
    cutoff = timezone.now() - timedelta(days=reporter_update_days())
    if case.created_at > cutoff:
        return False
    if messages is not None:
        return not any(
            message.sender == MessageSender.STAFF and message.created_at >= cutoff
            for message in messages
        )
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


@dataclass(frozen=True)
class SafetyAlertRow:
    """One unacknowledged safety alert for the dashboard banner."""

    alert: SafetyAlert
    reference: str
    raised_at: datetime
    leads_mailed: int  # the mail server took the mail
    leads_alerted: int
    mail_failed: int  # given up after the last try


def safety_alerts_unacknowledged() -> list[SafetyAlertRow]:
    """Critical safety reports no lead has acknowledged yet, oldest first, with how many of the
    leads' mails have actually left (read from the mail queue, not assumed)."""
    alerts = (
        SafetyAlert.objects.filter(acknowledged_at__isnull=True)
        .select_related("case")
        .annotate(
            leads_alerted=Count("mails"),
            leads_mailed=Count("mails", filter=Q(mails__mail__sent_at__isnull=False)),
            mail_failed=Count(
                "mails",
                filter=Q(mails__mail__failed_at__isnull=False) | Q(mails__mail__isnull=True),
            ),
        )
        .order_by("raised_at", "pk")
    )
    return [
        SafetyAlertRow(
            alert=alert,
            reference=alert.case.reference,
            raised_at=alert.raised_at,
            leads_mailed=alert.leads_mailed,
            leads_alerted=alert.leads_alerted,
            mail_failed=alert.mail_failed,
        )
        for alert in alerts
    ]


def safety_alert_sent(alert: SafetyAlert) -> bool:
    """Every lead's mail has left (accepted by the mail server)."""
    mails = alert.mails.all()
    return (
        mails.exists()
        and not mails.filter(Q(mail__isnull=True) | Q(mail__sent_at__isnull=True)).exists()
    )


# --- "Your cases": what the person targeted (and a signed-in reporter) sees -------------------
# Plain words, no staff jargon, no staff names beyond the case worker's display name, and only
# the person's own cases (need-to-know). Notes, reasons and the people named stay on the staff
# page; a member's membership is never implied by naming the account that was referred.

STAGE_IN_PLAIN_WORDS: dict[str, str] = {
    CaseState.NEW: "We have it. A case worker will pick it up soon.",
    CaseState.TRIAGED: "A case worker has read it and will talk with you about what you want.",
    CaseState.CONSULTING: "Your case worker is talking with you about what you want to happen.",
    CaseState.ACTION: "We are doing what was agreed with you.",
    CaseState.CLOSED: "Closed.",
}

ACTED_AGAINST_WISHES_IN_PLAIN_WORDS = (
    "We are acting on your case. Your case worker will explain what we did and why."
)

ACTION_IN_PLAIN_WORDS: dict[str, str] = {
    Wish.RECORD_ONLY: "We recorded what happened.",
    Wish.BLOCK: "We asked for the account(s) to be blocked.",
    Wish.PLATFORM_REPORT: "We reported it to the platform.",
    Wish.DISCIPLINARY: "We made a complaint under the party's disciplinary procedure.",
    Wish.POLICE: "We reported it to the police.",
    Wish.PUBLIC_STATEMENT: "We made a public statement.",
    Wish.SUPPORT: "We arranged support for you.",
}

BLOCK_PROGRESS_IN_PLAIN_WORDS: dict[str, str] = {
    PendingStatus.PENDING: "being arranged",
    PendingStatus.FULFILLED: "done",
    PendingStatus.CANCELLED: "stopped",
}


@dataclass(frozen=True)
class ThreadMessage:
    """One message as its reader sees it: who wrote it (in their words), when, and what."""

    label: str
    body: str
    created_at: datetime
    wishes_change: bool = False


@dataclass(frozen=True)
class OwnCase:
    """One of a person's own cases, in plain words."""

    case: Case
    as_person_targeted: bool
    stage: str
    case_worker: str
    done: list[tuple[datetime, str]]
    next_check_in: date | None
    messages: list[ThreadMessage]


def _own_case_ids(user: User) -> QuerySet[Case, Any]:
    # Two indexed look-ups joined by UNION. One OR across the report join cannot use either
    # index, so the database read every case and report: 155 ms for each account page at
    # 100,000 cases (bench.cases' floor page), for everyone, staff or not.
    targeted = Case.objects.filter(protected_person=user).values("pk").order_by()
    reported = Case.objects.filter(report__reporter=user).values("pk").order_by()
    return targeted.union(reported)


def own_cases(user: User) -> QuerySet[Case]:
    """The cases where this person is the person targeted or the signed-in reporter."""
    return (
        Case.objects.filter(pk__in=_own_case_ids(user))
        .select_related("assigned_to")
        .order_by("-created_at", "-pk")
    )


def has_own_cases(user: User) -> bool:
    return own_cases(user).exists()


def case_worker_name(case: Case) -> str:
    worker = case.assigned_to
    if worker is None:
        return "Not yet assigned"
    return worker.display_name or "Your case worker"


def stage_in_plain_words(case: Case) -> str:
    if case.state == CaseState.CLOSED and case.outcome:
        return f"Closed: {Outcome(case.outcome).label.lower()}."
    # "What was agreed with you" is untrue once a lead has acted against the person's wishes
    # (the list of what was done says so, just below): say what is true, and who explains.
    if (
        case.state == CaseState.ACTION
        and CaseAction.objects.filter(case=case, against_wishes=True).exists()
    ):
        return ACTED_AGAINST_WISHES_IN_PLAIN_WORDS
    return STAGE_IN_PLAIN_WORDS[case.state]


def next_check_in(case: Case) -> date | None:
    latest = Consultation.objects.filter(case=case).order_by("-recorded_at", "-pk").first()
    return latest.next_check_in if latest else None


def _done_in_plain_words(case: Case) -> list[tuple[datetime, str]]:
    done: list[tuple[datetime, str]] = []
    for action in CaseAction.objects.filter(case=case).order_by("taken_at", "pk"):
        words = ACTION_IN_PLAIN_WORDS[action.kind]
        if action.against_wishes:
            words += " This went beyond what you asked, to keep someone safe."
        done.append((action.taken_at, words))
    for block in PendingBlock.objects.filter(case=case).order_by("requested_at", "pk"):
        platform = dict(ReportPlatform.choices).get(block.platform, "")
        where = f" on {platform}" if platform else ""
        progress = BLOCK_PROGRESS_IN_PLAIN_WORDS[block.status]
        done.append((block.requested_at, f"A block{where}: {progress}."))
    for referral in PendingReferral.objects.filter(case=case).order_by("requested_at", "pk"):
        if referral.status != PendingStatus.CANCELLED:
            done.append((referral.requested_at, "Passed to the party's disciplinary procedure."))
    for police in PoliceReferral.objects.filter(case=case).order_by("recorded_at", "pk"):
        reference = f", crime reference {police.crime_reference}" if police.crime_reference else ""
        done.append((police.recorded_at, f"Reported to {police.force}{reference}."))
    return sorted(done, key=lambda entry: entry[0])


def _staff_label_for_reader(case: Case, author_id: int | None) -> str:
    if author_id is not None and author_id == case.assigned_to_id:
        return case_worker_name(case)
    return "The case team"


def own_thread(case: Case, *, as_person_targeted: bool) -> list[ThreadMessage]:
    """The person targeted's thread with the case worker, or the reporter's on their report."""
    messages: Iterable[CaseMessage | ReportMessage]
    if as_person_targeted:
        messages = CaseMessage.objects.filter(case=case).order_by("created_at", "pk")
        own_side: str = CaseMessageSender.PERSON_TARGETED
    elif case.report_id is not None:
        messages = ReportMessage.objects.filter(report_id=case.report_id).order_by(
            "created_at", "pk"
        )
        own_side = MessageSender.REPORTER
    else:
        return []
    return [
        ThreadMessage(
            label="You"
            if message.sender == own_side
            else _staff_label_for_reader(case, message.author_id),
            body=message.body,
            created_at=message.created_at,
            wishes_change=isinstance(message, CaseMessage)
            and message.kind == CaseMessageKind.WISHES_CHANGE,
        )
        for message in messages
    ]


def own_case(user: User, pk: int) -> OwnCase | None:
    """One of this person's own cases, or None (someone else's case is not theirs to see)."""
    case = own_cases(user).filter(pk=pk).select_related("report").first()
    if case is None:
        return None
    as_person_targeted = case.protected_person_id == user.pk
    return OwnCase(
        case=case,
        as_person_targeted=as_person_targeted,
        stage=stage_in_plain_words(case),
        case_worker=case_worker_name(case),
        done=_done_in_plain_words(case),
        next_check_in=next_check_in(case) if as_person_targeted else None,
        messages=own_thread(case, as_person_targeted=as_person_targeted),
    )


# --- The staff page's threads: "You" only for the reader's own messages -----------------------


def _staff_label_for_staff(author: User | None, viewer: User) -> str:
    if author is not None and author.pk == viewer.pk:
        return "You"
    if author is not None and author.display_name:
        return author.display_name
    return "Case worker"


def reporter_thread_for_staff(
    case: Case, messages: list[ReportMessage], viewer: User
) -> list[ThreadMessage]:
    """The report's thread as a case worker reads it: the reporter is "Reporter" (or "Person
    targeted" when they reported for themselves), and "You" is only the reader's own."""
    reporter_id = case.report.reporter_id if case.report is not None else None
    self_report = reporter_id is not None and reporter_id == case.protected_person_id
    reporter_label = "Person targeted" if self_report else "Reporter"
    authors = {u.pk: u for u in User.objects.filter(pk__in={m.author_id for m in messages})}
    return [
        ThreadMessage(
            label=reporter_label
            if message.sender == MessageSender.REPORTER
            else _staff_label_for_staff(authors.get(message.author_id or 0), viewer),
            body=message.body,
            created_at=message.created_at,
        )
        for message in messages
    ]


def person_targeted_thread_for_staff(case: Case, viewer: User) -> list[ThreadMessage]:
    messages = list(
        CaseMessage.objects.filter(case=case).select_related("author").order_by("created_at", "pk")
    )
    return [
        ThreadMessage(
            label="Person targeted"
            if message.sender == CaseMessageSender.PERSON_TARGETED
            else _staff_label_for_staff(message.author, viewer),
            body=message.body,
            created_at=message.created_at,
            wishes_change=message.kind == CaseMessageKind.WISHES_CHANGE,
        )
        for message in messages
    ]


@dataclass(frozen=True)
class OwnCaseRow:
    case: Case
    stage: str
    case_worker: str
    next_check_in: date | None


def own_case_rows(user: User) -> list[OwnCaseRow]:
    return [
        OwnCaseRow(
            case=case,
            stage=stage_in_plain_words(case),
            case_worker=case_worker_name(case),
            next_check_in=next_check_in(case) if case.protected_person_id == user.pk else None,
        )
        for case in own_cases(user)
    ]
