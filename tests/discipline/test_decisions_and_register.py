"""Hearing decisions: reasons, the guide's range, and sanctions applied to the register."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from tests.discipline.conftest import (
    after_the_hearing,
    bring_to_hearing,
    decide_suspension,
    open_complaint,
)
from upstander.accounts.models import MembershipStatus, Role, User
from upstander.accounts.permissions import active_roles
from upstander.accounts.services import members_import_csv
from upstander.audit.models import AuditEntry
from upstander.discipline import services
from upstander.discipline.errors import (
    EndDateRequired,
    HearingNotHeld,
    NotOnThePanel,
    OutsideGuideRangeNeedsReason,
    ReasonRequired,
)
from upstander.discipline.models import (
    AppliedSanction,
    Conduct,
    LetterKind,
    Proceeding,
    Sanction,
    Stage,
)
from upstander.discipline.services.sanctions import sanction_apply, sanction_lift

LONDON = ZoneInfo("Europe/London")


@pytest.fixture
def at_hearing(caseworker, *, safeguarding_lead, respondent, member, decision_panel, guide):
    proceeding = open_complaint(caseworker, respondent, complainant=member)
    return bring_to_hearing(
        proceeding, lead=safeguarding_lead, investigator=caseworker, panel=decision_panel
    )


@pytest.fixture
def hearing_ahead(caseworker, *, safeguarding_lead, respondent, member, decision_panel, guide):
    proceeding = open_complaint(caseworker, respondent, complainant=member)
    return bring_to_hearing(
        proceeding,
        lead=safeguarding_lead,
        investigator=caseworker,
        panel=decision_panel,
        held=False,
    )


def _reprimand(panel_member: User, proceeding: Proceeding) -> None:
    services.decision_record(
        panel_member,
        proceeding=proceeding,
        sanction=Sanction.REPRIMAND,
        criteria="Guide v1",
        reason="Admitted and apologised.",
        outside_range_reason="Apologised publicly the same day.",
    )


def _nothing_decided(proceeding: Proceeding) -> None:
    proceeding.refresh_from_db()
    assert proceeding.stage == Stage.HEARING
    assert not proceeding.decisions.exists()
    assert not AppliedSanction.objects.filter(proceeding=proceeding).exists()
    assert not proceeding.letters.filter(kind=LetterKind.DECISION).exists()


def test_the_panel_cannot_decide_before_the_hearing(
    hearing_ahead, decision_panel, respondent
) -> None:
    assert hearing_ahead.hearing_at is not None
    with (
        time_machine.travel(hearing_ahead.hearing_at - timedelta(minutes=1), tick=False),
        pytest.raises(HearingNotHeld, match="once the hearing has taken place"),
    ):
        _reprimand(decision_panel[0], hearing_ahead)
    _nothing_decided(hearing_ahead)
    with after_the_hearing(hearing_ahead):
        _reprimand(decision_panel[0], hearing_ahead)
    hearing_ahead.refresh_from_db()
    assert hearing_ahead.stage == Stage.APPEAL_WINDOW


def test_the_panel_cannot_decide_when_no_hearing_was_arranged(
    hearing_ahead, decision_panel
) -> None:
    # A proceeding at the hearing stage with no hearing on record (as before hearings were
    # recorded with the notice): there is no hearing for the panel to have held.
    Proceeding.objects.filter(pk=hearing_ahead.pk).update(hearing_at=None)
    hearing_ahead.refresh_from_db()
    with pytest.raises(HearingNotHeld, match="No hearing was arranged"):
        _reprimand(decision_panel[0], hearing_ahead)
    _nothing_decided(hearing_ahead)


def test_a_decision_without_a_reason_is_refused_and_nothing_changes(
    at_hearing, decision_panel, respondent
) -> None:
    with pytest.raises(ReasonRequired):
        services.decision_record(
            decision_panel[0],
            proceeding=at_hearing,
            sanction=Sanction.SUSPENSION,
            ends_on=timezone.localdate() + timedelta(days=180),
            criteria="Guide v1",
            reason="",
        )
    respondent.refresh_from_db()
    assert respondent.status == MembershipStatus.ACTIVE
    assert not at_hearing.decisions.exists()


def test_only_the_seated_panel_decides_not_the_lead(at_hearing, safeguarding_lead) -> None:
    with pytest.raises(NotOnThePanel):
        services.decision_record(
            safeguarding_lead,
            proceeding=at_hearing,
            sanction=Sanction.REPRIMAND,
            criteria="Guide v1",
            reason="A reason",
        )


def test_a_sanction_outside_the_guide_range_needs_its_own_reason(
    at_hearing, decision_panel
) -> None:
    # Harassment: formal warning to suspension. Expulsion lies outside.
    with pytest.raises(OutsideGuideRangeNeedsReason, match="Formal warning to Suspension"):
        services.decision_record(
            decision_panel[0],
            proceeding=at_hearing,
            sanction=Sanction.EXPULSION,
            criteria="Guide v1",
            reason="Very serious.",
        )
    decision = services.decision_record(
        decision_panel[0],
        proceeding=at_hearing,
        sanction=Sanction.EXPULSION,
        criteria="Guide v1",
        reason="Very serious.",
        outside_range_reason="He published her home address as well.",
    )
    assert decision.range_highest == Sanction.SUSPENSION


def test_a_suspension_needs_an_end_date(at_hearing, decision_panel) -> None:
    with pytest.raises(EndDateRequired):
        services.decision_record(
            decision_panel[0],
            proceeding=at_hearing,
            sanction=Sanction.SUSPENSION,
            criteria="Guide v1",
            reason="Sustained harassment.",
        )


def test_suspension_goes_on_the_register_revokes_roles_and_is_lifted_when_it_ends(
    at_hearing, decision_panel, respondent, respondent_user
) -> None:
    assert Role.CASE_WORKER in active_roles(respondent_user)
    decide_suspension(at_hearing, decision_panel, months=6)
    respondent.refresh_from_db()
    assert respondent.status == MembershipStatus.SUSPENDED
    assert Role.CASE_WORKER not in active_roles(User.objects.get(pk=respondent_user.pk))
    applied = AppliedSanction.objects.get(proceeding=at_hearing)
    assert applied.roles_revoked == [Role.CASE_WORKER]
    assert at_hearing.stage == Stage.APPEAL_WINDOW
    assert AuditEntry.objects.filter(verb="member.status_set").count() == 1

    assert services.sanctions_lift_expired(None) == 0
    end = applied.ends_on
    assert end is not None
    with time_machine.travel(datetime(end.year, end.month, end.day, 9, tzinfo=LONDON)):
        call_command("discipline_daily", stdout=open("/dev/null", "w"))  # noqa: SIM115
    respondent.refresh_from_db()
    applied.refresh_from_db()
    assert respondent.status == MembershipStatus.ACTIVE
    assert applied.lifted_reason == "it reached its end date"


def _register_says(administrator: User, status: str) -> int:
    """Import the party's register with Robin Respondent at this status; how many were kept."""
    result = members_import_csv(
        administrator,
        text=(
            "membership_number,given_name,family_name,email,status,joined_on,branch,handles\n"
            f"M-9001,Robin,Respondent,robin.respondent@example.org,{status},2020-01-01,"
            "Riverside,\n"
        ),
    )
    return result.standing_kept


def test_the_register_import_never_lifts_a_disciplinary_sanction(
    at_hearing, decision_panel, respondent, administrator
) -> None:
    decide_suspension(at_hearing, decision_panel, months=6)
    applied = AppliedSanction.objects.get(proceeding=at_hearing)

    # The party's own register has not heard of the suspension: it still says active.
    assert _register_says(administrator, "active") == 1
    respondent.refresh_from_db()
    assert respondent.status == MembershipStatus.SUSPENDED
    assert not respondent.status_changes.filter(reason__contains="register").exists()
    # A harsher standing from the register still applies.
    assert _register_says(administrator, "expelled") == 0
    respondent.refresh_from_db()
    assert respondent.status == MembershipStatus.EXPELLED

    # Once no sanction holds them, the register decides again (and the change is on record).
    with transaction.atomic():
        sanction_lift(applied, reason="overturned on appeal")
    assert _register_says(administrator, "lapsed") == 0
    respondent.refresh_from_db()
    assert respondent.status == MembershipStatus.LAPSED
    last = respondent.status_changes.order_by("-pk").first()
    assert last is not None and (last.from_status, last.to_status) == ("expelled", "lapsed")
    assert last.reason == "Changed by the membership register import."


def test_expulsion_puts_expelled_on_the_register(at_hearing, decision_panel, respondent) -> None:
    services.decision_record(
        decision_panel[1],
        proceeding=at_hearing,
        sanction=Sanction.EXPULSION,
        criteria="Guide v1",
        reason="Threatened a councillor's family.",
        outside_range_reason="Threats found as well as harassment.",
    )
    respondent.refresh_from_db()
    assert respondent.status == MembershipStatus.EXPELLED


def test_a_suspension_never_softens_an_expulsion_nor_its_end_lifts_one(
    at_hearing, decision_panel, respondent, caseworker
) -> None:
    services.decision_record(
        decision_panel[1],
        proceeding=at_hearing,
        sanction=Sanction.EXPULSION,
        criteria="Guide v1",
        reason="Threatened a councillor's family.",
        outside_range_reason="Threats found as well as harassment.",
    )
    # A second proceeding suspends the same (expelled) member, then the suspension ends.
    later = open_complaint(caseworker, respondent, from_case=False)
    with transaction.atomic():
        suspension = sanction_apply(
            later, sanction=Sanction.SUSPENSION, ends_on=timezone.localdate() + timedelta(days=30)
        )
    assert suspension is not None
    respondent.refresh_from_db()
    assert respondent.status == MembershipStatus.EXPELLED
    with transaction.atomic():
        sanction_lift(suspension, reason="it reached its end date")
    respondent.refresh_from_db()
    assert respondent.status == MembershipStatus.EXPELLED


def test_a_formal_warning_expires_without_touching_the_register(
    at_hearing, decision_panel, respondent
) -> None:
    expires = timezone.localdate() + timedelta(days=365)
    services.decision_record(
        decision_panel[0],
        proceeding=at_hearing,
        sanction=Sanction.FORMAL_WARNING,
        ends_on=expires,
        criteria="Guide v1",
        reason="First matter, admitted.",
    )
    respondent.refresh_from_db()
    assert respondent.status == MembershipStatus.ACTIVE
    assert services.sanctions_lift_expired(None, today=expires) == 1
    assert AppliedSanction.objects.get().lifted_at is not None


def test_the_decision_letter_states_reasons_range_and_the_appeal_deadline(
    at_hearing, decision_panel, django_capture_on_commit_callbacks
) -> None:
    from django.core import mail

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        decide_suspension(at_hearing, decision_panel)
    letter = at_hearing.letters.get(kind=LetterKind.DECISION)
    assert "Sustained harassment of a councillor" in letter.body
    assert "Formal warning to Suspension" in letter.body
    assert f"{at_hearing.appeal_deadline:%-d %B %Y}" in letter.body
    assert "robin.respondent@example.org" in [m.to[0] for m in mail.outbox]


def test_guide_range_for_sexual_harassment_starts_at_suspension(
    caseworker, respondent, guide
) -> None:
    proceeding = open_complaint(caseworker, respondent, conduct=Conduct.SEXUAL_HARASSMENT)
    _, guide_range = services.proceeding_range(proceeding, factors=[])
    assert guide_range.lowest == Sanction.SUSPENSION


def test_the_daily_task_lifts_ended_suspensions(at_hearing, decision_panel, respondent) -> None:
    from upstander.discipline.tasks import discipline_daily

    decide_suspension(at_hearing, decision_panel, months=1)
    applied = AppliedSanction.objects.get(proceeding=at_hearing)
    assert applied.ends_on is not None
    with time_machine.travel(applied.ends_on + timedelta(days=1)):
        result = discipline_daily.enqueue()
    figures = result.return_value
    assert figures is not None
    assert figures["sanctions_lifted"] == 1
    respondent.refresh_from_db()
    assert respondent.status == MembershipStatus.ACTIVE
