"""Reports that say someone's safety is at risk: a Critical case at once, every safeguarding lead
mailed (through the mail queue, retried until the server takes it), and a banner on the staff
dashboard until a lead acknowledges it."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from upstander import audit
from upstander.accounts.models import Role, RoleGrant, User
from upstander.accounts.permissions import require_role
from upstander.cases.errors import SafetyAlertAlreadyAcknowledged
from upstander.cases.models import Case, CaseState, SafetyAlert, SafetyAlertMail, Severity
from upstander.cases.services.intake import (
    case_deadlines,
    case_platform,
    report_protected_person,
    route_accounts,
)
from upstander.core.mail import mail_queue
from upstander.reports.models import Report, ReportStatus
from upstander.reports.services import report_status_set


def _safeguarding_leads() -> list[User]:
    grants = RoleGrant.objects.filter(
        role=Role.SAFEGUARDING_LEAD, revoked_at__isnull=True, user__is_active=True
    )
    return list(User.objects.filter(pk__in=grants.values("user_id")).order_by("pk"))


@transaction.atomic
def case_open_for_safety_risk(*, report: Report) -> Case:
    """The reporter says someone's safety is at risk: the case opens now, as Critical and not yet
    assigned (no case worker has read it), and every safeguarding lead is alerted."""
    case = Case.objects.create(
        report=report,
        protected_person=report_protected_person(report),
        state=CaseState.NEW,
        severity=Severity.CRITICAL,
        platform=case_platform(report.platform),
        created_at=report.created_at,
        **case_deadlines(report.created_at, Severity.CRITICAL),
    )
    routed = route_accounts(case, [(a["platform"], a["handle"]) for a in report.offending_accounts])
    report_status_set(report_id=report.pk, status=ReportStatus.IN_PROGRESS)
    audit.record(
        None,
        "case.open",
        case,
        {"source": "report", "report": report.pk, "accounts": len(routed), "safety_at_risk": True},
    )
    safety_alert_raise(case=case)
    return case


def safety_alert_raise(*, case: Case) -> SafetyAlert:
    """Queue one mail to each safeguarding lead; the mail says where, never what happened."""
    alert = SafetyAlert.objects.create(case=case, raised_at=timezone.now())
    link = settings.SITE_URL + reverse("cases:detail", args=[case.pk])
    leads = _safeguarding_leads()
    for lead in leads:
        mail = mail_queue(
            to=lead.email,
            subject=f"Critical: someone's safety is at risk (case {case.reference})",
            body=(
                "A report says someone's safety is at risk, or that there was a threat of "
                f"violence. Case {case.reference} is open as Critical and not yet assigned.\n\n"
                f"Open it and acknowledge the alert: {link}\n"
            ),
            keep_record=True,
        )
        SafetyAlertMail.objects.create(alert=alert, lead=lead, mail=mail)
    audit.record(
        None,
        "case.safety_alert_raise",
        case,
        {"alert": alert.pk, "leads": [lead.pk for lead in leads]},
    )
    return alert


@transaction.atomic
def safety_alert_acknowledge(actor: User, *, alert: SafetyAlert) -> SafetyAlert:
    """A safeguarding lead has seen the alert and takes it from here: the banner goes."""
    require_role(actor, Role.SAFEGUARDING_LEAD)
    locked = SafetyAlert.objects.select_for_update().get(pk=alert.pk)
    if locked.acknowledged_at is not None:
        raise SafetyAlertAlreadyAcknowledged("Another lead has already acknowledged this alert.")
    locked.acknowledged_at = timezone.now()
    locked.acknowledged_by = actor
    locked.save(update_fields=["acknowledged_at", "acknowledged_by"])
    audit.record(actor, "case.safety_alert_acknowledge", locked.case, {"alert": locked.pk})
    return locked
