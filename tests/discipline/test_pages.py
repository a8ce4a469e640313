"""The discipline pages: who sees what, every look audited, bad input writes nothing."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from html import escape

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.conftest import form_key, signed_in
from tests.discipline.conftest import bring_to_hearing, consented_case, open_complaint
from upstander.accounts.models import Role
from upstander.accounts.services import role_grant
from upstander.audit.models import AuditEntry
from upstander.core.quarters import quarter_of
from upstander.discipline import selectors, services
from upstander.discipline.models import Proceeding, Stage


@pytest.fixture
def at_hearing(caseworker, *, safeguarding_lead, respondent, member, decision_panel, guide):
    proceeding = open_complaint(caseworker, respondent, complainant=member)
    bring_to_hearing(
        proceeding, lead=safeguarding_lead, investigator=caseworker, panel=decision_panel
    )
    services.representation_record(
        caseworker,
        proceeding=proceeding,
        official_name="Cllr Grey",
        official_position="Group leader",
        summary="Asked for the case to be dropped before the election.",
    )
    return proceeding


def test_outsiders_and_members_cannot_see_proceedings(client: Client, outsider, at_hearing) -> None:
    signed_in(client, outsider)
    assert client.get(reverse("discipline:staff_list")).status_code == 403
    assert client.get(reverse("discipline:staff_detail", args=[at_hearing.pk])).status_code == 403
    assert client.get(reverse("discipline:panel", args=[at_hearing.pk])).status_code == 403


def test_the_lead_sees_the_whole_proceeding_and_the_look_is_audited(
    client: Client, safeguarding_lead, at_hearing
) -> None:
    signed_in(client, safeguarding_lead)
    page = client.get(reverse("discipline:staff_detail", args=[at_hearing.pk]))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Cllr Grey" in text  # representations are visible to the lead
    assert f"Case {at_hearing.source_case_id}" in text
    entry = AuditEntry.objects.filter(verb="proceeding.view").last()
    assert entry is not None
    assert entry.actor_user_id == safeguarding_lead.pk
    assert entry.details == {"view": "staff"}


def test_the_panel_sees_only_what_the_proceeding_discloses_and_each_look_is_audited(
    client: Client, decision_panel, at_hearing, member
) -> None:
    signed_in(client, decision_panel[0])
    # A panel member asking for the full proceeding is sent to the panel's view.
    full = client.get(reverse("discipline:staff_detail", args=[at_hearing.pk]))
    assert full.status_code == 302
    assert full["Location"] == reverse("discipline:panel", args=[at_hearing.pk])
    page = client.get(reverse("discipline:panel", args=[at_hearing.pk]))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Sent dozens of abusive replies" in text
    assert "I was angry and I regret it." in text
    assert "Formal warning to Suspension" in text
    case = f"Case {at_hearing.source_case_id}"
    for hidden in (case, "Cllr Grey", member.email, "Robin Respondent (M-9001)"):
        assert hidden not in text
    assert AuditEntry.objects.filter(
        verb="proceeding.view", actor_user_id=decision_panel[0].pk, details={"view": "panel"}
    ).exists()


def test_a_panel_member_cannot_open_the_underlying_case(
    client: Client, caseworker, *, safeguarding_lead, respondent, protected_person, decision_panel
) -> None:
    from upstander.cases.services import case_open_from_review, case_triage, consultation_record
    from upstander.evidence.services import evidence_capture_text

    item = evidence_capture_text(caseworker, text="you'll regret standing")
    case = case_open_from_review(
        caseworker,
        protected_person=protected_person,
        evidence=[item],
        summary="Abusive replies from a member's account",
        offending_accounts=[("bluesky", "robin.bsky.social")],
    )
    # The person targeted agrees a panel may see the evidence (without it, it stays out).
    case_triage(
        caseworker,
        case=case,
        severity=3,
        category="harassment",
        protected_person=protected_person,
        summary="Abusive replies from a member's account",
    )
    consultation_record(
        caseworker,
        case=case,
        held_on=date(2026, 11, 2),
        method="phone",
        wishes=["disciplinary"],
        consent_police=False,
        consent_panel=True,
    )
    proceeding = services.complaint_open(
        caseworker,
        respondent=respondent,
        allegations=[("harassment", "Abusive replies")],
        complainant_user=protected_person,
        complainant_anonymous_to_respondent=False,
        source_case_id=case.pk,
        evidence_ids=[item.pk],
    )
    services.proceeding_assess(
        safeguarding_lead,
        proceeding=proceeding,
        outcome="investigate",  # type: ignore[arg-type]
        criteria="c",
        reason="r",
    )
    services.seat_appoint(
        safeguarding_lead,
        proceeding=proceeding,
        person=decision_panel[0],
        seat="decision_panel",  # type: ignore[arg-type]
    )
    case_url = reverse("cases:detail", args=[case.pk])
    assert signed_in(Client(), caseworker).get(case_url).status_code == 200
    signed_in(client, decision_panel[0])
    panel_page = client.get(reverse("discipline:panel", args=[proceeding.pk])).content.decode()
    assert case_url not in panel_page
    assert client.get(case_url).status_code in (403, 404)


def test_the_panel_page_takes_the_decision_only_once_the_hearing_has_taken_place(
    client: Client, caseworker, *, safeguarding_lead, respondent, decision_panel, guide
) -> None:
    proceeding = bring_to_hearing(
        open_complaint(caseworker, respondent),
        lead=safeguarding_lead,
        investigator=caseworker,
        panel=decision_panel,
        held=False,
    )
    assert proceeding.hearing_at is not None
    panel_url = reverse("discipline:panel", args=[proceeding.pk])
    decide_url = reverse("discipline:panel_decide", args=[proceeding.pk, "decide"])
    decision = {
        "decide-sanction": 3,
        "decide-ends_on": (proceeding.hearing_at.date() + timedelta(days=180)).isoformat(),
        "decide-criteria": "Guide v1, harassment",
        "decide-reason": "Sustained harassment.",
    }
    page = signed_in(client, decision_panel[0]).get(panel_url).content.decode()
    assert 'id="step-decide"' not in page
    assert "once the hearing has taken place" in page
    refused = client.post(decide_url, decision)
    assert refused.status_code == 400
    assert "once the hearing has taken place" in refused.content.decode()
    proceeding.refresh_from_db()
    assert proceeding.stage == Stage.HEARING
    assert not proceeding.decisions.exists()
    with time_machine.travel(proceeding.hearing_at + timedelta(hours=1)):
        page = signed_in(client, decision_panel[0]).get(panel_url).content.decode()
        assert 'id="step-decide"' in page
        assert client.post(decide_url, decision).status_code == 302
    proceeding.refresh_from_db()
    assert proceeding.stage == Stage.APPEAL_WINDOW


def test_a_decision_without_reasons_is_refused_on_the_page_and_nothing_is_written(
    client: Client, decision_panel, at_hearing, respondent
) -> None:
    signed_in(client, decision_panel[0])
    response = client.post(
        reverse("discipline:panel_decide", args=[at_hearing.pk, "decide"]),
        {
            "decide-sanction": 3,
            "decide-ends_on": (timezone.localdate() + timedelta(days=180)).isoformat(),
            "decide-criteria": "Guide v1",
            "decide-reason": "",
        },
    )
    assert response.status_code == 400
    assert "This field is required" in response.content.decode()
    at_hearing.refresh_from_db()
    assert at_hearing.stage == Stage.HEARING
    assert not at_hearing.decisions.exists()


def test_the_panel_decides_on_the_page_and_the_letter_downloads_as_pdf(
    client: Client, decision_panel, at_hearing, respondent_user
) -> None:
    signed_in(client, decision_panel[0])
    response = client.post(
        reverse("discipline:panel_decide", args=[at_hearing.pk, "decide"]),
        {
            "decide-sanction": 3,
            "decide-ends_on": (timezone.localdate() + timedelta(days=180)).isoformat(),
            "decide-criteria": "Guide v1, harassment",
            "decide-reason": "Sustained harassment.",
            "decide-education_course": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()
    at_hearing.refresh_from_db()
    assert at_hearing.stage == Stage.APPEAL_WINDOW
    letter = at_hearing.letters.get(kind="decision")
    # The member reads their own letter (and its PDF) from their account.
    member_client = signed_in(Client(), respondent_user)
    mine = member_client.get(reverse("discipline:my_letters")).content.decode()
    assert escape(letter.subject) in mine
    pdf = member_client.get(reverse("discipline:letter_pdf", args=[letter.pk]))
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF-")
    # Another member cannot.
    assert client.get(reverse("discipline:letter", args=[letter.pk])).status_code == 404


def test_an_assessment_without_a_reason_is_a_400_and_writes_nothing(
    client: Client, safeguarding_lead, caseworker, respondent
) -> None:
    proceeding = open_complaint(caseworker, respondent)
    signed_in(client, safeguarding_lead)
    response = client.post(
        reverse("discipline:staff_step", args=[proceeding.pk, "assess"]),
        {"assess-outcome": "investigate", "assess-criteria": "Code 2.1", "assess-reason": ""},
    )
    assert response.status_code == 400
    proceeding.refresh_from_db()
    assert proceeding.stage == Stage.ASSESSMENT


def test_a_case_worker_opens_a_complaint_on_the_page(
    client: Client, caseworker, respondent, member
) -> None:
    case_id = consented_case(caseworker, member)
    signed_in(client, caseworker)
    form = client.get(reverse("discipline:staff_open") + f"?member=M-9001&case={case_id}")
    assert 'value="M-9001"' in form.content.decode()
    response = client.post(
        reverse("discipline:staff_open"), _complaint(member, form_key(form), case_id)
    )
    proceeding = Proceeding.objects.get()
    assert response.status_code == 302
    assert proceeding.source_case_id == case_id
    assert proceeding.complainant_user == member


def _complaint(complainant, key: str | None, case_id: int) -> dict[str, str]:
    sent = {
        "membership_number": "M-9001",
        "conduct": "threats",
        "description": "Threatened to 'find' her at the count.",
        "complainant_email": complainant.email,
        "source_case_id": str(case_id),
        "evidence_ids": "",
    }
    return sent if key is None else {**sent, "submission_key": key}


def test_double_submit_opens_one_proceeding(client: Client, caseworker, respondent, member) -> None:
    case_id = consented_case(caseworker, member)
    signed_in(client, caseworker)
    sent = _complaint(member, form_key(client.get(reverse("discipline:staff_open"))), case_id)
    first = client.post(reverse("discipline:staff_open"), sent)
    second = client.post(reverse("discipline:staff_open"), sent, follow=True)
    proceeding = Proceeding.objects.get()
    detail = reverse("discipline:staff_detail", args=[proceeding.pk])
    assert first["Location"] == detail
    assert second.redirect_chain == [(detail, 302)]
    assert b"already opened" in second.content
    assert AuditEntry.objects.filter(verb="proceeding.open").count() == 1


def test_a_complaint_without_its_form_key_is_refused_with_a_clear_message(
    client: Client, caseworker, respondent, member
) -> None:
    case_id = consented_case(caseworker, member)
    signed_in(client, caseworker)
    response = client.post(reverse("discipline:staff_open"), _complaint(member, None, case_id))
    assert response.status_code == 400
    assert "not sent in full" in response.content.decode()
    assert not Proceeding.objects.exists()


def test_conflicts_are_refused_on_the_page_with_the_rule_named(
    client: Client, safeguarding_lead, caseworker, respondent, member
) -> None:
    from upstander.accounts.models import Role
    from upstander.accounts.services import role_grant

    proceeding = open_complaint(caseworker, respondent, complainant=member)
    services.proceeding_assess(
        safeguarding_lead,
        proceeding=proceeding,
        outcome="investigate",  # type: ignore[arg-type]
        criteria="c",
        reason="r",
    )
    role_grant(None, user=member, role=Role.PANEL_MEMBER)
    signed_in(client, safeguarding_lead)
    response = client.post(
        reverse("discipline:staff_step", args=[proceeding.pk, "appoint"]),
        {"appoint-email": member.email, "appoint-seat": "decision_panel"},
    )
    assert response.status_code == 400
    assert "the complainant cannot sit" in response.content.decode()


def test_statistics_suppress_small_numbers(
    client: Client, safeguarding_lead, caseworker, respondent
) -> None:
    for _ in range(5):
        open_complaint(caseworker, respondent)
    open_complaint(caseworker, respondent, conduct="threats")  # type: ignore[arg-type]
    with time_machine.travel(_next_quarter_start()):
        signed_in(client, safeguarding_lead)  # a staff session would have expired by then
        text = client.get(reverse("discipline:statistics")).content.decode()
    assert "<td>6</td>" in text  # six open complaints in all
    assert "<td>1</td>" not in text  # the one threat
    assert "<td>5</td>" not in text  # the five harassment ones: 6 - 5 would give the 1 away
    assert "hidden" in text


def _next_quarter_start() -> datetime:
    this = quarter_of(timezone.localdate())
    return timezone.make_aware(datetime.combine(this.ends_before, time(9)))


def test_discipline_statistics_show_closed_quarters_only_and_no_total_gives_a_cell_away(
    client: Client, safeguarding_lead, caseworker, respondent
) -> None:
    for _ in range(6):
        open_complaint(caseworker, respondent)
    open_complaint(caseworker, respondent, conduct="threats")  # type: ignore[arg-type]
    signed_in(client, safeguarding_lead)
    running = client.get(reverse("discipline:statistics")).content.decode()
    # The running quarter is not offered: the newest closed one shows none of these.
    assert quarter_of(timezone.localdate()).label not in running
    assert "<td>6</td>" not in running

    with time_machine.travel(_next_quarter_start()):
        stats = selectors.statistics(quarter_of(timezone.localdate()).previous())
        signed_in(client, safeguarding_lead)  # a staff session would have expired by then
        page = client.get(reverse("discipline:statistics")).content.decode()
    assert f"Proceedings opened in {stats.quarter.label}" in page
    harassment, threats = (
        next(row for row in stats.rows if row.conduct == name) for name in ("Harassment", "Threats")
    )
    assert threats.cells[0].hidden and threats.total.hidden  # the one threat, and its total
    # Printed beside the 6 harassment complaints, the totals would give the 1 away by subtraction.
    assert stats.column_totals[0].hidden or harassment.cells[0].hidden
    assert stats.grand_total.hidden or harassment.total.hidden
    assert "<td>1</td>" not in page


def test_the_sanctions_guide_is_public(client: Client, guide) -> None:
    text = client.get(reverse("discipline:guide")).content.decode()
    assert "Harassment" in text
    assert "Formal warning to Suspension" in text


def test_the_panel_sees_how_the_factors_move_the_range_with_or_without_javascript(
    client: Client, decision_panel, at_hearing
) -> None:
    signed_in(client, decision_panel[0])
    url = reverse("discipline:panel", args=[at_hearing.pk])
    page = client.get(url, {"factors": ["repeated", "after_warning"]}).content.decode()
    assert "With 2 factors: <strong>Suspension to Expulsion</strong>" in page
    partial = client.get(url, {"factors": ["first_matter"]}, headers={"HX-Request": "true"})
    text = partial.content.decode()
    assert "<strong>Reprimand to Suspension</strong>" in text
    assert "<html" not in text
    assert "Sent dozens" not in text


def test_only_those_the_panel_view_admits_see_the_link_to_it(
    client: Client, caseworker, safeguarding_lead, at_hearing
) -> None:
    panel_url = reverse("discipline:panel", args=[at_hearing.pk])
    detail_url = reverse("discipline:staff_detail", args=[at_hearing.pk])
    signed_in(client, caseworker)  # the investigator: the whole proceeding, not the panel's papers
    page = client.get(detail_url)
    assert page.status_code == 200
    assert panel_url not in page.content.decode()
    assert client.get(panel_url).status_code == 403
    signed_in(client, safeguarding_lead)
    assert panel_url in client.get(detail_url).content.decode()


def test_a_party_who_is_a_lead_sees_their_proceeding_only_on_their_own_pages(
    client: Client, *, caseworker, respondent_user, respondent, member, guide
) -> None:
    role_grant(None, user=respondent_user, role=Role.SAFEGUARDING_LEAD)
    proceeding = services.complaint_open(
        caseworker,
        respondent=respondent,
        allegations=[("harassment", "Replies to a candidate")],
        complainant_user=member,
        complainant_anonymous_to_respondent=True,
        source_case_id=None,
        evidence_ids=[],
    )
    assert proceeding.complainant_hidden_from_respondent
    signed_in(client, respondent_user)
    page = client.get(reverse("discipline:staff_detail", args=[proceeding.pk]))
    assert page.status_code == 403
    assert member.email not in page.content.decode()
    assert client.get(reverse("discipline:panel", args=[proceeding.pk])).status_code == 403
    listed = client.get(reverse("discipline:staff_list")).content.decode()
    assert proceeding.reference not in listed
    assert not selectors.proceedings_for(respondent_user).exists()
    assessed = client.post(
        reverse("discipline:staff_step", args=[proceeding.pk, "assess"]),
        {"assess-outcome": "no_case", "assess-criteria": "Mine.", "assess-reason": "None."},
    )
    assert assessed.status_code == 403
    proceeding.refresh_from_db()
    assert proceeding.stage == Stage.ASSESSMENT
