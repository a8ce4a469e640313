"""Separated roles and panels free of conflicts: an attempt is refused with the rule named."""

from __future__ import annotations

import pytest

from tests.discipline.conftest import (
    bring_to_hearing,
    decide_suspension,
    make_member,
    make_panel_member,
    open_complaint,
)
from upstander.accounts.models import Role
from upstander.accounts.services import role_grant
from upstander.discipline import services
from upstander.discipline.errors import (
    ConflictOfInterest,
    PanelFull,
    PanelIncomplete,
    RolesMustBeSeparate,
    SeatNeedsRole,
)
from upstander.discipline.models import Appointment, AssessmentOutcome, ConflictKind, Seat


@pytest.fixture
def investigating(caseworker, safeguarding_lead, respondent, member):
    proceeding = open_complaint(caseworker, respondent, complainant=member)
    services.proceeding_assess(
        safeguarding_lead,
        proceeding=proceeding,
        outcome=AssessmentOutcome.INVESTIGATE,
        criteria="Code 2.1",
        reason="Evidenced.",
    )
    return proceeding


def test_the_complainant_cannot_sit(investigating, safeguarding_lead, member) -> None:
    role_grant(None, user=member, role=Role.PANEL_MEMBER)
    with pytest.raises(ConflictOfInterest, match="complainant"):
        services.seat_appoint(
            safeguarding_lead, proceeding=investigating, person=member, seat=Seat.DECISION_PANEL
        )
    assert not Appointment.objects.exists()


def test_the_respondent_cannot_investigate_their_own_case(
    investigating, safeguarding_lead, respondent_user
) -> None:
    with pytest.raises(ConflictOfInterest, match="member complained about"):
        services.seat_appoint(
            safeguarding_lead,
            proceeding=investigating,
            person=respondent_user,
            seat=Seat.INVESTIGATOR,
        )


def test_someone_from_the_same_branch_cannot_sit(investigating, safeguarding_lead) -> None:
    neighbour = make_panel_member("neighbour")
    make_member("M-9100", "Nel", "Neighbour", branch="Riverside", user=neighbour)
    with pytest.raises(ConflictOfInterest, match="same branch"):
        services.seat_appoint(
            safeguarding_lead, proceeding=investigating, person=neighbour, seat=Seat.DECISION_PANEL
        )
    elsewhere = make_panel_member("elsewhere")
    make_member("M-9101", "Eve", "Elsewhere", branch="Old Town", user=elsewhere)
    services.seat_appoint(
        safeguarding_lead, proceeding=investigating, person=elsewhere, seat=Seat.DECISION_PANEL
    )


@pytest.mark.parametrize("kind", [ConflictKind.FAMILY, ConflictKind.INTEREST])
def test_a_declared_family_tie_or_interest_keeps_a_person_off_the_panel(
    investigating, safeguarding_lead, respondent, kind
) -> None:
    cousin = make_panel_member("cousin")
    services.conflict_declare(cousin, person=cousin, kind=kind, member=respondent, note="")
    with pytest.raises(ConflictOfInterest, match="recorded conflict"):
        services.seat_appoint(
            safeguarding_lead, proceeding=investigating, person=cousin, seat=Seat.DECISION_PANEL
        )


def test_the_investigator_cannot_sit_on_the_panel(
    investigating, safeguarding_lead, caseworker
) -> None:
    role_grant(None, user=caseworker, role=Role.PANEL_MEMBER)
    services.seat_appoint(
        safeguarding_lead, proceeding=investigating, person=caseworker, seat=Seat.INVESTIGATOR
    )
    with pytest.raises(RolesMustBeSeparate, match="different people"):
        services.seat_appoint(
            safeguarding_lead, proceeding=investigating, person=caseworker, seat=Seat.DECISION_PANEL
        )


def test_a_panel_has_three_members_and_only_panel_members_sit(
    investigating, safeguarding_lead, decision_panel, caseworker
) -> None:
    with pytest.raises(SeatNeedsRole):
        services.seat_appoint(
            safeguarding_lead, proceeding=investigating, person=caseworker, seat=Seat.DECISION_PANEL
        )
    for person in decision_panel:
        services.seat_appoint(
            safeguarding_lead, proceeding=investigating, person=person, seat=Seat.DECISION_PANEL
        )
    with pytest.raises(PanelFull):
        services.seat_appoint(
            safeguarding_lead,
            proceeding=investigating,
            person=make_panel_member("fourth"),
            seat=Seat.DECISION_PANEL,
        )


def test_nobody_from_the_first_panel_sits_on_the_appeal_panel(
    caseworker, *, safeguarding_lead, respondent, decision_panel, appeal_panel, guide
) -> None:
    proceeding = open_complaint(caseworker, respondent)
    bring_to_hearing(
        proceeding, lead=safeguarding_lead, investigator=caseworker, panel=decision_panel
    )
    decide_suspension(proceeding, decision_panel)
    with pytest.raises(RolesMustBeSeparate):
        services.seat_appoint(
            safeguarding_lead,
            proceeding=proceeding,
            person=decision_panel[1],
            seat=Seat.APPEAL_PANEL,
        )
    services.seat_appoint(
        safeguarding_lead, proceeding=proceeding, person=appeal_panel[0], seat=Seat.APPEAL_PANEL
    )


def test_a_panel_with_fewer_than_three_cannot_decide(
    caseworker, safeguarding_lead, respondent, decision_panel, guide
) -> None:
    proceeding = open_complaint(caseworker, respondent)
    bring_to_hearing(
        proceeding, lead=safeguarding_lead, investigator=caseworker, panel=decision_panel[:2]
    )
    with pytest.raises(PanelIncomplete):
        decide_suspension(proceeding, decision_panel)
    assert not proceeding.decisions.exists()
