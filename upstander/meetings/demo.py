"""Demo data for meetings, made through the services (manage.py seed_demo)."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from upstander.accounts.models import User
from upstander.meetings.gate import current_code_of_conduct
from upstander.meetings.models import Audience, MeetingPlatform
from upstander.meetings.services import (
    meeting_create,
    registration_create,
    registration_sign,
)


def seed(people: dict[str, User]) -> None:
    """A members' meeting hosted by the case worker: Morgan has signed; a visitor has not."""
    host, member = people["caseworker"], people["member"]
    starts = timezone.localtime(timezone.now() + timedelta(days=7)).replace(
        hour=19, minute=0, second=0, microsecond=0
    )
    meeting = meeting_create(
        host,
        title="Riverside members: safer campaigning online",
        starts_at=starts,
        duration_minutes=90,
        platform=MeetingPlatform.JITSI,
        join_link="https://meet.jit.si/upstander-demo-riverside-safer-campaigning",
        audience=Audience.MEMBERS,
    )
    conduct = current_code_of_conduct()
    assert conduct is not None
    issued = registration_create(member, meeting=meeting)
    registration_sign(
        member, registration=issued.registration, document=conduct, signed_name="Morgan Member"
    )
    public = meeting_create(
        host,
        title="Open evening: how we tackle online abuse",
        starts_at=starts + timedelta(days=7),
        duration_minutes=60,
        platform=MeetingPlatform.ZOOM,
        join_link="https://zoom.example.org/j/5550100",
        audience=Audience.PUBLIC,
    )
    registration_create(None, meeting=public, name="Visiting Voter", email="voter@example.org")
