"""Personal links and the mails that carry them. Called inside the services' transactions.

A registrant's link holds a random token; only its SHA-256 is stored, so a database copy
gives nobody a way in. Issuing a new token makes the old link (and any forwarded copy) dead.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from upstander.accounts.tasks import send_email
from upstander.meetings.gate import token_digest
from upstander.meetings.models import Registration


def issue_token(registration: Registration) -> str:
    token = secrets.token_urlsafe(32)
    registration.token_hash = token_digest(token)
    if registration._state.adding:
        registration.save()
    else:
        registration.save(update_fields=["token_hash"])
    return token


def registration_url(token: str) -> str:
    return settings.SITE_URL + reverse("meetings:registration", args=[token])


def _when(registration: Registration) -> str:
    starts = timezone.localtime(registration.meeting.starts_at)
    return starts.strftime("%A %d %B %Y at %H:%M")


def send_registration_link(registration: Registration, *, token: str) -> None:
    """The link to sign the code of conduct. It holds no joining details, by design."""
    meeting = registration.meeting
    url = registration_url(token)
    body = (
        f"Hello {registration.name},\n\n"
        f"You registered for '{meeting.title}' on {_when(registration)}.\n\n"
        "Before we send the joining details, please read and sign our code of conduct for "
        f"meetings on your personal page:\n{url}\n\n"
        "This link is for you alone; please do not forward it.\n"
    )
    to, subject = registration.email, f"Your place at {meeting.title}: one step left"
    transaction.on_commit(
        lambda: send_email.enqueue(to=to, subject=subject, body=body, unsubscribe_link="")
    )


def send_joining_details(registration: Registration, *, token: str = "", rotated: bool) -> None:
    """The link and password, sent only by services that have just checked admission."""
    meeting = registration.meeting
    opening = (
        "The host has changed the meeting password. Here are the new details; the old ones, "
        "and your old personal link, no longer work."
        if rotated
        else "Thank you for signing the code of conduct. Here are your joining details."
    )
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
    to, subject = registration.email, f"Joining details for {meeting.title}"
    transaction.on_commit(
        lambda: send_email.enqueue(to=to, subject=subject, body=body, unsubscribe_link="")
    )
