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
    # Unsent mail (failed for good, or still waiting) holds its text until here. A kept record
    # of a sent mail holds none and stays: alerts link to it to show that they left.
    mails, _ = QueuedMail.objects.filter(queued_at__lt=cutoff, sent_at__isnull=True).delete()
    keys, _ = SubmissionKey.objects.filter(created_at__lt=cutoff).delete()
    return {"task_results": tasks, "queued_mail": mails, "submission_keys": keys}
