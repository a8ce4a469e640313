from __future__ import annotations

from datetime import date, timedelta
from io import StringIO

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from tests.cases.helpers import PNG, consulted_case, reported_case, triaged_case
from upstander.accounts.models import Platform, User
from upstander.accounts.services import handle_declare, member_create
from upstander.audit.models import AuditEntry
from upstander.cases.models import Case, CaseAction
from upstander.cases.selectors import reports_awaiting_case
from upstander.cases.services import case_action_take, case_close, case_open_from_report
from upstander.cases.services.retention import case_minimise
from upstander.cases.tasks import minimise_closed_cases
from upstander.discipline.models import AssessmentOutcome, Proceeding
from upstander.discipline.selectors import referral_queue
from upstander.discipline.services import proceeding_assess, proceeding_minimise, referral_accept
from upstander.evidence.errors import EvidenceContentPurged
from upstander.evidence.models import EvidenceItem
from upstander.evidence.selectors import evidence_bytes_verified
from upstander.reports.errors import ReportAlreadyMinimised
from upstander.reports.models import Report, ReportStatus
from upstander.reports.services import MINIMISED, report_message_from_reporter, report_submit


@pytest.mark.django_db
def test_closed_cases_are_warned_then_minimised_by_the_system(
    settings, caseworker, safeguarding_lead, django_capture_on_commit_callbacks
):
    settings.CASE_RETENTION_DAYS = 730
    settings.CASE_RETENTION_WARNING_DAYS = 30
    case = consulted_case(caseworker)
    still_open = triaged_case(caseworker)
    case_close(caseworker, case=case, outcome="withdrawn")
    item = case.report.evidence.get()  # type: ignore[union-attr]
    closed = timezone.now()

    with (
        time_machine.travel(closed + timedelta(days=701), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        result = minimise_closed_cases.enqueue()
    assert result.return_value == {
        "warned": 1,
        "minimised": 0,
        "reports_warned": 0,
        "reports_minimised": 0,
        "mailbox_purged": 0,
    }
    case.refresh_from_db()
    assert case.retention_warned_at is not None and case.minimised_at is None
    assert [message.to for message in mail.outbox] == [[safeguarding_lead.email]]
    assert case.reference in mail.outbox[0].body

    with time_machine.travel(closed + timedelta(days=731), tick=False):
        out = StringIO()
        call_command("minimise_closed_cases", stdout=out)
    assert "Minimised 1 case(s)" in out.getvalue()
    case = Case.objects.select_related("report").get(pk=case.pk)
    assert case.minimised_at is not None and case.summary == ""
    assert case.report is not None
    assert case.report.contact_email == "" and "retention" in case.report.what_happened
    assert case.consultations.get().notes == ""
    # The statistics and the evidence record (with its hash) stay; the bytes go.
    assert (case.state, case.category, case.outcome) == (
        "closed",
        "threat_of_violence",
        "withdrawn",
    )
    assert len(item.sha256) == 64
    with pytest.raises(EvidenceContentPurged):
        evidence_bytes_verified(item)
    entry = AuditEntry.objects.get(verb="case.minimise")
    assert entry.actor_user_id is None and entry.details["by"] == "system"
    still_open.refresh_from_db()
    assert still_open.minimised_at is None


@pytest.mark.django_db
def test_a_case_is_never_minimised_without_a_warning_first(settings, caseworker):
    settings.CASE_RETENTION_DAYS = 10
    settings.CASE_RETENTION_WARNING_DAYS = 5
    case = consulted_case(caseworker, wishes=("record_only",))
    case_close(caseworker, case=case, outcome="no_action")
    with time_machine.travel(timezone.now() + timedelta(days=400), tick=False):
        minimise_closed_cases.enqueue()
        case.refresh_from_db()
        assert case.retention_warned_at is not None and case.minimised_at is None


SECRET = "She disclosed she is HIV positive and the troll found her clinic address"


@pytest.mark.django_db
def test_minimising_removes_a_leads_safeguarding_reason(safeguarding_lead):
    case = consulted_case(safeguarding_lead, wishes=("record_only",))
    case_action_take(safeguarding_lead, case=case, kind="support", safeguarding_reason=SECRET)
    case.refresh_from_db()
    case_close(safeguarding_lead, case=case, outcome="support_only")
    case_minimise(safeguarding_lead, case=case)
    (action,) = CaseAction.objects.filter(case=case)
    assert action.against_wishes and SECRET not in action.safeguarding_reason


def _member_referred_to_discipline(
    caseworker: User, lead: User, person: User
) -> tuple[Case, Proceeding, int]:
    """A case about a member's account, whose block request the lead accepted as a complaint:
    the case, the proceeding, and the evidence item both hold."""
    member = member_create(
        None,
        membership_number="M-9",
        given_name="Jo",
        family_name="Brennan",
        joined_on=date(2020, 1, 1),
    )
    handle_declare(None, member=member, platform=Platform.BLUESKY, handle="jo.bsky.social")
    case = consulted_case(
        caseworker, person, wishes=("block", "disciplinary"), accounts=("jo.bsky.social",)
    )
    case_action_take(caseworker, case=case, kind="block")
    (waiting,) = referral_queue(lead)
    proceeding = referral_accept(lead, referral=waiting.referral)
    (item_id,) = proceeding.evidence.values_list("item_id", flat=True)
    return case, proceeding, item_id


@pytest.mark.django_db
def test_minimising_keeps_evidence_an_open_disciplinary_proceeding_relies_on(
    caseworker, safeguarding_lead, protected_person
):
    case, _proceeding, item_id = _member_referred_to_discipline(
        caseworker, safeguarding_lead, protected_person
    )
    case.refresh_from_db()
    case_close(caseworker, case=case, outcome="disciplinary")
    case_minimise(safeguarding_lead, case=case)
    # The proceeding is still open: its panel and the member still need the bytes.
    assert evidence_bytes_verified(EvidenceItem.objects.get(pk=item_id))


@pytest.mark.django_db
def test_a_closed_disciplinary_record_keeps_its_evidence_until_it_is_minimised_itself(
    caseworker, safeguarding_lead, protected_person
):
    case, proceeding, item_id = _member_referred_to_discipline(
        caseworker, safeguarding_lead, protected_person
    )
    # The lead finds no case to answer: the proceeding closes, its record is kept for years.
    proceeding_assess(
        safeguarding_lead,
        proceeding=proceeding,
        outcome=AssessmentOutcome.NO_CASE,
        criteria="Code 2.1",
        reason="Not a member's conduct.",
    )
    case.refresh_from_db()
    case_close(caseworker, case=case, outcome="disciplinary")
    case_minimise(safeguarding_lead, case=case)
    item = EvidenceItem.objects.get(pk=item_id)
    assert evidence_bytes_verified(item)  # the disciplinary record still holds it

    proceeding_minimise(safeguarding_lead, proceeding=proceeding)
    with pytest.raises(EvidenceContentPurged):
        evidence_bytes_verified(item)  # both minimised: nothing holds it now


# Reports no case was opened for (left in the triage queue): the same period, from when the
# report was last touched (received, or the reporter last wrote or added evidence).


def report_left_in_the_queue(**overrides: object) -> Report:
    values: dict[str, object] = {
        "target_kind": "representative",
        "platform": "bluesky",
        "what_happened": "Replies calling her a slur, from someone who knows her address.",
        "target_name": "Cllr Priya Patel",
        "contact_name": "Sam Witness",
        "contact_email": "sam.witness@example.org",
        "contact_phone": "07700 900123",
        "files": [("screenshot.png", PNG)],
        "text_evidence": "You know where I live, do you?",
    }
    values.update(overrides)
    return report_submit(None, **values).report  # type: ignore[arg-type]


def retention_after(days: float) -> dict[str, int]:
    """Run the daily job as it would run `days` from now."""
    with time_machine.travel(timezone.now() + timedelta(days=days), tick=False):
        counts = minimise_closed_cases.enqueue().return_value
    assert counts is not None
    return counts


@pytest.mark.django_db
def test_a_report_that_never_became_a_case_is_warned_then_minimised_after_the_retention_period(
    settings, caseworker, safeguarding_lead, django_capture_on_commit_callbacks
):
    settings.CASE_RETENTION_DAYS = 730
    settings.CASE_RETENTION_WARNING_DAYS = 30
    report = report_left_in_the_queue()
    report_message_from_reporter(report=report, body="Any news? Call me on 07700 900123.")
    items = list(report.evidence.all())
    with_a_case = reported_case(caseworker)  # its report goes with its case, not on its own
    start = timezone.now()

    with (
        time_machine.travel(start + timedelta(days=701), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        result = minimise_closed_cases.enqueue()
    assert result.return_value == {
        "warned": 0,
        "minimised": 0,
        "reports_warned": 1,
        "reports_minimised": 0,
        "mailbox_purged": 0,
    }
    assert [message.to for message in mail.outbox] == [[safeguarding_lead.email]]
    assert f"report {report.pk}" in mail.outbox[0].body

    with time_machine.travel(start + timedelta(days=731), tick=False):
        out = StringIO()
        call_command("minimise_closed_cases", stdout=out)
    assert "Minimised 0 case(s) and 1 report(s) that never became a case" in out.getvalue()
    report.refresh_from_db()
    assert report.minimised_at is not None and report.what_happened == MINIMISED
    assert (report.contact_name, report.contact_email, report.contact_phone) == ("", "", "")
    assert report.target_name == "" and not report.messages.exists()
    # Out of the triage queue; the statistics columns and the evidence records stay.
    assert report.status == ReportStatus.CLOSED and report not in reports_awaiting_case()
    assert (report.platform, report.target_kind) == ("bluesky", "representative")
    assert len(items) == 2 and all(len(item.sha256) == 64 for item in items)
    for item in items:
        with pytest.raises(EvidenceContentPurged):
            evidence_bytes_verified(item)
    entry = AuditEntry.objects.get(verb="report.minimise")
    assert entry.target_id == str(report.pk) and entry.actor_user_id is None
    assert entry.details == {"by": "system", "evidence_purged": 2}
    assert AuditEntry.objects.filter(verb="reports.retention_warning").count() == 1
    with_a_case.refresh_from_db()
    assert with_a_case.report is not None and with_a_case.report.minimised_at is None


@pytest.mark.django_db
def test_a_report_is_never_minimised_without_a_warning_first(settings):
    settings.CASE_RETENTION_DAYS = 10
    settings.CASE_RETENTION_WARNING_DAYS = 5
    report = report_left_in_the_queue()
    assert retention_after(400)["reports_minimised"] == 0
    report.refresh_from_db()
    assert report.retention_warned_at is not None and report.minimised_at is None


@pytest.mark.django_db
def test_a_reporter_who_writes_again_sets_the_clock_back_and_is_warned_about_again(settings):
    settings.CASE_RETENTION_DAYS = 10
    settings.CASE_RETENTION_WARNING_DAYS = 5
    report = report_left_in_the_queue()
    assert retention_after(6)["reports_warned"] == 1
    with time_machine.travel(timezone.now() + timedelta(days=8), tick=False):
        report_message_from_reporter(report=report, body="Still happening, please help.")
    assert retention_after(11)["reports_minimised"] == 0  # touched 3 days ago
    assert retention_after(13)["reports_warned"] == 1  # warned again, 5 days before
    assert retention_after(17)["reports_minimised"] == 0  # warned only 4 days ago
    assert retention_after(19)["reports_minimised"] == 1
    report.refresh_from_db()
    assert report.minimised_at is not None


@pytest.mark.django_db
def test_minimising_a_report_keeps_evidence_an_open_case_relies_on(settings, caseworker):
    settings.CASE_RETENTION_DAYS = 10
    settings.CASE_RETENTION_WARNING_DAYS = 5
    left = report_left_in_the_queue(text_evidence="")
    item = left.evidence.get()
    # The same screenshot came in again with a report a case worker took on.
    taken = report_left_in_the_queue(files=[], text_evidence="", evidence=[item])
    case_open_from_report(caseworker, report=taken)
    retention_after(6)
    assert retention_after(11)["reports_minimised"] == 1
    left.refresh_from_db()
    assert left.minimised_at is not None
    assert evidence_bytes_verified(EvidenceItem.objects.get(pk=item.pk)) == PNG


@pytest.mark.django_db
def test_evidence_two_reports_share_goes_once_both_are_minimised(settings):
    settings.CASE_RETENTION_DAYS = 10
    settings.CASE_RETENTION_WARNING_DAYS = 5
    first = report_left_in_the_queue(text_evidence="")
    item = first.evidence.get()
    report_left_in_the_queue(files=[], text_evidence="", evidence=[item])
    retention_after(6)
    assert retention_after(11)["reports_minimised"] == 2
    with pytest.raises(EvidenceContentPurged):
        evidence_bytes_verified(EvidenceItem.objects.get(pk=item.pk))


@pytest.mark.django_db
def test_a_minimised_report_cannot_become_a_case(settings, caseworker):
    settings.CASE_RETENTION_DAYS = 10
    settings.CASE_RETENTION_WARNING_DAYS = 5
    report = report_left_in_the_queue()
    retention_after(6)
    retention_after(11)
    with pytest.raises(ReportAlreadyMinimised):
        case_open_from_report(caseworker, report=report)
    assert not Case.objects.filter(report=report).exists()
