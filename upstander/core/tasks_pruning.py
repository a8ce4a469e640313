"""Finished task rows are deleted after TASKS_RESULT_RETENTION_DAYS: the queue is no archive.

Used form submission keys go at the same age: nobody resends a form page that old.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from upstander.core.models import QueuedMail, SubmissionKey


def prune_task_results(*, now: datetime | None = None, days: int | None = None) -> dict[str, int]:
    keep = days if days is not None else settings.TASKS_RESULT_RETENTION_DAYS
    cutoff = (now or timezone.now()) - timedelta(days=keep)
    tasks, _ = DBTaskResult.objects.finished().filter(finished_at__lt=cutoff).delete()
    # A mail whose task failed for good stays until here, so an operator can retry it meanwhile.
    mails, _ = QueuedMail.objects.filter(queued_at__lt=cutoff).delete()
    keys, _ = SubmissionKey.objects.filter(created_at__lt=cutoff).delete()
    return {"task_results": tasks, "queued_mail": mails, "submission_keys": keys}
