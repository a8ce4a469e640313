"""The date agreed with the person targeted for the next check-in is not forgotten: the case
worker is reminded when it comes, once for each agreed date, by a mail that names only the case."""

from __future__ import annotations

from datetime import date
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command

from tests.cases.helpers import triaged_case
from tests.conftest import make_person
from upstander.accounts.models import Role, User
from upstander.audit.models import AuditEntry
from upstander.cases.services import case_close, check_in_reminders_send, consultation_record
from upstander.core.errors import NotPermitted

pytestmark = pytest.mark.django_db


def _consult(worker: User, case: object, *, check_in: date | None) -> None:
    consultation_record(
        worker,
        case=case,  # type: ignore[arg-type]
        held_on=date(2026, 11, 2),
        method="phone",
        wishes=["block"],
        consent_police=False,
        consent_panel=False,
        next_check_in=check_in,
    )


def test_the_worker_is_reminded_once_when_the_agreed_check_in_comes(
    caseworker: User, protected_person: User, django_capture_on_commit_callbacks: object
) -> None:
    case = triaged_case(caseworker, protected_person)
    _consult(caseworker, case, check_in=date(2026, 11, 9))

    assert check_in_reminders_send(None, today=date(2026, 11, 8)) == []  # not yet due
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        assert check_in_reminders_send(None, today=date(2026, 11, 9)) == [case.pk]
        assert check_in_reminders_send(None, today=date(2026, 11, 10)) == []  # once per date
    assert [m.to for m in mail.outbox] == [[caseworker.email]]
    message = mail.outbox[0]
    assert case.reference in message.subject and "09 November 2026" in message.body
    # The mail names the case, never the person or what happened.
    assert protected_person.email not in message.body and "housing vote" not in message.body
    assert AuditEntry.objects.filter(verb="cases.check_in_reminders").count() == 1


def test_a_new_agreed_date_is_reminded_again(caseworker: User, protected_person: User) -> None:
    case = triaged_case(caseworker, protected_person)
    _consult(caseworker, case, check_in=date(2026, 11, 9))
    assert check_in_reminders_send(None, today=date(2026, 11, 9)) == [case.pk]
    _consult(caseworker, case, check_in=date(2026, 11, 23))  # the next conversation
    assert check_in_reminders_send(None, today=date(2026, 11, 16)) == []
    assert check_in_reminders_send(None, today=date(2026, 11, 23)) == [case.pk]


def test_closed_cases_and_cases_without_a_check_in_are_not_reminded(
    caseworker: User, protected_person: User
) -> None:
    no_date = triaged_case(caseworker, protected_person)
    _consult(caseworker, no_date, check_in=None)
    closed = triaged_case(caseworker, protected_person)
    _consult(caseworker, closed, check_in=date(2026, 11, 9))
    case_close(caseworker, case=closed, outcome="support_only")
    assert check_in_reminders_send(None, today=date(2026, 12, 1)) == []


def test_only_a_lead_or_the_scheduled_job_sends_reminders(caseworker: User) -> None:
    with pytest.raises(NotPermitted):
        check_in_reminders_send(caseworker)


def test_the_daily_command_sends_what_is_due(caseworker: User, protected_person: User) -> None:
    case = triaged_case(caseworker, protected_person)
    _consult(caseworker, case, check_in=date(2020, 1, 1))
    out = StringIO()
    call_command("send_check_in_reminders", stdout=out)
    assert "sent for 1 case(s)" in out.getvalue()


def test_a_reminder_goes_to_the_active_leads_when_the_worker_has_left(
    caseworker: User,
    protected_person: User,
    safeguarding_lead: User,
    django_capture_on_commit_callbacks: object,
) -> None:
    case = triaged_case(caseworker, protected_person)
    _consult(caseworker, case, check_in=date(2026, 11, 9))
    departed_lead = make_person("former-lead@example.org", Role.SAFEGUARDING_LEAD)
    User.objects.filter(pk__in=[caseworker.pk, departed_lead.pk]).update(is_active=False)

    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        assert check_in_reminders_send(None, today=date(2026, 11, 9)) == [case.pk]
    assert [m.to for m in mail.outbox] == [[safeguarding_lead.email]]
