from __future__ import annotations

from django.contrib import admin

from upstander.core.admin import ReadOnlyAdmin
from upstander.networks.models import Consultation, Network


@admin.register(Network)
class NetworkAdmin(ReadOnlyAdmin[Network]):
    list_display = ("name", "slug")


@admin.register(Consultation)
class ConsultationAdmin(ReadOnlyAdmin[Consultation]):
    list_display = ("title", "deadline", "status", "published_at")
