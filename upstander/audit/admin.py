from __future__ import annotations

from django.contrib import admin

from upstander.audit.models import AuditEntry
from upstander.core.admin import ReadOnlyAdmin


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin[AuditEntry]):
    list_display = ("sequence", "created_at", "actor_label", "verb", "target_type", "target_id")
    list_filter = ("verb", "target_type")
    search_fields = ("verb", "target_id", "actor_label")
