"""Read-only: evidence metadata only (the bytes are opened through a case, which is audited)."""

from __future__ import annotations

from django.contrib import admin

from upstander.core.admin import ReadOnlyAdmin
from upstander.evidence.models import EvidenceItem


@admin.register(EvidenceItem)
class EvidenceItemAdmin(ReadOnlyAdmin[EvidenceItem]):
    list_display = ("pk", "kind", "content_type", "size", "sha256", "captured_at")
    list_filter = ("kind", "content_type")
    search_fields = ("sha256", "uri")
    fields = ("kind", "sha256", "size", "content_type", "source_url", "uri", "captured_at")
