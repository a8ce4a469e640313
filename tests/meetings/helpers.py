"""Building blocks for meeting tests, made through the real services."""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone

from tests.conftest import make_person
from upstander.accounts.models import Member, MembershipStatus, Role, User
from upstander.accounts.services import member_create
from upstander.meetings.models import Audience, Meeting, MeetingPlatform
from upstander.meetings.services import meeting_create
from upstander.policies.models import PolicyDocument, PolicyKind
from upstander.policies.services import policy_draft_create, policy_publish

JOIN_LINK = "https://meet.example.org/j/8675309?pwd=SeCrEtLinkPart"


def publish_conduct(version_note: str = "Be kind.") -> PolicyDocument:
    draft = policy_draft_create(
        None,
        kind=PolicyKind.CODE_OF_CONDUCT,
        title="Code of conduct for party meetings",
        summary=f"Respect everyone. {version_note}",
        body="No abuse, harassment or discrimination.\n\nKeep the meeting private.",
    )
    return policy_publish(None, document=draft)


def make_meeting(
    host: User | None = None, audience: Audience = Audience.PUBLIC, **extra: object
) -> Meeting:
    return meeting_create(
        host,
        title="Spring policy forum",
        starts_at=timezone.now() + timedelta(days=3),
        platform=MeetingPlatform.ZOOM,
        join_link=JOIN_LINK,
        audience=audience,
        **extra,  # type: ignore[arg-type]
    )


def make_member(
    email: str,
    number: str,
    status: MembershipStatus = MembershipStatus.ACTIVE,
    branch: str = "Riverside",
) -> tuple[User, Member]:
    user = make_person(email, Role.MEMBER)
    member = member_create(
        None,
        membership_number=number,
        given_name="Sam",
        family_name=number,
        joined_on=date(2024, 1, 1),
        email=email,
        branch=branch,
        status=status,
        user=user,
    )
    return user, member
