"""Read-only and without narratives or contact details: those open only through a case."""

from __future__ import annotations

from django.contrib import admin

from upstander.core.admin import ReadOnlyAdmin
from upstander.reports.models import Report


@admin.register(Report)
class ReportAdmin(ReadOnlyAdmin[Report]):
    list_display = ("pk", "created_at", "source", "platform", "target_kind", "urgent", "status")
    list_filter = ("status", "platform", "source")
    fields = ("created_at", "source", "platform", "target_kind", "urgent", "status")
