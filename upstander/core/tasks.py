"""Background work every app shares: sending queued mail (the task takes the mail's id only)."""

from __future__ import annotations

from django_tasks import task

from upstander.core.mail import mail_send_due, queued_mail_send


@task()
def send_queued_mail(*, mail_id: int) -> bool:
    return queued_mail_send(mail_id)


@task()
def send_due_mail() -> int:
    """The retry sweep, for a scheduler to enqueue (what `manage.py retry_mail` does)."""
    return mail_send_due()
