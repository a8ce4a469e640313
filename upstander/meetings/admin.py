from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from upstander.meetings.models import Meeting, Registration, WelcomePack


class ReadOnlyAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Changes go through services (and their audit entries), never through the admin."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Meeting)
class MeetingAdmin(ReadOnlyAdmin):
    list_display = ("title", "starts_at", "platform", "audience", "host")
    exclude = ("join_link", "password")  # secrets: shown to the host on the host's page only


@admin.register(Registration)
class RegistrationAdmin(ReadOnlyAdmin):
    list_display = ("name", "meeting", "registered_at", "revoked_at")
    exclude = ("token_hash", "token_nonce")


@admin.register(WelcomePack)
class WelcomePackAdmin(ReadOnlyAdmin):
    list_display = ("member", "sent_at", "equality", "behaviour", "code_of_conduct")
