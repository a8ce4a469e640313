"""Interim suspension, representations, complainant prompts, letters as PDF."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.utils import timezone

from tests.discipline.conftest import (
    after_the_hearing,
    bring_to_hearing,
    decide_suspension,
    open_complaint,
    to_investigation,
)
from upstander.accounts.models import MembershipStatus, Role, User
from upstander.accounts.services import role_grant
from upstander.core.errors import NotPermitted
from upstander.discipline import services
from upstander.discipline.errors import (
    ApprovalOutsideInvestigationRequired,
    PartyCannotAct,
    ReasonRequired,
    WrongStage,
)
from upstander.discipline.letters import letter_pdf
from upstander.discipline.models import (
    AssessmentOutcome,
    Conduct,
    InterimSuspension,
    LetterKind,
    Proceeding,
    Representation,
    Sanction,
    Seat,
)
from upstander.discipline.services.sanctions import leads_mail


@pytest.fixture
def investigating(caseworker, safeguarding_lead, respondent, member):
    proceeding = open_complaint(caseworker, respondent, complainant=member)
    to_investigation(safeguarding_lead, proceeding)
    services.seat_appoint(
        safeguarding_lead, proceeding=proceeding, person=caseworker, seat=Seat.INVESTIGATOR
    )
    return proceeding


def _propose(
    actor: User, proceeding: Proceeding, reason: str = "Further posts keep appearing."
) -> InterimSuspension:
    return services.interim_propose(
        actor,
        proceeding=proceeding,
        criteria="Risk of further harm to the councillor.",
        reason=reason,
        review_on=timezone.localdate() + timedelta(days=28),
    )


def test_interim_suspension_needs_a_reason(investigating, caseworker) -> None:
    with pytest.raises(ReasonRequired):
        _propose(caseworker, investigating, reason="")


def test_interim_suspension_needs_approval_from_outside_the_investigation(
    investigating, caseworker, safeguarding_lead, respondent
) -> None:
    interim = _propose(safeguarding_lead, investigating)
    with pytest.raises(ApprovalOutsideInvestigationRequired):
        services.interim_approve(safeguarding_lead, interim=interim)
    with pytest.raises(NotPermitted):
        services.interim_approve(caseworker, interim=interim)
    respondent.refresh_from_db()
    assert respondent.status == MembershipStatus.ACTIVE


def test_an_approved_interim_suspension_suspends_and_alerts_when_past_its_maximum(
    investigating,
    *,
    caseworker,
    administrator,
    safeguarding_lead,
    respondent,
    django_capture_on_commit_callbacks,
) -> None:
    interim = _propose(caseworker, investigating)
    services.interim_approve(administrator, interim=interim)
    respondent.refresh_from_db()
    assert respondent.status == MembershipStatus.SUSPENDED
    assert services.interims_overrun_alert(None) == 0
    later = interim.maximum_until + timedelta(days=1)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.interims_overrun_alert(None, today=later) == 1
        assert services.interims_overrun_alert(None, today=later) == 0
    assert [m.to for m in mail.outbox] == [[safeguarding_lead.email]]
    assert investigating.reference in mail.outbox[0].subject


def test_a_leads_reason_for_ending_an_interim_suspension_stays_off_the_members_status_history(
    investigating, *, caseworker, administrator, safeguarding_lead, respondent
) -> None:
    interim = _propose(caseworker, investigating)
    services.interim_approve(administrator, interim=interim)
    typed = "The councillor's sister asked us to; she is unwell."
    services.interim_end(safeguarding_lead, interim=interim, reason=typed)
    respondent.refresh_from_db()
    assert respondent.status == MembershipStatus.ACTIVE
    lifted = respondent.status_changes.order_by("-pk").first()
    assert lifted is not None and lifted.to_status == MembershipStatus.ACTIVE
    assert investigating.reference in lifted.reason
    assert "sister" not in lifted.reason  # kept on the proceeding, which retention reaches


def test_the_hearing_decision_ends_the_interim_suspension(
    caseworker, *, safeguarding_lead, administrator, respondent, decision_panel, guide
) -> None:
    proceeding = open_complaint(caseworker, respondent)
    services.proceeding_assess(
        safeguarding_lead,
        proceeding=proceeding,
        outcome=AssessmentOutcome.INVESTIGATE,
        criteria="c",
        reason="r",
    )
    services.interim_approve(administrator, interim=_propose(safeguarding_lead, proceeding))
    bring_to_hearing_from_investigation(proceeding, safeguarding_lead, caseworker, decision_panel)
    with after_the_hearing(proceeding):
        services.decision_record(
            decision_panel[0],
            proceeding=proceeding,
            sanction=Sanction.REPRIMAND,
            criteria="Guide v1",
            reason="Below the range: admitted, apologised.",
            outside_range_reason="Apologised publicly the same day.",
        )
    respondent.refresh_from_db()
    assert respondent.status == MembershipStatus.ACTIVE
    assert proceeding.interim_suspensions.get().ended_at is not None


def bring_to_hearing_from_investigation(
    proceeding: Proceeding, lead: User, investigator: User, panel: list[User]
) -> None:
    services.seat_appoint(lead, proceeding=proceeding, person=investigator, seat=Seat.INVESTIGATOR)
    for person in panel:
        services.seat_appoint(lead, proceeding=proceeding, person=person, seat=Seat.DECISION_PANEL)
    services.investigation_complete(investigator, proceeding=proceeding, report="Found.")
    services.notice_send(
        investigator,
        proceeding=proceeding,
        hearing_at=timezone.now() + timedelta(days=30),
        hearing_place="Online",
        disclose_evidence_ids=[],
    )
    services.response_record(investigator, proceeding=proceeding, response="Sorry.")
    proceeding.refresh_from_db()


def test_a_representation_from_an_official_is_on_the_record(
    investigating, panel_member, safeguarding_lead, member
) -> None:
    services.representation_record(
        panel_member,
        proceeding=investigating,
        official_name="Cllr Grey",
        official_position="Group leader",
        summary="Asked me to 'go easy' because the member is a good canvasser.",
    )
    representation = Representation.objects.get()
    assert representation.approached == panel_member
    with pytest.raises(NotPermitted):
        services.representation_record(
            member,
            proceeding=investigating,
            official_name="x",
            official_position="",
            summary="y",
        )


def test_a_mail_to_the_leads_reaches_each_once_after_commit_with_the_link_to_act_on_it(
    safeguarding_lead, administrator, django_capture_on_commit_callbacks
) -> None:
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        leads_mail(subject="Look", body="Something needs you.")
        assert mail.outbox == []
    [sent] = mail.outbox
    assert sent.to == [safeguarding_lead.email]
    assert sent.body == f"Something needs you.\n{settings.SITE_URL}/staff/discipline/"


def test_complainants_not_updated_for_n_days_prompt_the_lead_once(
    investigating, safeguarding_lead, django_capture_on_commit_callbacks
) -> None:
    assert services.complainant_update_prompts(None) == 0
    mail.outbox.clear()
    with (
        time_machine.travel(timezone.now() + timedelta(days=15)),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert services.complainant_update_prompts(None) == 1
        assert services.complainant_update_prompts(None) == 0
    assert mail.outbox[0].to == [safeguarding_lead.email]


def test_the_notice_has_the_allegations_hearing_rights_and_hides_an_anonymous_complainant(
    caseworker, *, safeguarding_lead, respondent, member, decision_panel, guide
) -> None:
    proceeding = open_complaint(
        caseworker, respondent, complainant=member, conduct=Conduct.SEXUAL_HARASSMENT
    )
    bring_to_hearing(
        proceeding, lead=safeguarding_lead, investigator=caseworker, panel=decision_panel
    )
    notice = proceeding.letters.get(kind=LetterKind.NOTICE)
    assert "Sexual harassment" in notice.body
    assert "accompanied" in notice.body
    assert "asked not to be named" in notice.body
    assert member.email not in notice.body
    pdf = letter_pdf(subject=notice.subject, body=notice.body, sent_on=notice.created_at)
    assert pdf.startswith(b"%PDF-")
    assert len(pdf) > 1000


def test_a_hearing_too_soon_to_prepare_is_refused(investigating, caseworker) -> None:
    services.investigation_complete(caseworker, proceeding=investigating, report="Found.")
    with pytest.raises(WrongStage, match="to prepare"):
        services.notice_send(
            caseworker,
            proceeding=investigating,
            hearing_at=timezone.now() + timedelta(days=3),
            hearing_place="Online",
            disclose_evidence_ids=[],
        )


def test_without_a_response_the_hearing_waits_until_the_time_to_prepare_has_passed(
    investigating, caseworker, safeguarding_lead, decision_panel, guide
) -> None:
    for person in decision_panel:
        services.seat_appoint(
            safeguarding_lead, proceeding=investigating, person=person, seat=Seat.DECISION_PANEL
        )
    services.investigation_complete(caseworker, proceeding=investigating, report="Found.")
    services.notice_send(
        caseworker,
        proceeding=investigating,
        hearing_at=timezone.now() + timedelta(days=30),
        hearing_place="Online",
        disclose_evidence_ids=[],
    )
    with pytest.raises(WrongStage):
        services.hearing_ready(safeguarding_lead, proceeding=investigating)
    with time_machine.travel(timezone.now() + timedelta(days=20)):
        services.hearing_ready(safeguarding_lead, proceeding=investigating)
    with after_the_hearing(investigating):
        decide_suspension(investigating, decision_panel)
    assert investigating.letters.filter(kind=LetterKind.DECISION).exists()


def test_the_complainant_as_a_lead_cannot_approve_an_interim_suspension(
    investigating, caseworker, member, respondent
) -> None:
    role_grant(None, user=member, role=Role.SAFEGUARDING_LEAD)
    interim = _propose(caseworker, investigating)
    with pytest.raises(PartyCannotAct):
        services.interim_approve(member, interim=interim)
    assert InterimSuspension.objects.get(pk=interim.pk).approved_at is None
    respondent.refresh_from_db()
    assert respondent.status == MembershipStatus.ACTIVE
