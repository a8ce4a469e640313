"""Admin is read-only: every change goes through a service (and so into the audit log).

Role grants and revocations go through the roles page (`role_grant`/`role_revoke`, which keep
one administrator); members' status through `member_status_set`; the member import below is
the one write here, and it calls the audited `members_import_csv`.
"""

from __future__ import annotations

import csv

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path

from upstander.accounts.errors import MemberImportRejected
from upstander.accounts.forms import MemberImportForm
from upstander.accounts.models import (
    Branch,
    Member,
    MemberStatusChange,
    RoleGrant,
    SocialHandle,
    Subscriber,
    User,
)
from upstander.accounts.permissions import request_user
from upstander.accounts.services import members_import_csv, subscribers_export
from upstander.core.admin import ReadOnlyAdmin, ReadOnlyInline


@admin.register(User)
class UserAdmin(ReadOnlyAdmin[User]):
    list_display = ("email", "display_name", "is_active", "date_joined")
    search_fields = ("email", "display_name")
    readonly_fields = ("password", "last_login", "date_joined")
    exclude = ("groups", "user_permissions")


@admin.register(RoleGrant)
class RoleGrantAdmin(ReadOnlyAdmin[RoleGrant]):
    list_display = ("user", "role", "granted_at", "revoked_at")
    list_filter = ("role",)


class SocialHandleInline(ReadOnlyInline[SocialHandle, Member]):
    model = SocialHandle
    readonly_fields = ("platform", "handle", "stable_id", "declared_at")


class MemberStatusChangeInline(ReadOnlyInline[MemberStatusChange, Member]):
    """Why each change of standing was made (kept here, not in the audit log)."""

    model = MemberStatusChange
    readonly_fields = ("changed_at", "from_status", "to_status", "reason", "changed_by")


@admin.register(Member)
class MemberAdmin(ReadOnlyAdmin[Member]):
    list_display = ("membership_number", "family_name", "given_name", "status", "branch")
    list_filter = ("status", "branch")
    # Names are encrypted (no partial match in SQL): the register page searches exact names.
    search_fields = ("membership_number", "handles__handle")
    inlines = [SocialHandleInline, MemberStatusChangeInline]
    change_list_template = "admin/accounts/member/change_list.html"

    def get_urls(self) -> list[URLPattern]:
        return [
            path(
                "import/",
                self.admin_site.admin_view(self.import_csv),
                name="accounts_member_import",
            ),
            *super().get_urls(),
        ]

    def import_csv(self, request: HttpRequest) -> HttpResponse:
        form = MemberImportForm(request.POST or None, request.FILES or None)
        row_errors = None
        if request.method == "POST" and form.is_valid():
            try:
                result = members_import_csv(request_user(request), text=form.cleaned_data["file"])
            except MemberImportRejected as rejected:
                row_errors = rejected.errors
                self.message_user(request, rejected.message, messages.ERROR)
            else:
                self.message_user(
                    request, f"Imported {result.created} new, {result.updated} updated."
                )
                return redirect("admin:accounts_member_changelist")
        return TemplateResponse(
            request,
            "admin/accounts/member/import.html",
            {
                **self.admin_site.each_context(request),
                "form": form,
                "row_errors": row_errors,
                "title": "Import members from CSV",
                "opts": self.model._meta,
            },
        )


@admin.register(Branch)
class BranchAdmin(ReadOnlyAdmin[Branch]):
    search_fields = ("name",)


@admin.action(description="Export selected confirmed subscribers as CSV")
def export_subscribers(
    modeladmin: admin.ModelAdmin[Subscriber], request: HttpRequest, queryset: QuerySet[Subscriber]
) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="subscribers.csv"'
    writer = csv.writer(response)
    writer.writerow(["email", "status", "confirmed_at"])
    exported = subscribers_export(
        request_user(request),
        only_ids=queryset.values_list("pk", flat=True),
        via="admin",
    )
    for subscriber in exported:
        confirmed = subscriber.confirmed_at.isoformat() if subscriber.confirmed_at else ""
        writer.writerow([subscriber.email, subscriber.status, confirmed])
    return response


@admin.register(Subscriber)
class SubscriberAdmin(ReadOnlyAdmin[Subscriber]):
    list_display = ("email", "status", "requested_at", "confirmed_at")
    list_filter = ("status",)
    search_fields = ("email",)
    actions = [export_subscribers]  # reads only; subscribing is double opt-in, by the person
