"""The append-only audit log: each entry carries the SHA-256 of itself chained to the one before,
signed with a key kept outside the database."""

from __future__ import annotations

from django.db import models

from upstander.core.models import WriteOnceModel, WriteOnceQuerySet


class AppendOnlyError(Exception):
    """Audit entries are never updated or deleted."""


class AuditEntry(WriteOnceModel):
    refusal = AppendOnlyError
    change_refused = "Audit entries cannot be updated."
    delete_refused = "Audit entries cannot be deleted."

    sequence = models.PositiveBigIntegerField(unique=True)
    created_at = models.DateTimeField()
    # A plain id, not a foreign key: erasing an account must never rewrite history, and the
    # label holds no personal data, so nothing here needs erasing.
    actor_user_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    actor_label = models.CharField(max_length=80)
    verb = models.CharField(max_length=80)
    target_type = models.CharField(max_length=80, blank=True)
    target_id = models.CharField(max_length=80, blank=True)
    details = models.JSONField(default=dict)
    previous_hash = models.CharField(max_length=64)
    entry_hash = models.CharField(max_length=64, unique=True)
    # HMAC-SHA256 of `entry_hash` with AUDIT_SIGNING_KEY, which lives outside the database, and
    # which key that was (see `chain.key_id_for`).
    signature = models.CharField(max_length=64, blank=True, default="")
    key_id = models.CharField(max_length=16, blank=True, default="")

    objects = WriteOnceQuerySet["AuditEntry"].as_manager()

    class Meta:
        ordering = ["sequence"]
        verbose_name_plural = "audit entries"
        indexes = [models.Index(fields=["target_type", "target_id"])]

    def __str__(self) -> str:
        return f"#{self.sequence} {self.verb} {self.target_type}:{self.target_id}"
