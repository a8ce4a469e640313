"""Opening a complaint and assessing it: every decision needs criteria and a written reason."""

from __future__ import annotations

from datetime import date, timedelta
from smtplib import SMTPServerDisconnected
from unittest import mock

import pytest
from django.core import mail
from django.utils import timezone

from tests.discipline.conftest import open_complaint
from upstander.accounts.models import Role
from upstander.accounts.services import role_grant
from upstander.audit.models import AuditEntry
from upstander.core.errors import NotPermitted
from upstander.core.mail import mail_failed_count, mail_send_due
from upstander.discipline import services
from upstander.discipline.errors import PartyCannotAct, ReasonRequired, UnknownConduct
from upstander.discipline.models import (
    AssessmentOutcome,
    Conduct,
    ConflictKind,
    Letter,
    LetterKind,
    Proceeding,
    Seat,
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
    # The letter comes from an address nobody reads: it says where they will be heard.
    assert "reply to this email" not in letter.body
    assert "/account/cases/" in letter.body


def test_complaint_from_a_case_needs_consultation_and_consent(
    client, caseworker, safeguarding_lead, respondent, protected_person
) -> None:
    """'Always discuss the situation with the person and talk to them about what they want to
    do': a complaint citing a case waits for the consultation and their consent to a complaint,
    and is opened only by someone on the case's need-to-know."""
    from tests.cases.helpers import consulted_case, triaged_case
    from tests.conftest import enable_totp, form_key, make_person, signed_in
    from upstander.accounts.models import Role, User
    from upstander.cases.selectors import case_evidence_ids
    from upstander.cases.services import case_action_take, consultation_record
    from upstander.discipline.errors import CaseConsentRequired

    def complaint(actor: User, case_id: int, complainant: User | None = None) -> Proceeding:
        return services.complaint_open(
            actor,
            respondent=respondent,
            allegations=[(Conduct.THREATS, "Threatened to 'find' her at the count.")],
            complainant_user=complainant,
            complainant_anonymous_to_respondent=False,
            source_case_id=case_id,
            evidence_ids=[],
        )

    # Not yet consulted: refused, in the service and on the page (a form error, not a 500).
    case = triaged_case(caseworker, protected_person)
    with pytest.raises(CaseConsentRequired, match="record the consultation first"):
        complaint(caseworker, case.pk, protected_person)
    signed_in(client, caseworker)
    page = client.post(
        "/staff/discipline/new/",
        {
            "submission_key": form_key(client.get("/staff/discipline/new/")),
            "membership_number": respondent.membership_number,
            "conduct": "threats",
            "description": "Threatened to 'find' her at the count.",
            "source_case_id": str(case.pk),
            "evidence_ids": "",
        },
    )
    assert page.status_code == 400
    assert "record the consultation first" in page.content.decode()

    # Consulted, but they asked for a block, not a complaint: still refused.
    consultation_record(
        caseworker,
        case=case,
        held_on=date(2026, 11, 2),
        method="phone",
        wishes=["block"],
        consent_police=False,
        consent_panel=True,
    )
    with pytest.raises(CaseConsentRequired, match="did not ask for a disciplinary complaint"):
        complaint(caseworker, case.pk, protected_person)

    # A worker refused the case page may not cite it (nor its evidence), consent or not.
    consenting = consulted_case(caseworker, protected_person, wishes=("disciplinary",))
    stranger = make_person("olu.other@example.org", Role.CASE_WORKER)
    enable_totp(stranger)
    with pytest.raises(CaseConsentRequired, match="assigned to case"):
        complaint(stranger, consenting.pk)
    signed_in(client, stranger)
    page = client.post(
        "/staff/discipline/new/",
        {
            "submission_key": form_key(client.get("/staff/discipline/new/")),
            "membership_number": respondent.membership_number,
            "conduct": "threats",
            "description": "Threatened to 'find' her at the count.",
            "source_case_id": str(consenting.pk),
            "evidence_ids": ", ".join(map(str, case_evidence_ids(consenting))),
        },
    )
    assert page.status_code == 400
    assert not Proceeding.objects.exists()

    # Consulted and they asked for a complaint: opened, with them as the complainant.
    proceeding = complaint(caseworker, consenting.pk, protected_person)
    assert proceeding.complainant_user == protected_person

    # A lead may override, with a written reason; the party complains, the person is not named.
    consultation_record(
        caseworker,
        case=case,
        held_on=date(2026, 11, 3),
        method="phone",
        wishes=["block"],
        consent_police=False,
        consent_panel=False,
    )
    case_action_take(
        safeguarding_lead,
        case=case,
        kind="disciplinary",
        safeguarding_reason="The member has threatened three other councillors this month.",
    )
    with pytest.raises(CaseConsentRequired, match="not named"):
        complaint(safeguarding_lead, case.pk, protected_person)
    assert complaint(safeguarding_lead, case.pk).complainant_user is None


def test_a_letter_the_mail_server_refuses_is_sent_once_it_is_back(
    caseworker, safeguarding_lead, respondent, member, django_capture_on_commit_callbacks
):
    proceeding = open_complaint(caseworker, respondent, complainant=member)
    mail.outbox.clear()
    with (
        mock.patch(
            "django.core.mail.backends.locmem.EmailBackend.send_messages",
            side_effect=SMTPServerDisconnected("connection dropped"),
        ),
        django_capture_on_commit_callbacks(execute=True),
    ):
        services.proceeding_assess(
            safeguarding_lead,
            proceeding=proceeding,
            outcome=AssessmentOutcome.NO_CASE,
            criteria="Code of conduct 2.1",
            reason="The account is not the member's.",
        )
    assert mail.outbox == []
    assert mail_failed_count() == 0  # not given up on: waiting for its next try
    mail_send_due(now=timezone.now() + timedelta(days=2))  # the server is back
    assert [m.to for m in mail.outbox] == [[member.email]]
    letter = Letter.objects.filter(proceeding=proceeding).latest("pk")
    assert mail.outbox[0].subject == letter.subject


def test_the_member_complained_about_cannot_assess_their_own_complaint_even_as_a_lead(
    caseworker, respondent_user, respondent, member, guide
) -> None:
    role_grant(None, user=respondent_user, role=Role.SAFEGUARDING_LEAD)
    proceeding = open_complaint(caseworker, respondent, complainant=member)
    with pytest.raises(PartyCannotAct):
        services.proceeding_assess(
            respondent_user,
            proceeding=proceeding,
            outcome=AssessmentOutcome.NO_CASE,
            criteria="My own reading.",
            reason="Nothing to answer.",
        )
    proceeding.refresh_from_db()
    assert proceeding.stage == Stage.ASSESSMENT
    assert not AuditEntry.objects.filter(verb="proceeding.assess").exists()


def test_a_party_who_is_a_lead_takes_no_step_in_their_own_proceeding(
    caseworker, *, safeguarding_lead, respondent_user, respondent, member, decision_panel, guide
) -> None:
    role_grant(None, user=respondent_user, role=Role.SAFEGUARDING_LEAD)
    role_grant(None, user=member, role=Role.SAFEGUARDING_LEAD)
    proceeding = open_complaint(caseworker, respondent, complainant=member)
    services.proceeding_assess(
        safeguarding_lead,
        proceeding=proceeding,
        outcome=AssessmentOutcome.INVESTIGATE,
        criteria="c",
        reason="r",
    )
    for party in (respondent_user, member):
        with pytest.raises(PartyCannotAct):
            services.seat_appoint(
                party, proceeding=proceeding, person=decision_panel[0], seat=Seat.DECISION_PANEL
            )
        with pytest.raises(PartyCannotAct):
            services.investigation_complete(party, proceeding=proceeding, report="Nothing.")
        with pytest.raises(PartyCannotAct):
            services.complainant_naming_agree(party, proceeding=proceeding)
        with pytest.raises(PartyCannotAct):
            services.conflict_declare(
                party,
                person=decision_panel[0],
                kind=ConflictKind.INTEREST,
                proceeding=proceeding,
                note="Knocked off by a party.",
            )
    proceeding.refresh_from_db()
    assert proceeding.investigation_completed_at is None
    assert not proceeding.complainant_agreed_to_be_named
    assert not proceeding.appointments.exists()
