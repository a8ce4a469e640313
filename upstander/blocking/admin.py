"""Read-only admin views of the blocklist (changes go through the services and their audit)."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from upstander.blocking.models import BlockEntry, Delivery, MemberReferral


class ReadOnly(admin.ModelAdmin):  # type: ignore[type-arg]
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(BlockEntry)
class BlockEntryAdmin(ReadOnly):
    list_display = ("platform", "handle", "account_id", "status", "requested_at", "completed_at")
    list_filter = ("platform", "status", "scope")
    exclude = ("reason",)


@admin.register(Delivery)
class DeliveryAdmin(ReadOnly):
    list_display = ("idempotency_key", "action", "method", "state", "attempts", "queued_at")
    list_filter = ("state", "action")


@admin.register(MemberReferral)
class MemberReferralAdmin(ReadOnly):
    list_display = ("member", "platform", "handle", "case_id", "status", "created_at")
    exclude = ("reason",)
