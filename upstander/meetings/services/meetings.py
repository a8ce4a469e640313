"""Creating meetings and rotating their passwords (with re-sending to admitted people)."""

from __future__ import annotations

import secrets
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from upstander import audit
from upstander.accounts.models import Branch, Role, User
from upstander.accounts.permissions import require_role
from upstander.meetings.errors import CodeOfConductNotPublished
from upstander.meetings.gate import attendee_rows, current_code_of_conduct
from upstander.meetings.models import Audience, Meeting, MeetingPlatform
from upstander.meetings.services.mail import issue_token, send_joining_details

HOST_ROLES = (Role.ADMINISTRATOR, Role.SAFEGUARDING_LEAD, Role.CASE_WORKER)
# No 0/O, 1/l/I: people read these aloud and type them from a phone screen.
PASSWORD_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789"  # noqa: S105


def generate_meeting_password(platform: str) -> str:
    """A random password: 10 characters for Zoom (its limit, ~58 bits), 16 elsewhere (~92)."""
    length = 10 if platform == MeetingPlatform.ZOOM else 16
    return "".join(secrets.choice(PASSWORD_ALPHABET) for _ in range(length))


def require_host(actor: User | None, meeting: Meeting) -> None:
    """The meeting's host (while still staff), or a safeguarding lead or administrator."""
    if actor is not None and actor.pk == meeting.host_id:
        require_role(actor, *HOST_ROLES)
        return
    require_role(actor, Role.ADMINISTRATOR, Role.SAFEGUARDING_LEAD)


@transaction.atomic
def meeting_host_page_view(actor: User | None, *, meeting: Meeting) -> None:
    """Let the host (or a lead) open the host's page, and audit it: it lists who attends."""
    require_host(actor, meeting)
    audit.record(actor, "meeting.host_page_view", meeting)


@transaction.atomic
def meeting_create(
    actor: User | None,
    *,
    title: str,
    starts_at: datetime,
    platform: MeetingPlatform,
    join_link: str,
    audience: Audience,
    duration_minutes: int = 90,
    guidance: str = "",
    branch: Branch | None = None,
    network_id: int | None = None,
) -> Meeting:
    """Staff open a meeting; the password is generated here and never typed by anyone."""
    require_role(actor, *HOST_ROLES)
    conduct = current_code_of_conduct()
    if conduct is None:
        raise CodeOfConductNotPublished(
            "Publish the code of conduct first: people sign it before they get joining details."
        )
    meeting = Meeting.objects.create(
        title=title.strip(),
        starts_at=starts_at,
        duration_minutes=duration_minutes,
        platform=platform,
        join_link=join_link.strip(),
        password=generate_meeting_password(platform),
        guidance=guidance.strip() or conduct.summary,
        audience=audience,
        branch=branch if audience == Audience.BRANCH else None,
        network_id=network_id if audience == Audience.NETWORK else None,
        host=actor,
    )
    audit.record(
        actor,
        "meeting.create",
        meeting,
        {"audience": str(audience), "platform": str(platform), "starts_at": starts_at.isoformat()},
    )
    return meeting


@transaction.atomic
def meeting_password_rotate(actor: User | None, *, meeting: Meeting) -> int:
    """Give the meeting a new password and send it, with a fresh personal link, to everyone
    still admitted. Old links stop working, so a forwarded email is useless afterwards.

    Returns how many people were sent the new details.
    """
    require_host(actor, meeting)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    meeting.password = generate_meeting_password(meeting.platform)
    meeting.password_rotated_at = timezone.now()
    meeting.save(update_fields=["password", "password_rotated_at"])
    admitted = [row.registration for row in attendee_rows(meeting) if row.admitted]
    for registration in admitted:
        issue_token(registration)
        send_joining_details(registration, with_link=True, rotated=True)
    audit.record(actor, "meeting.password_rotate", meeting, {"resent_to": len(admitted)})
    return len(admitted)
