"""Outgoing mail: queued by id (encrypted at rest), sent by the task worker, retried on failure.

Callers say what to send with `mail_queue`; the task (`core.tasks.send_queued_mail`) takes only
the id, so nothing secret (meeting passwords, personal links, letters) sits in the task queue.
A mail counts as sent only once the mail server has accepted it: a refusal or a dropped
connection leaves it waiting for its next try (exponential backoff, MAIL_MAX_ATTEMPTS tries),
and `manage.py retry_mail` (or the `send_due_mail` task) sends whatever is due.

A few tasks write their mail only when they run (joining details, personal links, the welcome
pack), so not even the encrypted text waits in the database; `mail_task_retry` gives them the
same tries and back-off by enqueueing the task again.
"""

from __future__ import annotations

import logging
import random
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from upstander.core.models import QueuedMail

if TYPE_CHECKING:
    from django_tasks.base import Task

logger = logging.getLogger(__name__)

RETRY_BASE_DELAY_SECONDS = 30.0
# A try that has not finished after this long (the worker died mid-send) may be tried again.
SEND_CLAIM_SECONDS = 300


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


def mail_queue(
    *, to: str, subject: str, body: str, unsubscribe_link: str = "", keep_record: bool = False
) -> QueuedMail:
    """Store the mail encrypted and enqueue its id (in the caller's transaction, if any).

    With `keep_record` the row outlives the sending (emptied, marked sent), so whoever links to
    it can tell whether the mail left.
    """
    from upstander.core.tasks import send_queued_mail  # the task module imports this one

    mail = QueuedMail.objects.create(
        to=to,
        subject=subject,
        body=body,
        unsubscribe_link=unsubscribe_link,
        keep_record=keep_record,
    )
    send_queued_mail.enqueue(mail_id=mail.pk)
    return mail


def mail_queue_on_commit(*, to: Iterable[str], subject: str, body: str) -> None:
    """Queue the same mail to each address once the caller's transaction commits: a change
    that rolls back tells nobody."""
    addresses = list(to)

    def queue() -> None:
        for address in addresses:
            mail_queue(to=address, subject=subject, body=body)

    transaction.on_commit(queue)


def retry_delay(attempts: int) -> timedelta:
    """Doubling from 30 s after each failed try, capped at MAIL_RETRY_MAX_DELAY_SECONDS."""
    ceiling = min(
        float(settings.MAIL_RETRY_MAX_DELAY_SECONDS),
        RETRY_BASE_DELAY_SECONDS * 2 ** max(attempts - 1, 0),
    )
    return timedelta(seconds=random.uniform(ceiling / 2, ceiling))  # noqa: S311 - jitter


def queued_mail_send(mail_id: int, *, now: datetime | None = None) -> bool:
    """Try to send one queued mail that is due; True when the mail server accepted it.

    The try is claimed with a conditional UPDATE (one more attempt, next try pushed past the
    claim), so two workers never send the same mail and a worker that dies mid-send leaves
    the mail to the next sweep. False: gone, sent, failed for good, not yet due, or refused.
    """
    now = now or timezone.now()
    # A first try is always due (the worker's clock may run a little behind the web's).
    waiting = QueuedMail.objects.filter(
        Q(next_attempt_at__lte=now) | Q(attempts=0),
        pk=mail_id,
        sent_at__isnull=True,
        failed_at__isnull=True,
    )
    claimed = waiting.update(
        attempts=F("attempts") + 1, next_attempt_at=now + timedelta(seconds=SEND_CLAIM_SECONDS)
    )
    if not claimed:
        return False
    mail = QueuedMail.objects.get(pk=mail_id)
    try:
        mail_send(
            to=mail.to,
            subject=mail.subject,
            body=mail.body,
            unsubscribe_link=mail.unsubscribe_link,
        )
    except Exception as error:  # whatever stopped the hand-over, try again later
        _send_failed(mail, error)
        return False
    _sent(mail)
    return True


def _sent(mail: QueuedMail) -> None:
    if not mail.keep_record:
        mail.delete()
        return
    # Kept as a record that the mail left; the address and text are no longer needed.
    QueuedMail.objects.filter(pk=mail.pk).update(
        to="", subject="", body="", unsubscribe_link="", last_error="", sent_at=timezone.now()
    )


def _send_failed(mail: QueuedMail, error: Exception) -> None:
    reason = f"{type(error).__name__}: {error}"[:500]
    now = timezone.now()
    if mail.attempts >= settings.MAIL_MAX_ATTEMPTS:
        QueuedMail.objects.filter(pk=mail.pk).update(last_error=reason, failed_at=now)
        logger.error("Mail %s failed for good after %s tries", mail.pk, mail.attempts)
        return
    next_attempt_at = now + retry_delay(mail.attempts)
    QueuedMail.objects.filter(pk=mail.pk).update(last_error=reason, next_attempt_at=next_attempt_at)
    logger.warning(
        "Mail %s not sent (try %s); next try at %s", mail.pk, mail.attempts, next_attempt_at
    )
    _schedule(mail.pk, run_after=next_attempt_at)


def _schedule(mail_id: int, *, run_after: datetime) -> None:
    from upstander.core.tasks import send_queued_mail

    if not send_queued_mail.get_backend().supports_defer:
        return  # the sweep (`retry_mail`) sends it when it is due
    send_queued_mail.using(run_after=run_after).enqueue(mail_id=mail_id)


def mail_task_retry(task: Task[..., Any], *, attempt: int, error: Exception, **ids: Any) -> None:
    """The mail server refused the mail a task writes when it runs: enqueue the task again.

    Call it from `except OSError` around the sending, with the task's own arguments (ids and
    flags only: they are logged). Try `attempt` failed; the next runs after `retry_delay`. When
    the tries are spent, or the task backend cannot run a task later (the immediate backend),
    the mail is given up on: recorded as failed (counted on the staff dashboard; the record
    holds which task and ids, never the address or text) and the error raised again, so the
    task's result is FAILED.
    """
    call = ", ".join(f"{name}={value!r}" for name, value in sorted(ids.items()))
    what = f"{task.name}({call})"
    if attempt < settings.MAIL_MAX_ATTEMPTS and task.get_backend().supports_defer:
        run_after = timezone.now() + retry_delay(attempt)
        task.using(run_after=run_after).enqueue(**ids, attempt=attempt + 1)
        logger.warning(
            "%s not sent (try %s, %s); next try at %s",
            what,
            attempt,
            type(error).__name__,
            run_after,
        )
        return
    QueuedMail.objects.create(
        to="",
        subject="",
        body="",
        attempts=attempt,
        # Encrypted, as for queued mail: a refusal may quote the address.
        last_error=f"{what}: {type(error).__name__}: {error}"[:500],
        failed_at=timezone.now(),
    )
    logger.error(
        "%s failed for good after %s tries (%s)%s",
        what,
        attempt,
        type(error).__name__,
        "" if attempt >= settings.MAIL_MAX_ATTEMPTS else "; the task backend cannot try later",
    )
    raise error


def mail_send_due(*, now: datetime | None = None, limit: int = 500) -> int:
    """Send every waiting mail whose next try is due (the sweep); how many left."""
    now = now or timezone.now()
    due = list(
        QueuedMail.objects.filter(
            sent_at__isnull=True, failed_at__isnull=True, next_attempt_at__lte=now
        )
        .order_by("next_attempt_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )
    return sum(queued_mail_send(mail_id, now=now) for mail_id in due)


def mail_failed_count() -> int:
    """Mail given up on (kept until pruned), for the staff dashboard: queued mail and mail
    written by its task (`mail_task_retry`)."""
    return QueuedMail.objects.filter(failed_at__isnull=False).count()
