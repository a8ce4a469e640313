"""Questions about meetings: who may see joining details, who is coming, and which version
of the code of conduct each person signed. The admission rule itself lives in `gate`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Q, QuerySet
from django.utils import timezone

from upstander.accounts.models import User
from upstander.meetings.gate import (
    AttendeeRow,
    attendee_rows,
    is_admitted,
    still_eligible,
    token_digest,
)
from upstander.meetings.models import Meeting, Registration


def meetings_upcoming() -> QuerySet[Meeting]:
    """Meetings that have not long started (anyone may see that they exist; details are gated)."""
    earliest_start = timezone.now() - timedelta(days=1)
    return (
        Meeting.objects.filter(starts_at__gte=earliest_start)
        .select_related("branch", "network")
        .order_by("starts_at")
    )


def meetings_for_staff() -> QuerySet[Meeting]:
    return Meeting.objects.select_related("branch", "network", "host").order_by("-starts_at")


def registration_for_token(token: str) -> Registration | None:
    if not token or len(token) > 100:
        return None
    return (
        Registration.objects.select_related("meeting", "meeting__branch", "meeting__network")
        .filter(token_hash=token_digest(token))
        .first()
    )


def registration_of(meeting: Meeting, user: User) -> Registration | None:
    return (
        Registration.objects.select_related("meeting")
        .filter(meeting=meeting)
        .filter(Q(user=user) | Q(email__iexact=user.email))
        .first()
    )


@dataclass(frozen=True)
class JoiningDetails:
    link: str
    password: str
    platform: str


def joining_details(registration: Registration) -> JoiningDetails | None:
    """The link and password, or None while the person may not have them."""
    if not is_admitted(registration):
        return None
    meeting = registration.meeting
    return JoiningDetails(
        link=meeting.join_link, password=meeting.password, platform=meeting.get_platform_display()
    )


def registration_on_hold(registration: Registration) -> bool:
    """Is the place held by someone no longer eligible (suspended, expelled, membership lapsed,
    moved branch since registering)? Their page says so, shows no details and asks for no
    signature; it comes back by itself if they become eligible again."""
    return not registration.is_revoked and not still_eligible(registration)


def meeting_attendees(meeting: Meeting) -> list[AttendeeRow]:
    """The host's list: each registrant, the latest version they signed, and whether it counts."""
    return attendee_rows(meeting)


def subject_access_registrations(person: User) -> list[dict[str, object]]:
    """For a subject access export: their meeting registrations (by login or email address)
    and the code-of-conduct versions they signed. Never the link's token, nor the meeting's
    joining details."""
    registrations = (
        Registration.objects.filter(Q(user=person) | Q(email__iexact=person.email))
        .select_related("meeting")
        .prefetch_related("signatures__document")
        .order_by("registered_at", "pk")
    )
    return [
        {
            "meeting": registration.meeting.title,
            "starts_at": registration.meeting.starts_at,
            "name": registration.name,
            "email": registration.email,
            "registered_at": registration.registered_at,
            "revoked_at": registration.revoked_at,
            "revoked_reason": registration.revoked_reason,
            "code_of_conduct_signed": [
                {
                    "document": signature.document.title,
                    "version": signature.document.version,
                    "signed_name": signature.signed_name,
                    "signed_at": signature.signed_at,
                }
                for signature in registration.signatures.all()
            ],
        }
        for registration in registrations
    ]
