"""Background mail delivery, so a slow mail server never slows a page."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage
from django_tasks import task


@task()
def send_email(*, to: str, subject: str, body: str, unsubscribe_link: str) -> None:
    headers: dict[str, str] = {}
    if unsubscribe_link:
        body = f"{body}\n\n--\nTo stop these emails at once: {unsubscribe_link}\n"
        # RFC 8058 one-click unsubscribe, which mail clients show as a button.
        headers["List-Unsubscribe"] = f"<{unsubscribe_link}>"
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    EmailMessage(
        subject=subject,
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[to],
        headers=headers,
    ).send()
