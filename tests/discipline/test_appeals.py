"""Appeals: within the window (5 working days by default), to a panel with nobody from the first."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from tests.discipline.conftest import bring_to_hearing, decide_suspension, open_complaint
from upstander.accounts.models import MembershipStatus, User
from upstander.core.errors import NotPermitted
from upstander.discipline import services
from upstander.discipline.errors import AppealWindowClosed, NotOnThePanel, ReasonRequired
from upstander.discipline.models import (
    Appeal,
    AppealOutcome,
    Appellant,
    AppliedSanction,
    LetterKind,
    Proceeding,
    Sanction,
    Seat,
    Stage,
)

LONDON = ZoneInfo("Europe/London")
FRIDAY = datetime(2026, 11, 27, 10, 0, tzinfo=LONDON)


@pytest.fixture
def decided_on_a_friday(caseworker, safeguarding_lead, respondent, decision_panel, guide):
    with time_machine.travel(FRIDAY - timedelta(days=60), tick=False):
        proceeding = open_complaint(caseworker, respondent)
        bring_to_hearing(
            proceeding, lead=safeguarding_lead, investigator=caseworker, panel=decision_panel
        )
    with time_machine.travel(FRIDAY, tick=False):
        decide_suspension(proceeding, decision_panel, months=6)
    return proceeding


def _appeal(actor: User, proceeding: Proceeding) -> Appeal:
    return services.appeal_lodge(
        actor,
        proceeding=proceeding,
        appellant=Appellant.RESPONDENT,
        grounds="The sanction is too harsh for a first matter.",
    )


def test_the_appeal_window_is_five_working_days(decided_on_a_friday) -> None:
    # Friday + 5 working days, skipping the weekend, is the next Friday.
    assert decided_on_a_friday.appeal_deadline == date(2026, 12, 4)


def test_the_appeal_window_skips_configured_holidays(
    caseworker, *, safeguarding_lead, respondent, decision_panel, guide, settings
) -> None:
    settings.DISCIPLINE_HOLIDAYS = ["2026-12-01"]
    with time_machine.travel(FRIDAY - timedelta(days=60), tick=False):
        proceeding = open_complaint(caseworker, respondent)
        bring_to_hearing(
            proceeding, lead=safeguarding_lead, investigator=caseworker, panel=decision_panel
        )
    with time_machine.travel(FRIDAY, tick=False):
        decide_suspension(proceeding, decision_panel)
    assert proceeding.appeal_deadline == date(2026, 12, 7)


def test_an_appeal_on_the_last_day_is_accepted(decided_on_a_friday, respondent_user) -> None:
    with time_machine.travel(datetime(2026, 12, 4, 17, tzinfo=LONDON), tick=False):
        _appeal(respondent_user, decided_on_a_friday)
    assert decided_on_a_friday.stage == Stage.APPEAL


def test_an_appeal_outside_the_window_is_refused_unless_a_lead_extends_it_with_a_reason(
    decided_on_a_friday, respondent_user, safeguarding_lead, caseworker, administrator
) -> None:
    late = datetime(2026, 12, 7, 9, tzinfo=LONDON)
    with time_machine.travel(late, tick=False):
        with pytest.raises(AppealWindowClosed, match="safeguarding lead"):
            _appeal(respondent_user, decided_on_a_friday)
        with pytest.raises(NotPermitted):
            services.appeal_window_extend(
                caseworker,
                proceeding=decided_on_a_friday,
                until=date(2026, 12, 11),
                reason="In hospital.",
            )
        with pytest.raises(NotPermitted):
            services.appeal_window_extend(
                administrator,
                proceeding=decided_on_a_friday,
                until=date(2026, 12, 11),
                reason="In hospital.",
            )
        with pytest.raises(ReasonRequired):
            services.appeal_window_extend(
                safeguarding_lead,
                proceeding=decided_on_a_friday,
                until=date(2026, 12, 11),
                reason=" ",
            )
        services.appeal_window_extend(
            safeguarding_lead,
            proceeding=decided_on_a_friday,
            until=date(2026, 12, 11),
            reason="The member was in hospital all week.",
        )
        _appeal(respondent_user, decided_on_a_friday)
    assert decided_on_a_friday.stage == Stage.APPEAL
    assert decided_on_a_friday.appeal_deadline_extended_by == safeguarding_lead


def test_the_daily_round_closes_the_window_and_a_lead_can_still_reopen_it(
    decided_on_a_friday, safeguarding_lead, respondent_user
) -> None:
    with time_machine.travel(datetime(2026, 12, 7, 9, tzinfo=LONDON), tick=False):
        assert services.appeal_windows_close(None) == 1
        decided_on_a_friday.refresh_from_db()
        assert decided_on_a_friday.stage == Stage.CLOSED
        services.appeal_window_extend(
            safeguarding_lead,
            proceeding=decided_on_a_friday,
            until=date(2026, 12, 9),
            reason="The decision letter went to an old address.",
        )
        _appeal(respondent_user, decided_on_a_friday)


def _seat_appeal_panel(lead: User, proceeding: Proceeding, panel: list[User]) -> None:
    for person in panel:
        services.seat_appoint(lead, proceeding=proceeding, person=person, seat=Seat.APPEAL_PANEL)


def test_the_appeal_panel_varies_a_suspension_to_a_formal_warning(
    decided_on_a_friday,
    *,
    respondent_user,
    respondent,
    safeguarding_lead,
    appeal_panel,
    decision_panel,
    django_capture_on_commit_callbacks,
) -> None:
    with time_machine.travel(datetime(2026, 12, 1, 10, tzinfo=LONDON), tick=False):
        _appeal(respondent_user, decided_on_a_friday)
        _seat_appeal_panel(safeguarding_lead, decided_on_a_friday, appeal_panel)
        with pytest.raises(NotOnThePanel):
            services.appeal_decide(
                decision_panel[0],
                proceeding=decided_on_a_friday,
                outcome=AppealOutcome.UPHOLD,
                criteria="c",
                reason="r",
                how_reached="h",
            )
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            services.appeal_decide(
                appeal_panel[0],
                proceeding=decided_on_a_friday,
                outcome=AppealOutcome.VARY,
                sanction=Sanction.FORMAL_WARNING,
                ends_on=date(2027, 12, 1),
                criteria="Sanctions guide v1; the appeal grounds.",
                reason="A first matter, admitted at once, with a sincere apology.",
                how_reached="A hearing of the appeal panel of three, by unanimous vote.",
            )
    respondent.refresh_from_db()
    assert respondent.status == MembershipStatus.ACTIVE
    assert decided_on_a_friday.stage == Stage.CLOSED
    current = AppliedSanction.objects.get(lifted_at__isnull=True)
    assert current.sanction == Sanction.FORMAL_WARNING
    letter = decided_on_a_friday.letters.get(kind=LetterKind.APPEAL_OUTCOME)
    assert "unanimous vote" in letter.body
    assert "Varied" in letter.body
    assert respondent.email in [m.to[0] for m in mail.outbox]


def test_an_overturned_decision_lifts_the_sanction(
    decided_on_a_friday, respondent_user, respondent, safeguarding_lead, appeal_panel
) -> None:
    with time_machine.travel(datetime(2026, 12, 1, 10, tzinfo=LONDON), tick=False):
        _appeal(respondent_user, decided_on_a_friday)
        _seat_appeal_panel(safeguarding_lead, decided_on_a_friday, appeal_panel)
        services.appeal_decide(
            appeal_panel[2],
            proceeding=decided_on_a_friday,
            outcome=AppealOutcome.OVERTURN,
            criteria="Code 2.1",
            reason="The account was not the member's.",
            how_reached="Unanimous, after new evidence.",
        )
    respondent.refresh_from_db()
    assert respondent.status == MembershipStatus.ACTIVE
    assert not AppliedSanction.objects.filter(lifted_at__isnull=True).exists()


def test_an_upheld_suspension_stays_on_the_register(
    decided_on_a_friday, respondent_user, respondent, safeguarding_lead, appeal_panel
) -> None:
    with time_machine.travel(datetime(2026, 12, 1, 10, tzinfo=LONDON), tick=False):
        _appeal(respondent_user, decided_on_a_friday)
        _seat_appeal_panel(safeguarding_lead, decided_on_a_friday, appeal_panel)
        decision = services.appeal_decide(
            appeal_panel[1],
            proceeding=decided_on_a_friday,
            outcome=AppealOutcome.UPHOLD,
            criteria="Code 2.1",
            reason="The first panel's reasons stand.",
            how_reached="Two votes to one.",
        )
    respondent.refresh_from_db()
    assert respondent.status == MembershipStatus.SUSPENDED
    assert decision.sanction == Sanction.SUSPENSION
    assert decision.ends_on is not None
    assert timezone.localdate() < decision.ends_on
