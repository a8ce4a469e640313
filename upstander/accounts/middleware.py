"""Staff pages require two-factor authentication; a staff person without it must set it up."""

from __future__ import annotations

from collections.abc import Callable

from allauth.mfa.models import Authenticator
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from upstander.accounts.models import User
from upstander.accounts.permissions import is_staff_person
from upstander.core.prepared import PreparedQuery

STAFF_PATH_PREFIXES = ("/staff/", "/admin/")

# allauth's is_mfa_enabled() asks the same question (any authenticator at all) through the ORM;
# every staff page asks it, so it is prepared once here.
_any_authenticator = PreparedQuery(
    lambda user_id: Authenticator.objects.filter(user_id=user_id).only("id")[:1]
)


def mfa_enabled(user: User) -> bool:
    return bool(_any_authenticator(user.pk))


class StaffMfaRequiredMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if (
            request.path.startswith(STAFF_PATH_PREFIXES)
            and is_staff_person(request.user)
            and isinstance(request.user, User)
            and not mfa_enabled(request.user)
        ):
            messages.warning(
                request,
                "Staff pages hold other people's personal data, so they need two-factor "
                "authentication. Please set it up to continue.",
            )
            return redirect("mfa_activate_totp")
        return self.get_response(request)
