"""What the person targeted or the reporter sends reaches someone: their case worker is mailed
a link (never what was written), or the leads when nobody is assigned."""

from __future__ import annotations

import pytest
from django.core import mail

from tests.cases.helpers import triaged_case
from tests.conftest import make_person
from upstander.accounts.models import Role, User
from upstander.cases.models import Case
from upstander.cases.services import (
    case_message_from_person_targeted,
    case_open_from_report,
    case_wishes_change_request,
)
from upstander.reports.services import (
    report_evidence_add,
    report_message_from_reporter,
    report_submit,
)

pytestmark = pytest.mark.django_db


def mailed(to: str) -> list[str]:
    return [m.subject + "\n" + m.body for m in mail.outbox if m.to == [to]]


def test_a_message_from_the_person_targeted_tells_their_case_worker_not_what_it_says(
    caseworker: User, protected_person: User, django_capture_on_commit_callbacks: object
) -> None:
    case = triaged_case(caseworker, protected_person)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        case_message_from_person_targeted(
            protected_person, case=case, body="I saw him outside my office today."
        )
    (news,) = mailed(caseworker.email)
    assert case.reference in news
    assert f"/staff/cases/{case.pk}/" in news
    assert "outside my office" not in news  # special category data stays in the case


def test_a_request_to_change_their_wishes_tells_their_case_worker(
    caseworker: User, protected_person: User, django_capture_on_commit_callbacks: object
) -> None:
    case = triaged_case(caseworker, protected_person)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        case_wishes_change_request(
            protected_person, case=case, wishes=["block"], note="Please block them after all."
        )
    (news,) = mailed(caseworker.email)
    assert "change their wishes" in news
    assert "block them after all" not in news


def test_with_nobody_assigned_the_leads_are_told(
    caseworker: User,
    safeguarding_lead: User,
    protected_person: User,
    django_capture_on_commit_callbacks: object,
) -> None:
    case = triaged_case(caseworker, protected_person)
    Case.objects.filter(pk=case.pk).update(assigned_to=None)
    case.refresh_from_db()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        case_message_from_person_targeted(protected_person, case=case, body="Hello?")
    assert len(mailed(safeguarding_lead.email)) == 1
    assert mailed(caseworker.email) == []


def test_the_reporter_writing_again_or_adding_evidence_tells_the_case_worker(
    caseworker: User, django_capture_on_commit_callbacks: object
) -> None:
    reporter = make_person("witness@example.org", Role.MEMBER)
    submitted = report_submit(
        reporter, target_kind="representative", platform="x", what_happened="abuse"
    )
    case = case_open_from_report(caseworker, report=submitted.report)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        report_message_from_reporter(report=submitted.report, body="There is more today.")
        report_evidence_add(reporter, report=submitted.report, text="Another reply: vermin.")
    news = mailed(caseworker.email)
    assert len(news) == 2
    assert "a message from the reporter" in news[0].lower()
    assert "more evidence from the reporter" in news[1].lower()
    assert all(case.reference in n for n in news)
    assert not any("vermin" in n or "more today" in n for n in news)


def test_a_reporter_writing_before_there_is_a_case_mails_nobody(
    django_capture_on_commit_callbacks: object,
) -> None:
    submitted = report_submit(
        None, target_kind="representative", platform="x", what_happened="abuse"
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        report_message_from_reporter(report=submitted.report, body="Anyone there?")
    assert mail.outbox == []  # the report waits in the triage queue, where staff look
