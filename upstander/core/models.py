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
