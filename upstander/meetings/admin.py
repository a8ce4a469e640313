from __future__ import annotations

from django.contrib import admin

from upstander.core.admin import ReadOnlyAdmin
from upstander.meetings.models import Meeting, Registration


@admin.register(Meeting)
class MeetingAdmin(ReadOnlyAdmin[Meeting]):
    list_display = ("title", "starts_at", "platform", "audience", "host")
    exclude = ("join_link", "password")  # secrets: shown to the host on the host's page only


@admin.register(Registration)
class RegistrationAdmin(ReadOnlyAdmin[Registration]):
    list_display = ("name", "meeting", "registered_at", "revoked_at")
    exclude = ("token_hash", "token_nonce")
