"""The remaining steps on the staff pages: interim suspension, representations, extensions."""

from __future__ import annotations

from datetime import timedelta

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.conftest import signed_in
from tests.discipline.conftest import bring_to_hearing, decide_suspension, open_complaint
from upstander.accounts.models import MembershipStatus
from upstander.discipline import services
from upstander.discipline.models import AssessmentOutcome, InterimSuspension, Representation


def test_interim_suspension_is_proposed_and_approved_by_different_people_on_the_page(
    client: Client, caseworker, *, safeguarding_lead, administrator, respondent
) -> None:
    proceeding = open_complaint(caseworker, respondent)
    services.proceeding_assess(
        safeguarding_lead,
        proceeding=proceeding,
        outcome=AssessmentOutcome.INVESTIGATE,
        criteria="c",
        reason="r",
    )
    signed_in(client, safeguarding_lead)
    review = (timezone.localdate() + timedelta(days=14)).isoformat()
    response = client.post(
        reverse("discipline:staff_step", args=[proceeding.pk, "interim"]),
        {"interim-criteria": "Risk of harm", "interim-reason": "", "interim-review_on": review},
    )
    assert response.status_code == 400
    assert not InterimSuspension.objects.exists()
    client.post(
        reverse("discipline:staff_step", args=[proceeding.pk, "interim"]),
        {
            "interim-criteria": "Risk of harm",
            "interim-reason": "New threats arrive daily.",
            "interim-review_on": review,
        },
    )
    approve = reverse("discipline:staff_step", args=[proceeding.pk, "interim_approve"])
    refused = client.post(approve, follow=True)
    assert "outside the investigation" in refused.content.decode()
    respondent.refresh_from_db()
    assert respondent.status == MembershipStatus.ACTIVE
    signed_in(client, administrator)
    client.post(approve)
    respondent.refresh_from_db()
    assert respondent.status == MembershipStatus.SUSPENDED


def test_a_panel_member_records_an_approach_without_seeing_other_representations(
    client: Client, caseworker, *, safeguarding_lead, respondent, decision_panel, guide
) -> None:
    proceeding = open_complaint(caseworker, respondent)
    bring_to_hearing(
        proceeding, lead=safeguarding_lead, investigator=caseworker, panel=decision_panel
    )
    services.representation_record(
        caseworker,
        proceeding=proceeding,
        official_name="Cllr Grey",
        official_position="",
        summary="Drop it.",
    )
    signed_in(client, decision_panel[1])
    response = client.post(
        reverse("discipline:staff_step", args=[proceeding.pk, "representation"]),
        {
            "representation-official_name": "Regional organiser",
            "representation-official_position": "Staff",
            "representation-summary": "Phoned to ask how I would vote.",
        },
    )
    assert response["Location"] == reverse("discipline:panel", args=[proceeding.pk])
    assert Representation.objects.filter(approached=decision_panel[1]).exists()
    panel_page = client.get(reverse("discipline:panel", args=[proceeding.pk])).content.decode()
    assert "Cllr Grey" not in panel_page
    signed_in(client, safeguarding_lead)
    lead_page = client.get(
        reverse("discipline:staff_detail", args=[proceeding.pk])
    ).content.decode()
    assert "Regional organiser" in lead_page
    assert "Cllr Grey" in lead_page


def test_only_a_lead_sees_and_uses_the_extension_form(
    client: Client,
    caseworker,
    *,
    safeguarding_lead,
    administrator,
    respondent,
    decision_panel,
    guide,
) -> None:
    proceeding = open_complaint(caseworker, respondent)
    bring_to_hearing(
        proceeding, lead=safeguarding_lead, investigator=caseworker, panel=decision_panel
    )
    decide_suspension(proceeding, decision_panel)
    extend = reverse("discipline:staff_step", args=[proceeding.pk, "extend"])
    until = (timezone.localdate() + timedelta(days=20)).isoformat()
    signed_in(client, administrator)
    assert (
        "Extend the appeal window"
        not in client.get(reverse("discipline:staff_detail", args=[proceeding.pk])).content.decode()
    )
    refused = client.post(extend, {"extend-until": until, "extend-reason": "Asked nicely"})
    assert refused.status_code == 400
    signed_in(client, safeguarding_lead)
    assert (
        "Extend the appeal window"
        in client.get(reverse("discipline:staff_detail", args=[proceeding.pk])).content.decode()
    )
    client.post(extend, {"extend-until": until, "extend-reason": "In hospital all week."})
    proceeding.refresh_from_db()
    assert proceeding.appeal_deadline is not None
    assert proceeding.appeal_deadline.isoformat() == until
