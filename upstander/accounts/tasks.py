"""Background work for people and subscribers, so a long mailing never slows a page.

New mail goes through `upstander.core.mail.mail_queue`, whose task takes only an id. The old
`send_email` task, which took the text itself, stays only so rows queued before that change are
still delivered; nothing enqueues it any more, and `prune_task_results` removes the rows.
"""

from __future__ import annotations

from django_tasks import task

from upstander.core.mail import mail_send


@task()
def email_update_queue(*, update_id: int) -> None:
    """Queue an email update's mails, one batch per transaction, until all are queued."""
    from upstander.accounts.services import email_update_queue_batch

    while not email_update_queue_batch(update_id=update_id):
        pass


@task()
def member_handles_resolve() -> None:
    """Look up the stable ids of declared accounts that have none (after a register import)."""
    from upstander.accounts.services import handles_resolve_missing

    handles_resolve_missing(None)


@task()
def send_email(*, to: str, subject: str, body: str, unsubscribe_link: str) -> None:
    mail_send(to=to, subject=subject, body=body, unsubscribe_link=unsubscribe_link)
