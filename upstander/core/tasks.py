"""Background work every app shares: sending queued mail (the task takes the mail's id only)."""

from __future__ import annotations

from django_tasks import task

from upstander.core.mail import queued_mail_send


@task()
def send_queued_mail(*, mail_id: int) -> bool:
    return queued_mail_send(mail_id)
