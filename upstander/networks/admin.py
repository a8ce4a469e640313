from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from upstander.networks.models import Consultation, Network


class ReadOnlyAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Changes go through services (and their audit entries), never through the admin."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Network)
class NetworkAdmin(ReadOnlyAdmin):
    list_display = ("name", "slug")


@admin.register(Consultation)
class ConsultationAdmin(ReadOnlyAdmin):
    list_display = ("title", "deadline", "status", "published_at")
