"""Captured evidence: immutable items (file, post JSON or text) with their SHA-256.

An item is never changed once captured; a correction is a new item. The bytes live encrypted in
`EvidenceContent`, beside the item, so retention can purge them while the record of what was
captured (hash, time, who, where from) stays for the chain of custody.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from upstander.core.crypto import EncryptedBinaryField
from upstander.core.models import WriteOnceModel, WriteOnceQuerySet, known_choice, optional_user


class ImmutableError(Exception):
    """Evidence items are never updated or deleted."""


class EvidenceKind(models.TextChoices):
    FILE = "file", "File"
    POST = "post", "Social media post"
    TEXT = "text", "Text"


class EvidenceItem(WriteOnceModel):
    refusal = ImmutableError
    change_refused = "Evidence cannot be changed; capture a new item instead."
    delete_refused = "Evidence cannot be deleted."

    kind = models.CharField(max_length=8, choices=EvidenceKind.choices)
    sha256 = models.CharField(max_length=64, db_index=True)
    size = models.PositiveBigIntegerField()
    content_type = models.CharField(max_length=100)
    filename = models.CharField(max_length=255, blank=True)
    source_url = models.URLField(max_length=2048, blank=True)
    # For posts: where the post lives, and who wrote it (used to link and route cases).
    platform = models.CharField(max_length=16, blank=True)
    uri = models.CharField(max_length=2048, blank=True)
    author_handle = models.CharField(max_length=253, blank=True)
    author_id = models.CharField(max_length=2048, blank=True)
    posted_at = models.DateTimeField(null=True, blank=True)
    captured_at = models.DateTimeField()
    # Null means the system captured it (the monitor, an import).
    captured_by = optional_user()

    objects = WriteOnceQuerySet["EvidenceItem"].as_manager()

    class Meta:
        ordering = ["captured_at", "pk"]
        constraints = [
            known_choice("kind", EvidenceKind, name="evidence_kind_known"),
            models.CheckConstraint(
                condition=Q(sha256__regex=r"^[0-9a-f]{64}$"), name="evidence_sha256_hex"
            ),
            models.UniqueConstraint(
                fields=["uri", "sha256"], condition=~Q(uri=""), name="evidence_post_once"
            ),
        ]

    def __str__(self) -> str:
        return f"evidence {self.pk} ({self.get_kind_display()}, sha256 {self.sha256[:12]}…)"


class EvidenceContent(models.Model):
    """The captured bytes, encrypted at rest with the field keys. Purged only by retention."""

    item = models.OneToOneField(
        EvidenceItem, primary_key=True, on_delete=models.PROTECT, related_name="content"
    )
    # A raw Fernet token, as before this field existed; `rotate_field_keys` re-encrypts it.
    data = EncryptedBinaryField()

    def __str__(self) -> str:
        return f"content of evidence {self.item_id}"
