"""Retention: closed cases, and reports that never became a case, are minimised after
CASE_RETENTION_DAYS, with a warning to the safeguarding leads CASE_RETENTION_WARNING_DAYS before.

A case's clock starts when it closes (reopening it stops the clock). A report no case was opened
for (left in the triage queue) has no closing: its clock starts when it was last touched (when
it came in, or when the reporter last wrote or added evidence), so a reporter who writes again
sets it back and the leads are warned again. Opening a case from the report stops its clock: it
then goes with its case. A message from the party mailbox that could not become a report (set
aside, kept as evidence for the leads to read) loses its bytes CASE_RETENTION_DAYS after it
arrived; its row, reason and hash stay.

What stays: the statistics columns (dates, state, category, characteristic, platform, outcome,
severity), the evidence records and their hashes, and the audit chain. What goes: narratives,
notes (a lead's safeguarding reasons too), contact details, messages, and the bytes of uploaded
files and pasted text that no other case or report still holds, and that no open disciplinary
proceeding or referral, nor a block waiting or in force, still relies on. Posts captured from
platforms stay (they are public and may be shared).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, F, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone

from upstander import audit
from upstander.accounts.models import Role, User
from upstander.accounts.permissions import require_role
from upstander.accounts.selectors import safeguarding_lead_emails
from upstander.blocking.models import BlockEntry, EntryStatus
from upstander.cases.conf import retention_days, retention_warning_days
from upstander.cases.models import Case, CaseState
from upstander.cases.selectors import case_evidence
from upstander.core.mail import mail_queue_on_commit
from upstander.discipline.selectors import evidence_discipline_relies_on
from upstander.evidence.models import EvidenceItem, EvidenceKind
from upstander.evidence.services import evidence_content_purge
from upstander.reports.models import (
    MailboxMessage,
    MailboxMessageStatus,
    Report,
    ReportMessage,
    ReportStatus,
)
from upstander.reports.services import report_details_remove, report_status_set

MINIMISED_REASON = "(removed when the case was minimised)"


@dataclass(frozen=True)
class RetentionRun:
    warned: list[int]
    minimised: list[int]
    reports_warned: list[int]
    reports_minimised: list[int]
    mailbox_purged: list[int]


def _warning_given(
    actor: User | None, kind: tuple[str, str], due: list[int], *, subject: str, body: str
) -> None:
    """Audit a retention warning (`<things>.retention_warning`, with the ids) and mail it to
    the leads when the transaction commits."""
    model, things = kind
    audit.record(
        actor,
        f"{things}.retention_warning",
        (model, f"{len(due)} {things}"),
        {things: due, "by": "system" if actor is None else "person"},
    )
    mail_queue_on_commit(
        to=safeguarding_lead_emails(), subject=f"[{settings.PARTY_NAME}] {subject}", body=body
    )


@transaction.atomic
def cases_retention_warn(actor: User | None, *, now: datetime | None = None) -> list[int]:
    """Mark closed cases that will be minimised in CASE_RETENTION_WARNING_DAYS; tell the leads."""
    require_role(actor, Role.SAFEGUARDING_LEAD)
    when = now or timezone.now()
    cutoff = when - timedelta(days=retention_days() - retention_warning_days())
    due = list(
        Case.objects.select_for_update()
        .filter(
            state=CaseState.CLOSED,
            closed_at__lte=cutoff,
            retention_warned_at__isnull=True,
            minimised_at__isnull=True,
        )
        .values_list("pk", flat=True)
    )
    if not due:
        return []
    Case.objects.filter(pk__in=due).update(retention_warned_at=when)
    references = ", ".join(f"C-{pk:06d}" for pk in due[:200])
    _warning_given(
        actor,
        ("cases.case", "cases"),
        due,
        subject="Cases due for minimising",
        body=(
            f"{len(due)} closed case(s) will be minimised in {retention_warning_days()} days "
            f"under the retention policy: {references}.\n\nReopen any case that must be kept."
        ),
    )
    return due


@transaction.atomic
def case_minimise(actor: User | None, *, case: Case) -> Case:
    """Remove a closed case's personal details; keep its statistics and evidence hashes."""
    require_role(actor, Role.SAFEGUARDING_LEAD)
    locked = Case.objects.select_for_update(of=("self",)).select_related("report").get(pk=case.pk)
    if locked.minimised_at is not None or locked.state != CaseState.CLOSED:
        return locked
    locked.summary = ""
    locked.safeguarding_notes = ""
    locked.closing_reason = ""
    locked.minimised_at = timezone.now()
    locked.save(update_fields=["summary", "safeguarding_notes", "closing_reason", "minimised_at"])
    locked.consultations.update(preferred_contact="", notes="")
    locked.actions.update(note="")
    # A lead's reason for acting against the person's wishes is narrative too; the constraint
    # that an override has a reason keeps a placeholder in its place.
    locked.actions.filter(against_wishes=True).update(safeguarding_reason=MINIMISED_REASON)
    locked.police_referrals.update(officer_name="", officer_contact="")
    locked.messages.all().delete()  # the person targeted's thread, as the report's below
    if locked.report is not None:
        report_details_remove(report=locked.report)
    items = [
        item
        for item in case_evidence(locked)
        if item.kind != EvidenceKind.POST
        and _only_here(item.pk, case_pk=locked.pk, report_pk=locked.report_id)
    ]
    purged = evidence_content_purge(actor, items=items, reason=f"retention of case {locked.pk}")
    audit.record(
        actor,
        "case.minimise",
        locked,
        {"by": "system" if actor is None else "person", "evidence_purged": purged},
    )
    case.refresh_from_db()
    return locked


def _only_here(item_pk: int, *, case_pk: int | None, report_pk: int | None) -> bool:
    """No case or report but these (none yet minimised) holds the item, no disciplinary record
    does (a proceeding or referral not yet minimised, closed ones too: discipline keeps its
    records longer than cases, `DISCIPLINE_RETENTION_DAYS`), and no block waiting or in force."""
    other_cases = Case.objects.filter(
        Q(evidence=item_pk) | Q(report__evidence=item_pk), minimised_at__isnull=True
    ).exclude(pk=case_pk or 0)
    other_reports = Report.objects.filter(evidence=item_pk, minimised_at__isnull=True).exclude(
        pk=report_pk or 0
    )
    in_use_elsewhere = (
        bool(evidence_discipline_relies_on({item_pk}))
        or BlockEntry.objects.filter(
            evidence=item_pk, status__in=(EntryStatus.REQUESTED, EntryStatus.ACTIVE)
        ).exists()
    )
    return not other_cases.exists() and not other_reports.exists() and not in_use_elsewhere


def cases_minimise_due(actor: User | None, *, now: datetime | None = None) -> list[int]:
    """Minimise closed cases past the retention period whose warning has run its course."""
    when = now or timezone.now()
    due = list(
        Case.objects.filter(
            state=CaseState.CLOSED,
            closed_at__lte=when - timedelta(days=retention_days()),
            retention_warned_at__lte=when - timedelta(days=retention_warning_days()),
            minimised_at__isnull=True,
        ).values_list("pk", flat=True)
    )
    for pk in due:
        case_minimise(actor, case=Case.objects.get(pk=pk))
    return due


def _reports_without_a_case() -> QuerySet[Report]:
    """Reports no case was opened for, not yet minimised."""
    return Report.objects.filter(minimised_at__isnull=True).exclude(
        Exists(Case.objects.filter(report=OuterRef("pk")))
    )


def _last_touched() -> Greatest:
    """When a report came in, or when the reporter last wrote or added evidence: the latest."""
    last_message = ReportMessage.objects.filter(report=OuterRef("pk")).order_by("-created_at")
    last_item = EvidenceItem.objects.filter(reports=OuterRef("pk")).order_by("-captured_at")
    return Greatest(
        "created_at",
        Coalesce(Subquery(last_message.values("created_at")[:1]), "created_at"),
        Coalesce(Subquery(last_item.values("captured_at")[:1]), "created_at"),
    )


@transaction.atomic
def reports_retention_warn(actor: User | None, *, now: datetime | None = None) -> list[int]:
    """Mark reports that never became a case and will be minimised in
    CASE_RETENTION_WARNING_DAYS (not warned since they were last touched); tell the leads."""
    require_role(actor, Role.SAFEGUARDING_LEAD)
    when = now or timezone.now()
    cutoff = when - timedelta(days=retention_days() - retention_warning_days())
    due = list(
        _reports_without_a_case()
        .select_for_update(of=("self",))
        .annotate(last_touched=_last_touched())
        .filter(last_touched__lte=cutoff)
        .filter(Q(retention_warned_at__isnull=True) | Q(retention_warned_at__lt=F("last_touched")))
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    if not due:
        return []
    Report.objects.filter(pk__in=due).update(retention_warned_at=when)
    references = ", ".join(f"report {pk}" for pk in due[:200])
    _warning_given(
        actor,
        ("reports.report", "reports"),
        due,
        subject="Reports due for minimising",
        body=(
            f"{len(due)} report(s) that never became a case will be minimised in "
            f"{retention_warning_days()} days under the retention policy: {references}.\n\n"
            "Open a case from the triage queue for any report that must be kept."
        ),
    )
    return due


@transaction.atomic
def report_minimise(actor: User | None, *, report: Report) -> Report:
    """Remove the personal details of a report no case was opened for, and close it (out of
    the triage queue); keep its statistics and evidence hashes. A case's report goes with its
    case (`case_minimise`)."""
    require_role(actor, Role.SAFEGUARDING_LEAD)
    locked = Report.objects.select_for_update().get(pk=report.pk)
    if locked.minimised_at is not None or Case.objects.filter(report=locked).exists():
        return locked
    items = [
        item
        for item in locked.evidence.all()
        if item.kind != EvidenceKind.POST and _only_here(item.pk, case_pk=None, report_pk=locked.pk)
    ]
    report_details_remove(report=locked)
    report_status_set(report_id=locked.pk, status=ReportStatus.CLOSED)
    purged = evidence_content_purge(actor, items=items, reason=f"retention of report {locked.pk}")
    audit.record(
        actor,
        "report.minimise",
        locked,
        {"by": "system" if actor is None else "person", "evidence_purged": purged},
    )
    report.refresh_from_db()
    locked.refresh_from_db()
    return locked


def reports_minimise_due(actor: User | None, *, now: datetime | None = None) -> list[int]:
    """Minimise reports that never became a case, untouched for the retention period, whose
    warning (given since they were last touched) has run its course."""
    when = now or timezone.now()
    due = list(
        _reports_without_a_case()
        .annotate(last_touched=_last_touched())
        .filter(
            last_touched__lte=when - timedelta(days=retention_days()),
            retention_warned_at__lte=when - timedelta(days=retention_warning_days()),
            retention_warned_at__gte=F("last_touched"),
        )
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    for pk in due:
        report_minimise(actor, report=Report.objects.get(pk=pk))
    return due


def mailbox_set_aside_purge_due(actor: User | None, *, now: datetime | None = None) -> list[int]:
    """Remove the bytes of mailbox messages set aside (never a report) once they are older than
    the retention period, unless something open still relies on them; the row stays."""
    when = now or timezone.now()
    due = (
        MailboxMessage.objects.filter(
            status=MailboxMessageStatus.SET_ASIDE,
            received_at__lte=when - timedelta(days=retention_days()),
            evidence__content__isnull=False,
        )
        .order_by("pk")
        .values_list("pk", "evidence_id")
    )
    purged = []
    for pk, item_pk in due:
        if item_pk is None or not _only_here(item_pk, case_pk=None, report_pk=None):
            continue
        item = EvidenceItem.objects.get(pk=item_pk)
        evidence_content_purge(actor, items=[item], reason=f"retention of mailbox message {pk}")
        purged.append(pk)
    return purged


def retention_run(*, now: datetime | None = None) -> RetentionRun:
    """What the task and the command do, as the system: minimise what is due, then warn."""
    minimised = cases_minimise_due(None, now=now)
    reports_minimised = reports_minimise_due(None, now=now)
    warned = cases_retention_warn(None, now=now)
    reports_warned = reports_retention_warn(None, now=now)
    mailbox_purged = mailbox_set_aside_purge_due(None, now=now)
    return RetentionRun(
        warned=warned,
        minimised=minimised,
        reports_warned=reports_warned,
        reports_minimised=reports_minimised,
        mailbox_purged=mailbox_purged,
    )
