"""Admin is read-only here: every change goes through the monitoring services (and the audit)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import Model
from django.http import HttpRequest

from upstander.monitoring.models import (
    BlockRequest,
    Delegation,
    MonitoredPost,
    MonitorSource,
    ReviewItem,
    WatchedAccount,
)


class ReadOnlyAdmin(admin.ModelAdmin[Any]):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False


@admin.register(WatchedAccount)
class WatchedAccountAdmin(ReadOnlyAdmin):
    list_display = ("handle", "platform", "person", "consent_given_at", "revoked_at")
    exclude = ("credential", "session")  # never shown, even decrypted, in the admin


@admin.register(Delegation)
class DelegationAdmin(ReadOnlyAdmin):
    list_display = ("person", "delegate", "assigned_at", "ended_at")


@admin.register(MonitoredPost)
class MonitoredPostAdmin(ReadOnlyAdmin):
    list_display = ("uri", "platform", "author_handle", "band", "abuse", "ingested_at")
    list_filter = ("platform", "band")


@admin.register(ReviewItem)
class ReviewItemAdmin(ReadOnlyAdmin):
    list_display = ("post", "person", "relation", "status", "decided_at")
    list_filter = ("status",)


@admin.register(BlockRequest)
class BlockRequestAdmin(ReadOnlyAdmin):
    list_display = ("platform", "author_handle", "author_id", "person", "status", "requested_at")


@admin.register(MonitorSource)
class MonitorSourceAdmin(ReadOnlyAdmin):
    list_display = ("name", "cursor", "lease_owner", "lease_expires_at", "events_seen")
