"""Opening a complaint and assessing it: every decision needs criteria and a written reason."""

from __future__ import annotations

import pytest
from django.core import mail

from tests.discipline.conftest import open_complaint
from upstander.audit.models import AuditEntry
from upstander.core.errors import NotPermitted
from upstander.discipline import services
from upstander.discipline.errors import ReasonRequired, UnknownConduct
from upstander.discipline.models import (
    AssessmentOutcome,
    Conduct,
    LetterKind,
    Proceeding,
    Stage,
)


def test_a_case_worker_opens_a_complaint_from_a_case_with_its_allegations(
    caseworker, respondent, member
) -> None:
    proceeding = open_complaint(caseworker, respondent, complainant=member)
    assert proceeding.stage == Stage.ASSESSMENT
    assert proceeding.source_case_id is not None
    assert [a.conduct for a in proceeding.allegations.all()] == [Conduct.HARASSMENT]
    entry = AuditEntry.objects.filter(verb="proceeding.open").get()
    assert entry.target_id == str(proceeding.pk)
    assert entry.details["source_case_id"] == proceeding.source_case_id


def test_a_member_without_a_staff_role_cannot_open_a_complaint(member, respondent) -> None:
    with pytest.raises(NotPermitted):
        open_complaint(member, respondent, from_case=False)
    assert not Proceeding.objects.exists()


def test_a_complaint_needs_known_conduct_and_a_description(caseworker, respondent) -> None:
    with pytest.raises(UnknownConduct):
        services.complaint_open(
            caseworker,
            respondent=respondent,
            allegations=[("rudeness", "Was rude")],
            complainant_user=None,
            complainant_anonymous_to_respondent=False,
            source_case_id=None,
            evidence_ids=[],
        )
    with pytest.raises(ReasonRequired):
        services.complaint_open(
            caseworker,
            respondent=respondent,
            allegations=[(Conduct.INSULT, "   ")],
            complainant_user=None,
            complainant_anonymous_to_respondent=False,
            source_case_id=None,
            evidence_ids=[],
        )
    assert not Proceeding.objects.exists()


def test_sexual_harassment_keeps_the_complainant_anonymous_until_they_agree(
    caseworker, safeguarding_lead, respondent, member
) -> None:
    proceeding = open_complaint(
        caseworker, respondent, complainant=member, conduct=Conduct.SEXUAL_HARASSMENT
    )
    assert proceeding.sexual_harassment
    assert proceeding.complainant_hidden_from_respondent
    services.complainant_naming_agree(safeguarding_lead, proceeding=proceeding)
    assert not proceeding.complainant_hidden_from_respondent


@pytest.mark.parametrize("missing", ["criteria", "reason"])
def test_an_assessment_without_criteria_or_reason_is_refused_and_nothing_is_saved(
    caseworker, safeguarding_lead, respondent, missing
) -> None:
    proceeding = open_complaint(caseworker, respondent)
    values = {"criteria": "Code of conduct 2.1", "reason": "Serious, evidenced."}
    values[missing] = "  "
    with pytest.raises(ReasonRequired):
        services.proceeding_assess(
            safeguarding_lead,
            proceeding=proceeding,
            outcome=AssessmentOutcome.INVESTIGATE,
            **values,
        )
    proceeding.refresh_from_db()
    assert proceeding.stage == Stage.ASSESSMENT
    assert proceeding.assessment_outcome == ""
    assert not AuditEntry.objects.filter(verb="proceeding.assess").exists()


def test_only_the_safeguarding_lead_assesses(caseworker, respondent) -> None:
    proceeding = open_complaint(caseworker, respondent)
    with pytest.raises(NotPermitted):
        services.proceeding_assess(
            caseworker,
            proceeding=proceeding,
            outcome=AssessmentOutcome.NO_CASE,
            criteria="c",
            reason="r",
        )


def test_no_case_to_answer_closes_it_and_tells_the_complainant_why(
    caseworker, safeguarding_lead, respondent, member, django_capture_on_commit_callbacks
) -> None:
    proceeding = open_complaint(caseworker, respondent, complainant=member)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.proceeding_assess(
            safeguarding_lead,
            proceeding=proceeding,
            outcome=AssessmentOutcome.NO_CASE,
            criteria="Code of conduct 2.1",
            reason="The account is not the member's.",
        )
    assert proceeding.stage == Stage.CLOSED
    letter = proceeding.letters.get(kind=LetterKind.COMPLAINANT_UPDATE)
    assert "not the member's" in letter.body
    assert [m.to for m in mail.outbox] == [[member.email]]
