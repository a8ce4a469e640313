"""Personal links and the mails that carry them. Called inside the services' transactions.

A registrant's link holds a token derived from SECRET_KEY and a random nonce; only the nonce and
the token's SHA-256 are stored, so a database copy gives nobody a way in. Issuing a new nonce
makes the old link (and any forwarded copy) dead. Mails are queued as the registration's id and
written when the worker sends them, so the task queue never holds a link or a password.
"""

from __future__ import annotations

import base64
import hmac
import secrets

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from upstander.meetings.gate import token_digest
from upstander.meetings.models import Registration

TOKEN_SALT = b"upstander.meetings.registration-link"


def registration_token(registration: Registration) -> str:
    """The link's token for the registration's current nonce ('' for a link issued before)."""
    if not registration.token_nonce:
        return ""
    mac = hmac.new(
        settings.SECRET_KEY.encode("utf-8"),
        TOKEN_SALT + b":" + registration.token_nonce.encode("ascii"),
        "sha256",
    )
    return base64.urlsafe_b64encode(mac.digest()).decode("ascii").rstrip("=")


def issue_token(registration: Registration) -> str:
    registration.token_nonce = secrets.token_urlsafe(24)
    token = registration_token(registration)
    registration.token_hash = token_digest(token)
    if registration._state.adding:
        registration.save()
    else:
        registration.save(update_fields=["token_hash", "token_nonce"])
    return token


def registration_url(token: str) -> str:
    return settings.SITE_URL + reverse("meetings:registration", args=[token])


def _when(registration: Registration) -> str:
    starts = timezone.localtime(registration.meeting.starts_at)
    return starts.strftime("%A %d %B %Y at %H:%M")


def registration_link_mail(registration: Registration) -> tuple[str, str]:
    """Subject and body of the link to sign the code of conduct (no joining details)."""
    meeting = registration.meeting
    url = registration_url(registration_token(registration))
    body = (
        f"Hello {registration.name},\n\n"
        f"You registered for '{meeting.title}' on {_when(registration)}.\n\n"
        "Before we send the joining details, please read and sign our code of conduct for "
        f"meetings on your personal page:\n{url}\n\n"
        "This link is for you alone; please do not forward it.\n"
    )
    return f"Your place at {meeting.title}: one step left", body


def joining_details_mail(
    registration: Registration, *, with_link: bool, rotated: bool
) -> tuple[str, str]:
    """Subject and body with the meeting's current link and password."""
    meeting = registration.meeting
    opening = (
        "The host has changed the meeting password. Here are the new details; the old ones, "
        "and your old personal link, no longer work."
        if rotated
        else "Thank you for signing the code of conduct. Here are your joining details."
    )
    token = registration_token(registration) if with_link else ""
    body = (
        f"Hello {registration.name},\n\n{opening}\n\n"
        f"Meeting: {meeting.title}\nWhen: {_when(registration)}\n"
        f"Platform: {meeting.get_platform_display()}\n"
        f"Link: {meeting.join_link}\nPassword: {meeting.password}\n\n"
        + (
            f"Your new personal page for this meeting: {registration_url(token)}\n\n"
            if token
            else ""
        )
        + "Please keep these details to yourself: everyone signs the code of conduct before "
        "joining.\n"
    )
    return f"Joining details for {meeting.title}", body


def send_registration_link(registration: Registration) -> None:
    from upstander.meetings.tasks import send_registration_link as task  # tasks imports this

    registration_id = registration.pk
    transaction.on_commit(lambda: task.enqueue(registration_id=registration_id))


def send_joining_details(registration: Registration, *, with_link: bool, rotated: bool) -> None:
    """Only services that have just checked admission call this."""
    from upstander.meetings.tasks import send_joining_details as task  # tasks imports this

    registration_id = registration.pk
    transaction.on_commit(
        lambda: task.enqueue(registration_id=registration_id, with_link=with_link, rotated=rotated)
    )
