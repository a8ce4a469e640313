"""Read-only, statistics columns only: a case's sensitive fields open only on its audited page."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from upstander.cases.models import Case


@admin.register(Case)
class CaseAdmin(admin.ModelAdmin[Case]):
    list_display = ("pk", "state", "severity", "category", "platform", "created_at", "outcome")
    list_filter = ("state", "severity", "category", "platform", "outcome")
    fields = (
        "state", "severity", "category", "targeted_characteristic", "platform", "outcome",
        "created_at", "first_response_at", "closed_at", "minimised_at",
    )  # fmt: skip

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Case | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Case | None = None) -> bool:
        return False
