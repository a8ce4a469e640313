"""The member complained about answers and appeals from their own account."""

from __future__ import annotations

from datetime import timedelta

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.conftest import signed_in
from tests.discipline.conftest import bring_to_hearing, decide_suspension, open_complaint
from upstander.discipline import services
from upstander.discipline.models import AssessmentOutcome, Seat, Stage


def test_the_member_answers_the_notice_from_their_account(
    client: Client, caseworker, *, safeguarding_lead, respondent, respondent_user, outsider
) -> None:
    proceeding = open_complaint(caseworker, respondent)
    services.proceeding_assess(
        safeguarding_lead,
        proceeding=proceeding,
        outcome=AssessmentOutcome.INVESTIGATE,
        criteria="c",
        reason="r",
    )
    services.seat_appoint(
        safeguarding_lead, proceeding=proceeding, person=caseworker, seat=Seat.INVESTIGATOR
    )
    services.investigation_complete(caseworker, proceeding=proceeding, report="Found.")
    services.notice_send(
        caseworker,
        proceeding=proceeding,
        hearing_at=timezone.now() + timedelta(days=30),
        hearing_place="Online",
        disclose_evidence_ids=[],
    )
    url = reverse("discipline:my_step", args=[proceeding.pk, "response"])
    signed_in(client, outsider)
    assert client.post(url, {"response-response": "Not me."}).status_code == 404
    signed_in(client, respondent_user)
    page = client.get(reverse("discipline:my_letters")).content.decode()
    assert "notice of allegations" in page
    assert client.post(url, {"response-response": "I accept it and apologise."}).status_code == 302
    proceeding.refresh_from_db()
    assert proceeding.stage == Stage.HEARING
    assert proceeding.response == "I accept it and apologise."


def test_the_member_appeals_from_their_account_within_the_window(
    client: Client,
    caseworker,
    *,
    safeguarding_lead,
    respondent,
    respondent_user,
    decision_panel,
    guide,
) -> None:
    proceeding = open_complaint(caseworker, respondent)
    bring_to_hearing(
        proceeding, lead=safeguarding_lead, investigator=caseworker, panel=decision_panel
    )
    decide_suspension(proceeding, decision_panel)
    signed_in(client, respondent_user)
    response = client.post(
        reverse("discipline:my_step", args=[proceeding.pk, "appeal"]),
        {"appeal-grounds": "Too harsh for a first matter."},
    )
    assert response.status_code == 302
    proceeding.refresh_from_db()
    assert proceeding.stage == Stage.APPEAL
