"""Background mail delivery, so a slow mail server never slows a page.

New mail goes through `upstander.core.mail.mail_queue`, whose task takes only an id. This task,
which took the text itself, stays only so rows queued before that change are still delivered;
nothing enqueues it any more, and `prune_task_results` removes the rows once they finish.
"""

from __future__ import annotations

from django_tasks import task

from upstander.core.mail import mail_send


@task()
def send_email(*, to: str, subject: str, body: str, unsubscribe_link: str) -> None:
    mail_send(to=to, subject=subject, body=body, unsubscribe_link=unsubscribe_link)
