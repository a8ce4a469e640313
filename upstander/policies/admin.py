from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from upstander.policies.models import Acknowledgement, PolicyDocument


@admin.register(PolicyDocument)
class PolicyDocumentAdmin(admin.ModelAdmin[PolicyDocument]):
    list_display = ("kind", "version", "title", "status", "published_at")
    list_filter = ("kind", "status")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # drafts and publishing go through services (staff policy pages)

    def has_change_permission(
        self, request: HttpRequest, obj: PolicyDocument | None = None
    ) -> bool:
        return False


@admin.register(Acknowledgement)
class AcknowledgementAdmin(admin.ModelAdmin[Acknowledgement]):
    list_display = ("user", "document", "acknowledged_at")

    def has_change_permission(
        self, request: HttpRequest, obj: Acknowledgement | None = None
    ) -> bool:
        return False
