"""Read-only admin: every change to a proceeding goes through the services (and the audit log).

Narratives (allegations, reasons, responses) stay out of the admin lists on purpose.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from upstander.discipline.models import AppliedSanction, Proceeding, SanctionsGuide


class ReadOnlyAdmin(admin.ModelAdmin[Any]):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Proceeding)
class ProceedingAdmin(ReadOnlyAdmin):
    list_display = ("reference", "respondent", "stage", "opened_at", "appeal_deadline")
    list_filter = ("stage",)
    fields = ("respondent", "stage", "source_case_id", "opened_at", "closed_at")


@admin.register(SanctionsGuide)
class SanctionsGuideAdmin(ReadOnlyAdmin):
    list_display = ("version", "published_at", "published_by")


@admin.register(AppliedSanction)
class AppliedSanctionAdmin(ReadOnlyAdmin):
    list_display = ("member", "sanction", "starts_on", "ends_on", "lifted_at")
