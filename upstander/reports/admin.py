"""Read-only and without narratives or contact details: those open only through a case."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from upstander.reports.models import Report


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin[Report]):
    list_display = ("pk", "created_at", "source", "platform", "target_kind", "urgent", "status")
    list_filter = ("status", "platform", "source")
    fields = ("created_at", "source", "platform", "target_kind", "urgent", "status")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Report | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Report | None = None) -> bool:
        return False
