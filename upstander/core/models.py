from __future__ import annotations

from django.db import models

from upstander.core.crypto import EncryptedTextField


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class QueuedMail(models.Model):
    """One mail waiting for the worker. The task carries only this row's id, so the task
    queue's rows hold no address, link or text; here they are encrypted, and the row is deleted
    once the mail is handed to the mail server."""

    to = EncryptedTextField()
    subject = EncryptedTextField()
    body = EncryptedTextField()
    unsubscribe_link = EncryptedTextField(blank=True)
    queued_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["queued_at", "pk"]

    def __str__(self) -> str:
        return f"queued mail {self.pk}"


class SubmissionKey(models.Model):
    """A create form's one-time key, claimed in the same transaction as the row it created.

    A second POST of the same rendered form (a double click, a reload after a slow answer)
    finds its key taken and is sent to what the first one made instead of making it again.
    Rows are pruned with the task results: a key older than that is never posted again.
    """

    key = models.CharField(max_length=64, unique=True)
    kind = models.CharField(max_length=40)
    result_id = models.BigIntegerField(null=True)
    created_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"submission key for {self.kind} {self.result_id}"
