"""Read-only admin views of the blocklist (changes go through the services and their audit)."""

from __future__ import annotations

from django.contrib import admin

from upstander.blocking.models import BlockEntry, BlockHandover, Delivery
from upstander.core.admin import ReadOnlyAdmin


@admin.register(BlockEntry)
class BlockEntryAdmin(ReadOnlyAdmin[BlockEntry]):
    list_display = ("platform", "handle", "account_id", "status", "requested_at", "completed_at")
    list_filter = ("platform", "status", "scope")
    exclude = ("reason",)


@admin.register(Delivery)
class DeliveryAdmin(ReadOnlyAdmin[Delivery]):
    list_display = ("idempotency_key", "action", "method", "state", "attempts", "queued_at")
    list_filter = ("state", "action")


@admin.register(BlockHandover)
class BlockHandoverAdmin(ReadOnlyAdmin[BlockHandover]):
    list_display = ("platform", "handle", "case_id", "state", "attempts", "next_attempt_at")
    list_filter = ("state", "platform")
    exclude = ("reason",)
