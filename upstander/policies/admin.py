from __future__ import annotations

from django.contrib import admin

from upstander.core.admin import ReadOnlyAdmin
from upstander.policies.models import Acknowledgement, PolicyDocument, WelcomePack


@admin.register(PolicyDocument)
class PolicyDocumentAdmin(ReadOnlyAdmin[PolicyDocument]):
    """Drafts and publishing go through the services (the staff policy pages)."""

    list_display = ("kind", "version", "title", "status", "published_at")
    list_filter = ("kind", "status")


@admin.register(Acknowledgement)
class AcknowledgementAdmin(ReadOnlyAdmin[Acknowledgement]):
    """An acknowledgement is evidence that a person read a version: never edited or removed."""

    list_display = ("user", "document", "acknowledged_at")


@admin.register(WelcomePack)
class WelcomePackAdmin(ReadOnlyAdmin[WelcomePack]):
    list_display = ("member", "sent_at", "equality", "behaviour", "code_of_conduct")
