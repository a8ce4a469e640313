"""Thin views: parse the request, call a service or selector, render."""

from __future__ import annotations

import csv
from typing import Protocol

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from upstander.accounts import selectors, services
from upstander.accounts.errors import InvalidSubscriptionLink, MemberImportRejected
from upstander.accounts.forms import (
    EmailUpdateForm,
    HandleDeclareForm,
    MemberImportForm,
    RoleChangeForm,
    SubscribeForm,
)
from upstander.accounts.handles import InvalidHandle
from upstander.accounts.models import EmailUpdate, Platform, Role, User
from upstander.accounts.permissions import has_role, request_user
from upstander.accounts.standing import standing_kept_words
from upstander.core.errors import DomainError, NotPermitted
from upstander.core.ratelimit import rate_limited
from upstander.core.submissions import AlreadySubmitted
from upstander.core.view_outcome import to_first_sending


@require_http_methods(["GET", "POST"])
@rate_limited("subscribe", limit=5, window_seconds=600)
def subscribe(request: HttpRequest) -> HttpResponse:
    form = SubscribeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.subscription_request(email=form.cleaned_data["email"])
        return render(request, "accounts/subscribe_sent.html")
    status = 400 if request.method == "POST" else 200
    return render(request, "accounts/subscribe.html", {"form": form}, status=status)


class _TokenStep(Protocol):
    def __call__(self, *, token: str) -> object: ...


def _mailed_link(
    request: HttpRequest, token: str, step: _TokenStep, *, ask: str, done: str
) -> HttpResponse:
    """A signed link from one of our emails: opening it (GET) shows the `ask` page with a
    button, and only the button (POST) takes the `step`, so mail scanners that open links
    change nothing."""
    if request.method == "GET":
        return render(request, ask, {"token": token})
    try:
        step(token=token)
    except InvalidSubscriptionLink as error:
        return render(request, "accounts/link_problem.html", {"message": error.message}, status=400)
    return render(request, done)


@require_http_methods(["GET", "POST"])
def subscription_confirm(request: HttpRequest, token: str) -> HttpResponse:
    return _mailed_link(
        request,
        token,
        services.subscription_confirm,
        ask="accounts/subscription_confirm.html",
        done="accounts/subscription_confirmed.html",
    )


@csrf_exempt  # RFC 8058 one-click POSTs come from mail providers; the signed token authorises.
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    return _mailed_link(
        request,
        token,
        services.subscription_unsubscribe,
        ask="accounts/unsubscribe.html",
        done="accounts/unsubscribed.html",
    )


def _administrator_only(request: HttpRequest) -> None:
    if not has_role(request.user, Role.ADMINISTRATOR):
        raise NotPermitted("Only an administrator may manage roles and the register.")


@login_required
@require_http_methods(["GET", "POST"])
def staff_roles(request: HttpRequest) -> HttpResponse:
    _administrator_only(request)
    form = RoleChangeForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            user = User.objects.filter(email=form.cleaned_data["email"].lower()).first()
            role = Role(form.cleaned_data["role"])
            if user is None:
                form.add_error("email", "Nobody with a login has this email address.")
            else:
                actor = request_user(request)
                try:
                    if form.cleaned_data["action"] == "grant":
                        services.role_grant(actor, user=user, role=role)
                        messages.success(request, f"{user} is now {role.label}.")
                    else:
                        services.role_revoke(actor, user=user, role=role)
                        messages.success(request, f"{user} is no longer {role.label}.")
                    return redirect("accounts:staff_roles")
                except DomainError as error:
                    form.add_error(None, error.message)
        status = 400
    return render(
        request,
        "accounts/staff_roles.html",
        {"form": form, "people": selectors.users_with_roles()},
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def staff_members(request: HttpRequest) -> HttpResponse:
    _administrator_only(request)
    form = MemberImportForm(request.POST or None, request.FILES or None)
    row_errors = None
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                result = services.members_import_csv(
                    request_user(request), text=form.cleaned_data["file"]
                )
            except MemberImportRejected as rejected:
                row_errors = rejected.errors
                form.add_error(None, rejected.message)
            else:
                messages.success(
                    request,
                    f"Imported: {result.created} new, {result.updated} updated, "
                    f"{result.handles_added} accounts declared.",
                )
                if result.standing_kept:
                    messages.warning(request, standing_kept_words(result.standing_kept))
                return redirect("accounts:staff_members")
    search = request.GET.get("q", "")[:100]
    return render(
        request,
        "accounts/staff_members.html",
        {
            "form": form,
            "row_errors": row_errors,
            "members": selectors.members_list(search=search)[:200],
            "search": search,
        },
        status=status,
    )


@login_required
def staff_subscribers_export(request: HttpRequest) -> HttpResponse:
    _administrator_only(request)
    subscribers = services.subscribers_export(request_user(request))
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="subscribers.csv"'
    writer = csv.writer(response)
    writer.writerow(["email", "confirmed_at"])
    for subscriber in subscribers:
        confirmed = subscriber.confirmed_at.isoformat() if subscriber.confirmed_at else ""
        writer.writerow([subscriber.email, confirmed])
    return response


@login_required
@require_http_methods(["GET", "POST"])
def staff_email_updates(request: HttpRequest) -> HttpResponse:
    _administrator_only(request)
    form = EmailUpdateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            # The form's fields (subject, body, submission_key) are the service's arguments.
            update = services.email_update_send(request_user(request), **form.cleaned_data)
        except AlreadySubmitted as done:
            return to_first_sending(
                request,
                done,
                "This update was already sent, once.",
                detail="accounts:staff_email_update",
                fallback="accounts:staff_email_updates",
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, f"“{update.subject}” is on its way to {update.recipients}.")
            return redirect("accounts:staff_email_update", pk=update.pk)
    return render(
        request,
        "accounts/staff_email_updates.html",
        {
            "form": form,
            "updates": selectors.email_updates_recent(),
            "subscribers": selectors.confirmed_subscribers().count(),
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
def staff_email_update(request: HttpRequest, pk: int) -> HttpResponse:
    _administrator_only(request)
    update = get_object_or_404(EmailUpdate, pk=pk)
    context = {"update": update, "progress": selectors.email_update_progress(update)}
    if request.htmx:  # type: ignore[attr-defined,unused-ignore]
        return render(request, "accounts/staff_email_update.html#progress", context)
    return render(request, "accounts/staff_email_update.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def my_social_accounts(request: HttpRequest) -> HttpResponse:
    """A member declares their own social media accounts (the party never blocks them)."""
    user = request_user(request)
    member = selectors.membership_of(user)
    if member is None:
        raise NotPermitted("Only members of the party declare their accounts here.")
    form = HandleDeclareForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            declared = services.handle_declare(
                user,
                member=member,
                platform=Platform(form.cleaned_data["platform"]),
                handle=form.cleaned_data["handle"],
            )
        except InvalidHandle as error:
            form.add_error("handle", error.message)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, f"{declared.handle} is recorded as your account.")
            return redirect("accounts:my_social_accounts")
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "accounts/my_social_accounts.html",
        {"form": form, "handles": selectors.handles_of(member)},
        status=status,
    )
