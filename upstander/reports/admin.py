"""Read-only and without narratives or contact details: those open only through a case."""

from __future__ import annotations

from django.contrib import admin

from upstander.core.admin import ReadOnlyAdmin
from upstander.reports.models import MailboxMessage, Report, ReportMailbox


@admin.register(Report)
class ReportAdmin(ReadOnlyAdmin[Report]):
    list_display = ("pk", "created_at", "source", "platform", "target_kind", "urgent", "status")
    list_filter = ("status", "platform", "source")
    fields = ("created_at", "source", "platform", "target_kind", "urgent", "status")


@admin.register(ReportMailbox)
class ReportMailboxAdmin(ReadOnlyAdmin[ReportMailbox]):
    list_display = ("name", "last_read_at", "last_error", "last_error_at", "last_uid")


@admin.register(MailboxMessage)
class MailboxMessageAdmin(ReadOnlyAdmin[MailboxMessage]):
    """Where a lead finds the messages set aside, and why (their bytes are evidence items)."""

    list_display = ("pk", "received_at", "mailbox", "uid", "status", "reason", "report", "evidence")
    list_filter = ("status", "mailbox")
