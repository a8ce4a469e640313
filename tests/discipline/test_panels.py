"""Separated roles and panels free of conflicts: an attempt is refused with the rule named."""

from __future__ import annotations

import pytest

from tests.conftest import enable_totp, make_person
from tests.discipline.conftest import (
    bring_to_hearing,
    decide_suspension,
    make_member,
    make_panel_member,
    open_complaint,
    to_investigation,
)
from upstander.accounts.models import Role
from upstander.accounts.services import role_grant
from upstander.audit.models import AuditEntry
from upstander.core.errors import DomainError
from upstander.discipline import services
from upstander.discipline.errors import (
    ConflictOfInterest,
    PanelFull,
    PanelIncomplete,
    RolesMustBeSeparate,
    SeatNeedsRole,
)
from upstander.discipline.models import (
    AppealOutcome,
    Appellant,
    Appointment,
    ConflictKind,
    Decision,
    DecisionKind,
    ReferralSource,
    Seat,
)


@pytest.fixture
def investigating(caseworker, safeguarding_lead, respondent, member):
    proceeding = open_complaint(caseworker, respondent, complainant=member)
    to_investigation(safeguarding_lead, proceeding)
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


def test_revoked_panel_member_loses_every_seat(
    caseworker,
    *,
    safeguarding_lead,
    administrator,
    respondent,
    member,
    guide,
    mailoutbox,
    django_capture_on_commit_callbacks,
) -> None:
    from django.core.exceptions import PermissionDenied
    from django.test import Client

    from tests.conftest import signed_in
    from upstander.accounts.services import role_revoke
    from upstander.discipline import selectors
    from upstander.discipline.errors import NotOnThePanel
    from upstander.discipline.models import Sanction

    panel = [make_panel_member(f"seat.{n}") for n in ("gus", "hal", "ivy")]
    first = bring_to_hearing(
        open_complaint(caseworker, respondent, complainant=member),
        lead=safeguarding_lead,
        investigator=caseworker,
        panel=panel,
    )
    second = bring_to_hearing(
        open_complaint(caseworker, respondent, complainant=member),
        lead=safeguarding_lead,
        investigator=safeguarding_lead,
        panel=panel,
    )
    leaving = panel[0]
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        role_revoke(administrator, user=leaving, role=Role.PANEL_MEMBER)

    seats = Appointment.objects.filter(person=leaving)
    assert seats.count() == 2
    assert all(seat.ended_at is not None for seat in seats)
    assert {seat.end_reason for seat in seats} == {"role revoked: disciplinary panel member"}
    ended = AuditEntry.objects.filter(verb="proceeding.seat_end")
    assert {entry.target_id for entry in ended} == {str(first.pk), str(second.pk)}
    assert any(
        safeguarding_lead.email in mail.to and first.reference in mail.body for mail in mailoutbox
    )
    # The person reaches neither proceeding: no list entry, no panel page, no decision.
    assert not selectors.proceedings_for(leaving).exists()
    client = signed_in(Client(), leaving)
    for proceeding in (first, second):
        assert selectors.seat_of(leaving, proceeding) is None
        assert client.get(f"/staff/discipline/{proceeding.pk}/panel/").status_code in (302, 403)
        with pytest.raises((NotOnThePanel, PermissionDenied)):
            services.decision_record(
                leaving,
                proceeding=proceeding,
                sanction=Sanction.REPRIMAND,
                criteria="Guide v1",
                reason="Recorded after the role ended.",
            )
    # The lead's page shows the seat as ended, and why.
    page = signed_in(Client(), safeguarding_lead).get(f"/staff/discipline/{first.pk}/")
    assert "role revoked: disciplinary panel member" in page.content.decode()
    # The rest of the panel still sits; the panel is now short of one and cannot decide.
    assert selectors.seat_of(panel[1], first) == Seat.DECISION_PANEL
    with pytest.raises(PanelIncomplete):
        services.decision_record(
            panel[1],
            proceeding=first,
            sanction=Sanction.REPRIMAND,
            criteria="Guide v1",
            reason="Two of three is not a panel.",
        )


def test_a_seat_needs_the_role_now_even_when_the_grant_ends_elsewhere(
    caseworker, safeguarding_lead, respondent, member, guide
) -> None:
    from upstander.accounts.models import RoleGrant
    from upstander.accounts.permissions import forget_roles
    from upstander.discipline import selectors

    panel = [make_panel_member(f"now.{n}") for n in ("jo", "kai", "lou")]
    proceeding = bring_to_hearing(
        open_complaint(caseworker, respondent, complainant=member),
        lead=safeguarding_lead,
        investigator=caseworker,
        panel=panel,
    )
    # The grant ends without the revocation service (a database edit): the seat is still open,
    # but the check asks for the role now and refuses.
    RoleGrant.objects.filter(user=panel[0], role=Role.PANEL_MEMBER).update(
        revoked_at=proceeding.opened_at
    )
    forget_roles(panel[0])
    assert Appointment.objects.get(person=panel[0]).ended_at is None
    assert selectors.seat_of(panel[0], proceeding) is None
    assert not selectors.proceedings_for(panel[0]).exists()


def test_a_conflict_declared_after_seating_stops_the_member_deciding(
    caseworker,
    *,
    safeguarding_lead,
    respondent,
    member,
    decision_panel,
    guide,
    mailoutbox,
    django_capture_on_commit_callbacks,
) -> None:
    proceeding = bring_to_hearing(
        open_complaint(caseworker, respondent, complainant=member),
        lead=safeguarding_lead,
        investigator=caseworker,
        panel=decision_panel,
    )
    mailoutbox.clear()
    # A panel member learns the member complained about is their cousin, and says so.
    with django_capture_on_commit_callbacks(execute=True):
        services.conflict_declare(
            decision_panel[0],
            person=decision_panel[0],
            kind=ConflictKind.FAMILY,
            member=respondent,
            note="The member complained about is my cousin.",
        )

    seat = Appointment.objects.get(proceeding=proceeding, person=decision_panel[0])
    assert seat.ended_at is not None
    assert seat.end_reason.startswith("conflict of interest declared")
    ended = AuditEntry.objects.get(verb="proceeding.seat_end", target_id=str(proceeding.pk))
    assert ended.details["person"] == decision_panel[0].pk
    assert any(
        safeguarding_lead.email in mail.to and proceeding.reference in mail.body
        for mail in mailoutbox
    )
    for panel_member in decision_panel:
        with pytest.raises(DomainError):
            decide_suspension(proceeding, [panel_member])
    assert not Decision.objects.filter(proceeding=proceeding).exists()
    # Once the lead seats someone free of conflicts in their place, the panel decides.
    replacement = make_panel_member("seat.new")
    services.seat_appoint(
        safeguarding_lead, proceeding=proceeding, person=replacement, seat=Seat.DECISION_PANEL
    )
    decide_suspension(proceeding, decision_panel[1:])
    assert Decision.objects.filter(proceeding=proceeding).exists()


def test_a_panel_member_who_comes_to_have_a_conflict_stops_the_panel_deciding(
    caseworker, *, safeguarding_lead, respondent, member, decision_panel, guide
) -> None:
    proceeding = bring_to_hearing(
        open_complaint(caseworker, respondent, complainant=member),
        lead=safeguarding_lead,
        investigator=caseworker,
        panel=decision_panel,
    )
    # After seating, a panel member joins the register in the respondent's branch.
    make_member("M-7001", "Bea", "Panel", branch="Riverside", user=decision_panel[1])
    with pytest.raises(ConflictOfInterest):
        decide_suspension(proceeding, decision_panel)
    assert not Decision.objects.filter(proceeding=proceeding).exists()


def test_a_conflict_recorded_on_the_appeal_panel_stops_the_appeal_being_decided(
    caseworker,
    *,
    safeguarding_lead,
    respondent,
    respondent_user,
    decision_panel,
    appeal_panel,
    guide,
) -> None:
    proceeding = bring_to_hearing(
        open_complaint(caseworker, respondent),
        lead=safeguarding_lead,
        investigator=caseworker,
        panel=decision_panel,
    )
    decide_suspension(proceeding, decision_panel)
    services.appeal_lodge(
        respondent_user, proceeding=proceeding, appellant=Appellant.RESPONDENT, grounds="Unfair."
    )
    for person in appeal_panel:
        services.seat_appoint(
            safeguarding_lead, proceeding=proceeding, person=person, seat=Seat.APPEAL_PANEL
        )
    services.conflict_declare(
        safeguarding_lead,
        person=appeal_panel[2],
        kind=ConflictKind.INTEREST,
        proceeding=proceeding,
        note="Campaigned with the member last year.",
    )
    assert Appointment.objects.get(person=appeal_panel[2]).ended_at is not None
    with pytest.raises(DomainError):
        services.appeal_decide(
            appeal_panel[0],
            proceeding=proceeding,
            outcome=AppealOutcome.OVERTURN,
            criteria="Guide v1",
            reason="Overturned.",
            how_reached="Unanimous.",
        )
    assert not Decision.objects.filter(proceeding=proceeding, kind=DecisionKind.APPEAL).exists()


def test_the_member_who_referred_the_respondent_cannot_sit_on_the_panel(
    safeguarding_lead, respondent, guide
) -> None:
    referrer = make_person("referrer@example.org", Role.CASE_WORKER, Role.PANEL_MEMBER)
    enable_totp(referrer)
    referral = services.referral_make(
        referrer,
        respondent=respondent,
        source=ReferralSource.BLOCKLIST,
        platform="bluesky",
        account_id="did:plc:robin",
        handle="robin.bsky.social",
        reason="Abusive replies to a councillor.",
    )
    proceeding = services.referral_accept(safeguarding_lead, referral=referral)
    to_investigation(safeguarding_lead, proceeding)
    with pytest.raises(ConflictOfInterest, match="referred"):
        services.seat_appoint(
            safeguarding_lead, proceeding=proceeding, person=referrer, seat=Seat.DECISION_PANEL
        )


def test_the_person_who_opened_the_complaint_cannot_sit_on_its_panel_but_may_investigate(
    safeguarding_lead, respondent, guide
) -> None:
    opener = make_person("opener@example.org", Role.CASE_WORKER, Role.PANEL_MEMBER)
    enable_totp(opener)
    proceeding = open_complaint(opener, respondent, from_case=False)
    to_investigation(safeguarding_lead, proceeding)
    with pytest.raises(ConflictOfInterest, match="opened"):
        services.seat_appoint(
            safeguarding_lead, proceeding=proceeding, person=opener, seat=Seat.DECISION_PANEL
        )
    services.seat_appoint(
        safeguarding_lead, proceeding=proceeding, person=opener, seat=Seat.INVESTIGATOR
    )
