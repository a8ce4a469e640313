"""Admin is read-mostly: changes that matter go through services (and so into the audit log)."""

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
from upstander.accounts.models import Branch, Member, RoleGrant, SocialHandle, Subscriber, User
from upstander.accounts.services import members_import_csv


@admin.register(User)
class UserAdmin(admin.ModelAdmin[User]):
    list_display = ("email", "display_name", "is_active", "date_joined")
    search_fields = ("email", "display_name")
    readonly_fields = ("password", "last_login", "date_joined")
    exclude = ("groups", "user_permissions")


@admin.register(RoleGrant)
class RoleGrantAdmin(admin.ModelAdmin[RoleGrant]):
    list_display = ("user", "role", "granted_at", "revoked_at")
    list_filter = ("role",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # grants go through role_grant, which audits them

    def has_change_permission(self, request: HttpRequest, obj: RoleGrant | None = None) -> bool:
        return False


class SocialHandleInline(admin.TabularInline[SocialHandle, Member]):
    model = SocialHandle
    extra = 0
    readonly_fields = ("platform", "handle", "stable_id", "declared_at")
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Member | None = None) -> bool:
        return False


@admin.register(Member)
class MemberAdmin(admin.ModelAdmin[Member]):
    list_display = ("membership_number", "family_name", "given_name", "status", "branch")
    list_filter = ("status", "branch")
    # Names are encrypted (no partial match in SQL): the register page searches exact names.
    search_fields = ("membership_number", "handles__handle")
    inlines = [SocialHandleInline]
    change_list_template = "admin/accounts/member/change_list.html"

    def has_change_permission(self, request: HttpRequest, obj: Member | None = None) -> bool:
        return False  # status changes go through member_status_set

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
                result = members_import_csv(request.user, text=form.cleaned_data["file"])  # type: ignore[arg-type]
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
class BranchAdmin(admin.ModelAdmin[Branch]):
    search_fields = ("name",)


@admin.action(description="Export selected confirmed subscribers as CSV")
def export_subscribers(
    modeladmin: admin.ModelAdmin[Subscriber], request: HttpRequest, queryset: QuerySet[Subscriber]
) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="subscribers.csv"'
    writer = csv.writer(response)
    writer.writerow(["email", "status", "confirmed_at"])
    for subscriber in queryset.filter(status="confirmed").order_by("email"):
        confirmed = subscriber.confirmed_at.isoformat() if subscriber.confirmed_at else ""
        writer.writerow([subscriber.email, subscriber.status, confirmed])
    return response


@admin.register(Subscriber)
class SubscriberAdmin(admin.ModelAdmin[Subscriber]):
    list_display = ("email", "status", "requested_at", "confirmed_at")
    list_filter = ("status",)
    search_fields = ("email",)
    actions = [export_subscribers]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # double opt-in only: nobody is subscribed on their behalf
