"""Discipline's cast: a respondent in the register, a published guide, and two panels' worth
of panel members from other branches. Everything is made through the real services."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
import time_machine
from django.utils import timezone

from tests.conftest import enable_totp, make_person
from upstander.accounts.models import Member, Role, User
from upstander.accounts.services import member_create
from upstander.discipline import services
from upstander.discipline.models import (
    AssessmentOutcome,
    Conduct,
    Proceeding,
    Sanction,
    SanctionsGuide,
    Seat,
)


@pytest.fixture
def guide(db: None) -> SanctionsGuide:
    return services.guide_publish(None, notes="The standard guide.")


def make_member(
    number: str, given: str, family: str, *, branch: str = "", user: User | None = None
) -> Member:
    return member_create(
        None,
        membership_number=number,
        given_name=given,
        family_name=family,
        joined_on=date(2020, 1, 1),
        branch=branch,
        email=f"{given.lower()}.{family.lower()}@example.org",
        user=user,
    )


@pytest.fixture
def respondent_user(db: None) -> User:
    # A case worker too, so (like all staff) with a second factor for their member pages.
    user = make_person("robin.respondent@example.org", Role.MEMBER, Role.CASE_WORKER)
    enable_totp(user)
    return user


@pytest.fixture
def respondent(respondent_user: User) -> Member:
    return make_member("M-9001", "Robin", "Respondent", branch="Riverside", user=respondent_user)


def make_panel_member(name: str) -> User:
    user = make_person(f"{name}@example.org", Role.PANEL_MEMBER)
    enable_totp(user)
    return user


@pytest.fixture
def decision_panel(db: None) -> list[User]:
    return [make_panel_member(f"panel.{n}") for n in ("ash", "bea", "cal")]


@pytest.fixture
def appeal_panel(db: None) -> list[User]:
    return [make_panel_member(f"appeal.{n}") for n in ("dee", "eli", "fox")]


def consented_case(worker: User, complainant: User | None) -> int:
    """A case whose person targeted was consulted and asked for a disciplinary complaint."""
    from tests.cases.helpers import consulted_case

    return consulted_case(worker, complainant, wishes=("disciplinary",), consent_panel=True).pk


def open_complaint(
    actor: User | None,
    respondent: Member,
    *,
    complainant: User | None = None,
    conduct: Conduct = Conduct.HARASSMENT,
    sexual_harassment: bool = False,
    from_case: bool = True,
) -> Proceeding:
    """A complaint from a case (made by `actor`, who works it) where the person asked for one."""
    return services.complaint_open(
        actor,
        respondent=respondent,
        allegations=[(conduct, "Sent dozens of abusive replies to a councillor over a week.")],
        complainant_user=complainant,
        complainant_anonymous_to_respondent=False,
        source_case_id=consented_case(actor, complainant) if from_case and actor else None,
        evidence_ids=[],
        sexual_harassment=sexual_harassment,
    )


HEARING_AFTER_NOTICE = timedelta(days=30)


def hearing_time() -> datetime:
    return timezone.now() + HEARING_AFTER_NOTICE


def after_the_hearing(proceeding: Proceeding) -> time_machine.travel:
    """The clock an hour after the proceeding's hearing (a context manager), when the panel
    may decide."""
    assert proceeding.hearing_at is not None
    return time_machine.travel(proceeding.hearing_at + timedelta(hours=1), tick=False)


def to_investigation(lead: User, proceeding: Proceeding) -> Proceeding:
    """The lead's assessment: investigate."""
    services.proceeding_assess(
        lead,
        proceeding=proceeding,
        outcome=AssessmentOutcome.INVESTIGATE,
        criteria="Code 2.1",
        reason="Evidenced.",
    )
    return proceeding


def bring_to_hearing(
    proceeding: Proceeding,
    *,
    lead: User,
    investigator: User,
    panel: list[User],
    held: bool = True,
) -> Proceeding:
    """Assessment -> investigation -> notice -> response, with the panel seated.

    The panel decides only after the hearing, which comes 30 days after the notice. `held`
    (the default): these steps are dated back, so the hearing was held yesterday and the panel
    may decide now; otherwise they happen now and the hearing is still 30 days ahead.
    """
    if held:
        with time_machine.travel(timezone.now() - HEARING_AFTER_NOTICE - timedelta(days=1)):
            _to_hearing(proceeding, lead=lead, investigator=investigator, panel=panel)
    else:
        _to_hearing(proceeding, lead=lead, investigator=investigator, panel=panel)
    proceeding.refresh_from_db()
    return proceeding


def _to_hearing(
    proceeding: Proceeding, *, lead: User, investigator: User, panel: list[User]
) -> None:
    services.proceeding_assess(
        lead,
        proceeding=proceeding,
        outcome=AssessmentOutcome.INVESTIGATE,
        criteria="Code of conduct, section 2; the victim's wishes.",
        reason="The posts are evidenced and serious enough to investigate.",
    )
    services.seat_appoint(lead, proceeding=proceeding, person=investigator, seat=Seat.INVESTIGATOR)
    for person in panel:
        services.seat_appoint(lead, proceeding=proceeding, person=person, seat=Seat.DECISION_PANEL)
    services.investigation_complete(
        investigator, proceeding=proceeding, report="The posts are his; he admits writing them."
    )
    services.notice_send(
        investigator,
        proceeding=proceeding,
        hearing_at=hearing_time(),
        hearing_place="Online, by video",
        disclose_evidence_ids=[],
    )
    services.response_record(
        investigator, proceeding=proceeding, response="I was angry and I regret it."
    )


def decide_suspension(proceeding: Proceeding, panel: list[User], months: int = 6) -> None:
    services.decision_record(
        panel[0],
        proceeding=proceeding,
        sanction=Sanction.SUSPENSION,
        ends_on=timezone.localdate() + timedelta(days=30 * months),
        criteria="Sanctions guide v1: harassment.",
        reason="Sustained harassment of a councillor over a week.",
        education_course=True,
    )
    proceeding.refresh_from_db()
