"""Admin is read-only here: every change goes through the monitoring services (and the audit)."""

from __future__ import annotations

from django.contrib import admin

from upstander.core.admin import ReadOnlyAdmin
from upstander.monitoring import models


@admin.register(models.WatchedAccount)
class WatchedAccountAdmin(ReadOnlyAdmin[models.WatchedAccount]):
    list_display = ("handle", "platform", "person", "consent_given_at", "revoked_at")
    exclude = ("credential", "session")  # never shown, even decrypted, in the admin


@admin.register(models.Delegation)
class DelegationAdmin(ReadOnlyAdmin[models.Delegation]):
    list_display = ("person", "delegate", "assigned_at", "ended_at")


@admin.register(models.MonitoredPost)
class MonitoredPostAdmin(ReadOnlyAdmin[models.MonitoredPost]):
    list_display = ("uri", "platform", "author_handle", "band", "abuse", "ingested_at")
    list_filter = ("platform", "band")


@admin.register(models.ReviewItem)
class ReviewItemAdmin(ReadOnlyAdmin[models.ReviewItem]):
    list_display = ("post", "person", "relation", "status", "decided_at")
    list_filter = ("status",)


@admin.register(models.BlockRequest)
class BlockRequestAdmin(ReadOnlyAdmin[models.BlockRequest]):
    list_display = ("platform", "author_handle", "author_id", "person", "status", "requested_at")


@admin.register(models.MonitorSource)
class MonitorSourceAdmin(ReadOnlyAdmin[models.MonitorSource]):
    list_display = ("name", "cursor", "lease_owner", "lease_expires_at", "events_seen")


@admin.register(models.DeadLetter)
class DeadLetterAdmin(ReadOnlyAdmin[models.DeadLetter]):
    list_display = ("created_at", "source", "reason")
