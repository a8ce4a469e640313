"""Only the evidence the victim consented to share comes in; only what is disclosed is shown."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.conftest import signed_in
from upstander.discipline import services
from upstander.discipline.errors import EvidenceNotShared
from upstander.discipline.models import AssessmentOutcome, LetterKind, Seat
from upstander.evidence.services import evidence_capture_text


def test_only_shared_evidence_is_disclosed_and_the_panel_sees_only_what_was_disclosed(
    client: Client, caseworker, *, safeguarding_lead, respondent, decision_panel, guide
) -> None:
    shared = evidence_capture_text(None, text="You'll regret standing, love.")
    kept_back = evidence_capture_text(None, text="A private message the victim keeps back.")
    never_shared = evidence_capture_text(None, text="Not part of this complaint.")
    proceeding = services.complaint_open(
        caseworker,
        respondent=respondent,
        allegations=[("harassment", "Replies to a candidate")],
        complainant_user=None,
        complainant_anonymous_to_respondent=False,
        source_case_id=None,
        evidence_ids=[shared.pk, kept_back.pk],
    )
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
    for person in decision_panel:
        services.seat_appoint(
            safeguarding_lead, proceeding=proceeding, person=person, seat=Seat.DECISION_PANEL
        )
    services.investigation_complete(caseworker, proceeding=proceeding, report="Found.")
    with pytest.raises(EvidenceNotShared):
        services.notice_send(
            caseworker,
            proceeding=proceeding,
            hearing_at=timezone.now() + timedelta(days=30),
            hearing_place="Online",
            disclose_evidence_ids=[never_shared.pk],
        )
    services.notice_send(
        caseworker,
        proceeding=proceeding,
        hearing_at=timezone.now() + timedelta(days=30),
        hearing_place="Online",
        disclose_evidence_ids=[shared.pk],
    )
    notice = proceeding.letters.get(kind=LetterKind.NOTICE)
    assert shared.sha256 in notice.body
    assert kept_back.sha256 not in notice.body
    signed_in(client, decision_panel[0])
    text = client.get(reverse("discipline:panel", args=[proceeding.pk])).content.decode()
    assert f"evidence {shared.pk} " in text
    assert f"evidence {kept_back.pk} " not in text


def test_a_complaint_refuses_evidence_that_does_not_exist(caseworker, respondent) -> None:
    with pytest.raises(EvidenceNotShared):
        services.complaint_open(
            caseworker,
            respondent=respondent,
            allegations=[("insult", "Called her names")],
            complainant_user=None,
            complainant_anonymous_to_respondent=False,
            source_case_id=None,
            evidence_ids=[99999],
        )
