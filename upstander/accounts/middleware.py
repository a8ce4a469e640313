"""Staff pages require two-factor authentication; a staff person without it must set it up."""

from __future__ import annotations

from collections.abc import Callable

from allauth.mfa.utils import is_mfa_enabled
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from upstander.accounts.permissions import is_staff_person

STAFF_PATH_PREFIXES = ("/staff/", "/admin/")


class StaffMfaRequiredMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if (
            request.path.startswith(STAFF_PATH_PREFIXES)
            and is_staff_person(request.user)
            and not is_mfa_enabled(request.user)
        ):
            messages.warning(
                request,
                "Staff pages hold other people's personal data, so they need two-factor "
                "authentication. Please set it up to continue.",
            )
            return redirect("mfa_activate_totp")
        return self.get_response(request)
