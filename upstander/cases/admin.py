"""Read-only, statistics columns only: a case's sensitive fields open only on its audited page."""

from __future__ import annotations

from django.contrib import admin

from upstander.cases.models import Case
from upstander.core.admin import ReadOnlyAdmin


@admin.register(Case)
class CaseAdmin(ReadOnlyAdmin[Case]):
    list_display = ("pk", "state", "severity", "category", "platform", "created_at", "outcome")
    list_filter = ("state", "severity", "category", "platform", "outcome")
    fields = (
        "state", "severity", "category", "targeted_characteristic", "platform", "outcome",
        "created_at", "first_response_at", "closed_at", "minimised_at",
    )  # fmt: skip
