from __future__ import annotations

from datetime import date

import pytest

from tests.cases.helpers import consulted_case, reported_case, triaged_case
from upstander.audit.models import AuditEntry
from upstander.cases.errors import (
    CaseAlreadyOpen,
    ConsultationRequired,
    InvalidCaseTransition,
    OverrideNeedsSafeguardingLead,
    SafeguardingReasonRequired,
)
from upstander.cases.models import CaseAction, CaseState, PoliceReferral
from upstander.cases.services import (
    case_action_take,
    case_close,
    case_decide,
    case_open_from_report,
    case_reopen,
    case_triage,
    consultation_record,
    police_referral_record,
)
from upstander.reports.models import ReportStatus


@pytest.mark.django_db
def test_a_case_moves_through_every_stage_to_closed_and_can_reopen(caseworker, protected_person):
    case = consulted_case(caseworker, protected_person)
    assert case.state == CaseState.CONSULTING and case.consulted_at is not None
    case_decide(caseworker, case=case)
    assert case.state == CaseState.ACTION and case.decided_at is not None
    case_action_take(caseworker, case=case, kind="block")
    case_close(caseworker, case=case, outcome="blocked")
    assert case.state == CaseState.CLOSED and case.outcome == "blocked"
    assert case.report.status == ReportStatus.CLOSED  # type: ignore[union-attr]
    case_reopen(caseworker, case=case, reason="More replies arrived.")
    assert case.state == CaseState.TRIAGED and case.outcome == "" and case.closed_at is None
    verbs = list(
        AuditEntry.objects.filter(target_type="cases.case", target_id=str(case.pk)).values_list(
            "verb", flat=True
        )
    )
    assert verbs == [
        "case.open", "case.triage", "case.consultation", "case.decide", "case.action",
        "case.close", "case.reopen",
    ]  # fmt: skip


@pytest.mark.django_db
def test_case_cannot_be_actioned_before_the_victim_is_consulted(caseworker):
    case = triaged_case(caseworker)
    with pytest.raises(ConsultationRequired):
        case_action_take(caseworker, case=case, kind="block")
    with pytest.raises(ConsultationRequired):
        police_referral_record(caseworker, case=case, force="Met", referred_on=date(2026, 11, 3))
    with pytest.raises(ConsultationRequired):
        case_close(caseworker, case=case, outcome="blocked")
    case.refresh_from_db()
    assert case.state == CaseState.TRIAGED
    assert not CaseAction.objects.exists() and not PoliceReferral.objects.exists()


@pytest.mark.django_db
def test_an_invalid_move_raises_and_changes_nothing(caseworker):
    case = reported_case(caseworker)
    entries = AuditEntry.objects.count()
    with pytest.raises(InvalidCaseTransition):
        case_decide(caseworker, case=case)
    with pytest.raises(InvalidCaseTransition):
        case_close(caseworker, case=case, outcome="no_action")
    with pytest.raises(InvalidCaseTransition):
        consultation_record(
            caseworker, case=case, held_on=date(2026, 11, 2), method="phone",
            wishes=["support"], consent_police=False, consent_panel=False,
        )  # fmt: skip
    case.refresh_from_db()
    assert case.state == CaseState.NEW
    assert AuditEntry.objects.count() == entries


@pytest.mark.django_db
def test_a_report_becomes_one_case_only(caseworker):
    case = reported_case(caseworker)
    with pytest.raises(CaseAlreadyOpen):
        case_open_from_report(caseworker, report=case.report)  # type: ignore[arg-type]


@pytest.mark.django_db
def test_identity_based_abuse_needs_the_targeted_characteristic(caseworker):
    case = reported_case(caseworker)
    with pytest.raises(Exception, match="characteristic"):
        case_triage(caseworker, case=case, severity=2, category="identity_based")
    case_triage(
        caseworker, case=case, severity=2, category="identity_based",
        targeted_characteristic="lgbti",
    )  # fmt: skip
    assert case.targeted_characteristic == "lgbti"


@pytest.mark.django_db
def test_acting_beyond_the_wishes_needs_a_safeguarding_lead(caseworker):
    case = consulted_case(caseworker, wishes=("support",))
    with pytest.raises(OverrideNeedsSafeguardingLead):
        case_action_take(caseworker, case=case, kind="block", safeguarding_reason="Threat to life")
    assert not CaseAction.objects.exists()


@pytest.mark.django_db
def test_override_without_reason_is_refused(safeguarding_lead):
    case = consulted_case(safeguarding_lead, wishes=("support",), consent_police=False)
    with pytest.raises(SafeguardingReasonRequired):
        police_referral_record(
            safeguarding_lead, case=case, force="Met", referred_on=date(2026, 11, 3)
        )
    assert not PoliceReferral.objects.exists()
    referral = police_referral_record(
        safeguarding_lead,
        case=case,
        force="Met",
        referred_on=date(2026, 11, 3),
        safeguarding_reason="Explicit threat to kill with her home address.",
    )
    action = CaseAction.objects.get(pk=referral.action_id)
    assert action.against_wishes and "threat to kill" in action.safeguarding_reason
    entry = AuditEntry.objects.get(verb="case.police_referral")
    assert entry.details["against_wishes"] is True and "victim_consent" not in entry.details


@pytest.mark.django_db
def test_police_referral_with_consent_records_the_evidence(caseworker):
    case = consulted_case(caseworker)
    referral = police_referral_record(
        caseworker,
        case=case,
        force="West Yorkshire Police",
        crime_reference="13/123456/26",
        officer_name="DC Jones",
        officer_contact="dc.jones@police.example",
        referred_on=date(2026, 11, 3),
    )
    assert referral.victim_consent
    assert referral.evidence_ids == [case.report.evidence.get().pk]  # type: ignore[union-attr]
    case.refresh_from_db()
    assert case.state == CaseState.ACTION


@pytest.mark.django_db
def test_deadlines_follow_severity_and_first_response_is_noted(caseworker):
    case = reported_case(caseworker)
    assert case.first_response_at is not None
    before = case.first_response_due
    case_triage(caseworker, case=case, severity=4, category="threat_of_violence")
    assert case.first_response_due < before
    assert case.possible_crime


@pytest.mark.django_db
def test_closing_without_consultation_needs_a_lead_reason(client, caseworker, safeguarding_lead):
    """Closing 'withdrawn' or 'no action' decides for the person targeted: before anyone has
    talked to them only a safeguarding lead may, with a written reason; closing is confirmed."""
    from django.urls import reverse

    from tests.conftest import signed_in

    case = case_triage(
        caseworker, case=reported_case(caseworker), severity=4, category="threat_of_violence"
    )
    assert case.get_severity_display() == "Critical: safety at risk"
    with pytest.raises(OverrideNeedsSafeguardingLead):
        case_close(caseworker, case=case, outcome="withdrawn")
    with pytest.raises(SafeguardingReasonRequired):
        case_close(safeguarding_lead, case=case, outcome="no_action", reason="  ")

    # On the page: the case worker's attempt is a clear message, and nothing closes.
    close = reverse("cases:close", args=[case.pk])
    signed_in(client, caseworker)
    detail = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert 'name="confirm"' in detail and 'name="reason"' in detail
    response = client.post(close, {"outcome": "withdrawn", "confirm": "on"}, follow=True)
    assert "only a safeguarding lead may close a case without one" in response.content.decode()
    # Without the confirmation nothing happens either, even for a lead with a reason.
    signed_in(client, safeguarding_lead)
    reason = "Reported in error by the same person twice; the councillor confirmed by email."
    response = client.post(close, {"outcome": "no_action", "reason": reason}, follow=True)
    assert "Tick the box to confirm" in response.content.decode()
    case.refresh_from_db()
    assert case.state == CaseState.TRIAGED

    client.post(close, {"outcome": "no_action", "reason": reason, "confirm": "on"})
    case.refresh_from_db()
    assert (case.state, case.outcome, case.closing_reason) == ("closed", "no_action", reason)
    entry = AuditEntry.objects.filter(verb="case.close").get()
    assert entry.actor_user_id == safeguarding_lead.pk
    assert entry.details == {
        "outcome": "no_action",
        "consulted": False,
        "reason_length": len(reason),
    }

    # After a consultation a case worker closes it as before, with no reason asked.
    reopened = case_reopen(safeguarding_lead, case=case, reason="The councillor rang back.")
    assert reopened.closing_reason == ""
    consulted = consulted_case(caseworker, wishes=("record_only",))
    case_close(caseworker, case=consulted, outcome="withdrawn")
    assert consulted.state == CaseState.CLOSED and consulted.closing_reason == ""
