"""Admin is read-only here: every change goes through the monitoring services (and the audit)."""

from __future__ import annotations

from django.contrib import admin

from upstander.core.admin import ReadOnlyAdmin
from upstander.monitoring.models import (
    BlockRequest,
    DeadLetter,
    Delegation,
    MonitoredPost,
    MonitorSource,
    ReviewItem,
    WatchedAccount,
)


@admin.register(WatchedAccount)
class WatchedAccountAdmin(ReadOnlyAdmin[WatchedAccount]):
    list_display = ("handle", "platform", "person", "consent_given_at", "revoked_at")
    exclude = ("credential", "session")  # never shown, even decrypted, in the admin


@admin.register(Delegation)
class DelegationAdmin(ReadOnlyAdmin[Delegation]):
    list_display = ("person", "delegate", "assigned_at", "ended_at")


@admin.register(MonitoredPost)
class MonitoredPostAdmin(ReadOnlyAdmin[MonitoredPost]):
    list_display = ("uri", "platform", "author_handle", "band", "abuse", "ingested_at")
    list_filter = ("platform", "band")


@admin.register(ReviewItem)
class ReviewItemAdmin(ReadOnlyAdmin[ReviewItem]):
    list_display = ("post", "person", "relation", "status", "decided_at")
    list_filter = ("status",)


@admin.register(BlockRequest)
class BlockRequestAdmin(ReadOnlyAdmin[BlockRequest]):
    list_display = ("platform", "author_handle", "author_id", "person", "status", "requested_at")


@admin.register(MonitorSource)
class MonitorSourceAdmin(ReadOnlyAdmin[MonitorSource]):
    list_display = ("name", "cursor", "lease_owner", "lease_expires_at", "events_seen")


@admin.register(DeadLetter)
class DeadLetterAdmin(ReadOnlyAdmin[DeadLetter]):
    list_display = ("created_at", "source", "reason")
