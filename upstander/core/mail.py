"""Outgoing mail: queued by id (encrypted at rest), sent by the task worker.

Callers say what to send with `mail_queue`; the task (`core.tasks.send_queued_mail`) takes only
the id, so nothing secret (meeting passwords, personal links, letters) sits in the task queue.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage

from upstander.core.models import QueuedMail


def mail_send(*, to: str, subject: str, body: str, unsubscribe_link: str = "") -> None:
    """Hand one mail to the mail server now (called by tasks, never by a request)."""
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


def mail_queue(*, to: str, subject: str, body: str, unsubscribe_link: str = "") -> QueuedMail:
    """Store the mail encrypted and enqueue its id (in the caller's transaction, if any)."""
    from upstander.core.tasks import send_queued_mail  # the task module imports this one

    mail = QueuedMail.objects.create(
        to=to, subject=subject, body=body, unsubscribe_link=unsubscribe_link
    )
    send_queued_mail.enqueue(mail_id=mail.pk)
    return mail


def queued_mail_send(mail_id: int) -> bool:
    """Send a queued mail and delete it; False when it is gone (sent already, or pruned)."""
    mail = QueuedMail.objects.filter(pk=mail_id).first()
    if mail is None:
        return False
    mail_send(
        to=mail.to, subject=mail.subject, body=mail.body, unsubscribe_link=mail.unsubscribe_link
    )
    mail.delete()
    return True
