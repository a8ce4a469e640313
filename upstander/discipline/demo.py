"""Demo data: the sanctions guide, panel members, and proceedings at several stages.

Made through the real services (called by manage.py seed_demo after the foundation's data).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from unittest import mock

from django.utils import timezone

from upstander.accounts.models import Member, Role, User
from upstander.accounts.services import role_grant, user_create
from upstander.discipline import services
from upstander.discipline.guide import guide_current
from upstander.discipline.models import AssessmentOutcome, Conduct, Proceeding, Sanction, Seat

DEMO_PASSWORD = "upstander-demo"  # noqa: S105 - the local demo's printed password
PANEL = [
    ("panel1@demo.upstander.test", "Pat Panel"),
    ("panel2@demo.upstander.test", "Quinn Panel"),
    ("panel3@demo.upstander.test", "Ravi Panel"),
    ("appeal1@demo.upstander.test", "Sol Appeal"),
    ("appeal2@demo.upstander.test", "Tam Appeal"),
    ("appeal3@demo.upstander.test", "Uma Appeal"),
]
HEARING_AFTER_NOTICE = timedelta(days=21)
# The proceedings heard yesterday are told from this long ago (see `_clock_set_back`).
HEARD_YESTERDAY = HEARING_AFTER_NOTICE + timedelta(days=1)


@contextmanager
def _clock_set_back(by: timedelta) -> Iterator[None]:
    """The services run as if `by` ago, so a demo proceeding can have had its hearing: the
    panel decides only once the hearing has taken place (P4), and the notice must give the
    member time to prepare. Setting Django's clock back (rather than editing dates after)
    keeps the proceeding, its letters and its audit entries telling the same story."""
    real_now = timezone.now
    with mock.patch.object(timezone, "now", lambda: real_now() - by):
        yield


def _panel_people() -> list[User]:
    people = []
    for email, name in PANEL:
        user = User.objects.filter(email=email).first() or user_create(
            None, email=email, password=DEMO_PASSWORD, display_name=name, email_verified=True
        )
        if not user.role_grants.filter(role=Role.PANEL_MEMBER, revoked_at__isnull=True).exists():
            role_grant(None, user=user, role=Role.PANEL_MEMBER)
        people.append(user)
    return people


def _open(
    lead: User, number: str, conduct: Conduct, text: str, complainant: User | None
) -> Proceeding | None:
    respondent = Member.objects.filter(membership_number=number).first()
    if respondent is None:
        return None
    return services.complaint_open(
        lead,
        respondent=respondent,
        allegations=[(conduct, text)],
        complainant_user=complainant,
        complainant_anonymous_to_respondent=False,
        source_case_id=None,
        evidence_ids=[],
    )


def _investigate(lead: User, investigator: User, proceeding: Proceeding) -> None:
    services.proceeding_assess(
        lead,
        proceeding=proceeding,
        outcome=AssessmentOutcome.INVESTIGATE,
        criteria="Code of conduct, section 2 (respect for others); the sanctions guide.",
        reason="The posts are evidenced, public and aimed at a councillor.",
    )
    services.seat_appoint(lead, proceeding=proceeding, person=investigator, seat=Seat.INVESTIGATOR)


def _to_hearing(lead: User, investigator: User, proceeding: Proceeding, panel: list[User]) -> None:
    _investigate(lead, investigator, proceeding)
    for person in panel:
        services.seat_appoint(lead, proceeding=proceeding, person=person, seat=Seat.DECISION_PANEL)
    services.investigation_complete(
        investigator,
        proceeding=proceeding,
        report="The member posted the replies from his declared account and accepts he did.",
    )
    services.notice_send(
        investigator,
        proceeding=proceeding,
        hearing_at=timezone.now() + HEARING_AFTER_NOTICE,
        hearing_place="Online, by video (details by email)",
        disclose_evidence_ids=[],
    )
    services.response_record(
        investigator,
        proceeding=proceeding,
        response="I was angry about the planning decision. I accept the replies went too far.",
    )


def seed(people: dict[str, User]) -> None:
    lead, investigator = people["lead"], people["caseworker"]
    councillor, member = people["councillor"], people["member"]
    if guide_current() is None:
        services.guide_publish(lead, notes="Adopted by the national executive.")
    panel = _panel_people()

    # 1. At assessment: an insult at a branch meeting (face to face).
    _open(
        lead,
        "M-1002",
        Conduct.INSULT,
        "Called a fellow member 'a useless token' at the Riverside branch meeting.",
        councillor,
    )

    # 2. Under investigation: identity-based abuse online.
    proceeding = _open(
        lead,
        "M-1003",
        Conduct.IDENTITY_ABUSE,
        "Posted replies mocking Cllr Shah's religion under her campaign video.",
        councillor,
    )
    if proceeding:
        _investigate(lead, investigator, proceeding)

    # 3. Heard yesterday, waiting for the panel's decision: harassment online, panel seated.
    with _clock_set_back(HEARD_YESTERDAY):
        proceeding = _open(
            lead,
            "M-1003",
            Conduct.HARASSMENT,
            "Sent more than forty replies to Cllr Shah over six days after the planning vote.",
            councillor,
        )
        if proceeding:
            _to_hearing(lead, investigator, proceeding, panel[:3])

    # 4. Decided, appeal window open: threats, suspension for six months. The complaint came
    # in weeks ago and the hearing was held yesterday.
    with _clock_set_back(HEARD_YESTERDAY):
        proceeding = _open(
            lead,
            "M-1004",
            Conduct.THREATS,
            "Wrote 'we know where your office is, watch yourself' to a candidate.",
            member,
        )
        if proceeding:
            _to_hearing(lead, investigator, proceeding, panel[:3])
    if proceeding:
        services.decision_record(
            panel[0],
            proceeding=proceeding,
            sanction=Sanction.SUSPENSION,
            ends_on=timezone.localdate() + timedelta(days=182),
            education_course=True,
            criteria="Sanctions guide version 1: threats (suspension to expulsion).",
            reason="A threat to a candidate's safety; admitted, with an apology at the hearing.",
        )

    # 5. Closed at assessment: no case to answer.
    proceeding = _open(
        lead,
        "M-1002",
        Conduct.INSULT,
        "Said to be the author of an anonymous account's insults.",
        councillor,
    )
    if proceeding:
        services.proceeding_assess(
            lead,
            proceeding=proceeding,
            outcome=AssessmentOutcome.NO_CASE,
            criteria="Is there evidence the member wrote it?",
            reason="Nothing links the anonymous account to the member.",
        )
