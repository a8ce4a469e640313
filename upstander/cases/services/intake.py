"""Opening cases: from a report in the triage queue, or from the monitoring review queue."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from upstander import audit
from upstander.accounts.handles import is_stable_id
from upstander.accounts.models import Role, User
from upstander.accounts.permissions import has_role, require_role
from upstander.accounts.selectors import member_for_account
from upstander.cases.conf import stage_deadlines
from upstander.cases.errors import CaseAlreadyOpen
from upstander.cases.models import Case, CaseState, OffendingAccount, Route, Severity
from upstander.cases.services.access import WORKER_ROLES
from upstander.evidence.models import EvidenceItem
from upstander.evidence.selectors import EvidenceUse, evidence_check
from upstander.reports.errors import ReportAlreadyMinimised
from upstander.reports.models import Report, ReportPlatform, ReportStatus, TargetKind
from upstander.reports.services import report_status_set


def case_deadlines(created_at: datetime, severity: int) -> dict[str, datetime]:
    first, consult, decide = stage_deadlines(severity)
    return {
        "first_response_due": created_at + first,
        "consultation_due": created_at + consult,
        "decision_due": created_at + decide,
    }


def route_accounts(case: Case, accounts: Iterable[tuple[str, str]]) -> list[OffendingAccount]:
    """Each offending account: a member's declared account -> member route, otherwise block."""
    rows: list[OffendingAccount] = []
    seen: set[tuple[str, str]] = set()
    for platform, identifier in accounts:
        value = identifier.strip()
        if not value or (platform, value) in seen:
            continue
        seen.add((platform, value))
        member = member_for_account(platform=platform, identifier=value)
        stable = value if is_stable_id(platform, value) or value.startswith("http") else ""
        rows.append(
            OffendingAccount.objects.create(
                case=case,
                platform=platform,
                handle=value[:253],
                stable_id=stable[:2048],
                member=member,
                route=Route.MEMBER if member else Route.BLOCK,
            )
        )
    return rows


def report_protected_person(report: Report) -> User | None:
    """A protected person reporting abuse of themselves is the case's protected person."""
    reporter = report.reporter
    if (
        report.target_kind == TargetKind.MYSELF
        and reporter is not None
        and has_role(reporter, Role.PROTECTED_PERSON)
    ):
        return reporter
    return None


def case_platform(platform: str) -> str:
    return platform if platform in ReportPlatform.values else ReportPlatform.OTHER


@transaction.atomic
def case_open_from_review(
    actor: User | None,
    *,
    protected_person: User,
    evidence: list[EvidenceItem],
    summary: str,
    offending_accounts: list[tuple[str, str]],
) -> Case:
    """One click in the monitoring review queue: the posts become a case about this person."""
    require_role(actor, *WORKER_ROLES)
    # The posts may already be evidence in a case this worker may not open: refused, not copied.
    evidence_check(actor, [item.pk for item in evidence], use=EvidenceUse.VIEW)
    now = timezone.now()
    platform = offending_accounts[0][0] if offending_accounts else ""
    if not platform and evidence:
        platform = evidence[0].platform
    case = Case.objects.create(
        protected_person=protected_person,
        assigned_to=actor if actor is not None and has_role(actor, Role.CASE_WORKER) else None,
        state=CaseState.NEW,
        severity=Severity.MEDIUM,
        platform=case_platform(platform),
        summary=summary.strip(),
        created_at=now,
        first_response_at=now if actor is not None else None,
        **case_deadlines(now, Severity.MEDIUM),
    )
    case.evidence.add(*evidence)
    routed = route_accounts(case, offending_accounts)
    audit.record(
        actor,
        "case.open",
        case,
        {
            "source": "review",
            "evidence": [item.pk for item in evidence],
            "accounts": len(routed),
        },
    )
    return case


@transaction.atomic
def case_open_from_report(actor: User, *, report: Report) -> Case:
    """A case worker takes a new report from the queue: it becomes a case assigned to them."""
    require_role(actor, *WORKER_ROLES)
    locked = Report.objects.select_for_update().get(pk=report.pk)
    if Case.objects.filter(report=locked).exists():
        raise CaseAlreadyOpen("A case is already open for this report.")
    if locked.minimised_at is not None:
        raise ReportAlreadyMinimised("This report's details were removed under retention.")
    # Safety at risk is Critical (reports since then open their case at intake; see safety.py).
    severity = Severity.CRITICAL if locked.urgent else Severity.MEDIUM
    case = Case.objects.create(
        report=locked,
        protected_person=report_protected_person(locked),
        assigned_to=actor,
        state=CaseState.NEW,
        severity=severity,
        platform=case_platform(locked.platform),
        created_at=locked.created_at,
        first_response_at=timezone.now(),
        **case_deadlines(locked.created_at, severity),
    )
    routed = route_accounts(case, [(a["platform"], a["handle"]) for a in locked.offending_accounts])
    report_status_set(report_id=locked.pk, status=ReportStatus.IN_PROGRESS)
    audit.record(
        actor, "case.open", case, {"source": "report", "report": locked.pk, "accounts": len(routed)}
    )
    return case
