"""A report that says someone's safety is at risk opens a Critical case at once and mails every
safeguarding lead; the alert counts as sent only once the mail server took each mail, and a
lead's acknowledgement takes the banner off the dashboard."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pytest_django.fixtures import Settings

from tests.conftest import enable_totp, make_person, signed_in
from tests.core.mail_backends import REFUSING, refuse_next
from tests.reports.test_report_pages import _form
from upstander.accounts.models import Role, User
from upstander.audit.models import AuditEntry
from upstander.cases.models import Case, CaseState, SafetyAlert, Severity
from upstander.cases.selectors import safety_alert_sent
from upstander.core.models import QueuedMail
from upstander.reports.services import report_submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def leads(safeguarding_lead: User) -> list[User]:
    second = make_person("sam.lead@example.org", Role.SAFEGUARDING_LEAD)
    enable_totp(second)  # staff sign in with a second factor
    return [safeguarding_lead, second]


def _retry_mail() -> str:
    out = StringIO()
    call_command("retry_mail", stdout=out)
    return out.getvalue()


def test_safety_alert_survives_mail_failure(settings: Settings, leads: list[User]) -> None:
    settings.EMAIL_BACKEND = REFUSING
    refuse_next(len(leads) * 2)  # the first two tries of each lead's mail are refused

    submitted = report_submit(
        None, target_kind="myself", platform="x", what_happened="He said where I live.", urgent=True
    )
    alert = SafetyAlert.objects.get(case__report=submitted.report)
    queued = QueuedMail.objects.filter(pk__in=alert.mails.values("mail_id"))
    assert mail.outbox == [] and not safety_alert_sent(alert)
    for row in queued:
        assert row.waiting and row.attempts == 1
        assert "SMTPServerDisconnected" in row.last_error
        assert row.next_attempt_at > timezone.now()

    assert _retry_mail().startswith("Sent 0 due mails")  # not yet due: nothing tried
    with time_machine.travel(timezone.now() + timedelta(minutes=5), tick=False):
        _retry_mail()  # the second try is refused too
    assert mail.outbox == [] and not safety_alert_sent(alert)
    assert all(row.waiting and row.attempts == 2 for row in queued.all())

    with time_machine.travel(timezone.now() + timedelta(hours=1), tick=False):
        assert _retry_mail().startswith(f"Sent {len(leads)} due mails")
    assert sorted(message.to[0] for message in mail.outbox) == sorted(lead.email for lead in leads)
    assert safety_alert_sent(alert)
    # Kept only as a record that it left: no address or text stays behind.
    assert all(row.sent_at and row.to == "" and row.body == "" for row in queued.all())
    assert _retry_mail().startswith("Sent 0 due mails")  # sent once, never again
    assert len(mail.outbox) == len(leads)


def test_safety_at_risk_report_alerts_leads_at_once(
    client: Client, leads: list[User], caseworker: User
) -> None:
    response = client.post(reverse("reports:new"), _form(urgent="on"))
    assert response.status_code in (200, 302)

    case = Case.objects.get()
    assert case.severity == Severity.CRITICAL and case.state == CaseState.NEW
    assert case.assigned_to is None
    for lead in leads:
        (to_lead,) = [message for message in mail.outbox if message.to == [lead.email]]
        assert case.reference in to_lead.subject
        assert "He keeps replying" not in to_lead.body  # what happened stays out of mail
    assert safety_alert_sent(case.safety_alert)

    dashboard = signed_in(client, leads[1]).get(reverse("web:staff_dashboard"))
    assert 'id="safety-alerts"' in dashboard.content.decode()
    assert case.reference in dashboard.content.decode()
    # A case worker who is not a lead sees no banner (need to know).
    other = signed_in(Client(), caseworker).get(reverse("web:staff_dashboard"))
    assert 'id="safety-alerts"' not in other.content.decode()

    acknowledged = client.post(
        reverse("cases:safety_alert_acknowledge", args=[case.safety_alert.pk])
    )
    assert acknowledged.status_code == 302
    case.safety_alert.refresh_from_db()
    assert case.safety_alert.acknowledged_by == leads[1]
    assert AuditEntry.objects.filter(
        verb="case.safety_alert_acknowledge", target_id=str(case.pk)
    ).exists()
    after = client.get(reverse("web:staff_dashboard")).content.decode()
    assert 'id="safety-alerts"' not in after


def test_only_a_safeguarding_lead_acknowledges_a_safety_alert(
    client: Client, leads: list[User], caseworker: User
) -> None:
    report_submit(None, target_kind="myself", platform="x", what_happened="A threat.", urgent=True)
    alert = SafetyAlert.objects.get()
    url = reverse("cases:safety_alert_acknowledge", args=[alert.pk])
    assert signed_in(client, caseworker).post(url).status_code == 403
    alert.refresh_from_db()
    assert alert.acknowledged_at is None
