"""Staff sessions: a second factor per session, an idle timeout and an absolute lifetime.

Anyone holding a staff role reaches only the public pages, sign-in, sign-out and two-factor
set-up and authentication until *this session* has passed the second factor. allauth records
the methods a session used; having an authenticator is not enough, since a password alone
(the admin's own login form, a session from before the role was granted) signs a person in.

Pages are matched by view name, never by URL prefix, so a script prefix or a new URL outside
`/staff/` is guarded all the same: anything not listed in PUBLIC_PAGES needs the second factor.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from allauth.account.authentication import get_authentication_records
from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from upstander.accounts.models import User
from upstander.accounts.permissions import is_staff_person

# View names a staff session may open before its second factor: what anyone may open without
# signing in, plus signing in and out and setting up or using the second factor.
PUBLIC_PAGES = frozenset(
    {
        # Public pages.
        "web:home",
        "web:report_abuse",
        "web:privacy",
        "web:accessibility",
        "policies:page",
        "policies:version",
        "accounts:subscribe",
        "accounts:subscription_confirm",
        "accounts:unsubscribe",
        "reports:new",
        "reports:sent",
        "reports:receipt",
        "reports:forget",
        # A reporter's follow-up pages open with the receipt held in the session.
        "reports:status",
        "reports:message",
        "reports:evidence",
        "discipline:guide",
        "networks:statistics",
        "networks:you_said_we_did",
        "meetings:registration",
        # Signing in and out.
        "account_login",
        "account_logout",
        "account_inactive",
        "account_signup",
        "account_reauthenticate",
        "account_email_verification_sent",
        "account_confirm_email",
        "account_confirm_login_code",
        "account_reset_password",
        "account_reset_password_done",
        "account_reset_password_from_key",
        "account_reset_password_from_key_done",
        # Two-factor set-up and authentication (not the recovery codes: they would let a
        # password alone pass the second factor).
        "mfa_index",
        "mfa_activate_totp",
        "mfa_authenticate",
        "mfa_reauthenticate",
    }
)

STARTED_KEY = "upstander.staff_session_started"
SEEN_KEY = "upstander.staff_session_seen"
# Writing the last-seen time on every request would save the session on every request.
_SEEN_RESOLUTION_S = 60


def passed_second_factor(request: HttpRequest, user: User) -> bool:
    return any(
        record.get("method") == "mfa" for record in get_authentication_records(request, user)
    )


def start_staff_session(request: HttpRequest, now: float | None = None) -> None:
    """Start the clocks afresh (at sign-in)."""
    now = time.time() if now is None else now
    request.session[STARTED_KEY] = now
    request.session[SEEN_KEY] = now


def staff_session_expired(request: HttpRequest, now: float) -> bool:
    started = request.session.get(STARTED_KEY)
    seen = request.session.get(SEEN_KEY)
    if not isinstance(started, (int, float)) or not isinstance(seen, (int, float)):
        return False
    idle_s = settings.STAFF_SESSION_IDLE_MINUTES * 60
    lifetime_s = settings.STAFF_SESSION_MAX_HOURS * 3600
    return now - seen > idle_s or now - started > lifetime_s


def _touch(request: HttpRequest, now: float) -> None:
    if STARTED_KEY not in request.session:
        start_staff_session(request, now)
        return
    seen = request.session.get(SEEN_KEY)
    if not isinstance(seen, (int, float)) or now - seen >= _SEEN_RESOLUTION_S:
        request.session[SEEN_KEY] = now


class StaffSessionMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., Any],
        view_args: tuple[Any, ...],
        view_kwargs: dict[str, Any],
    ) -> HttpResponse | None:
        user = request.user
        if not isinstance(user, User) or not is_staff_person(user):
            return None
        now = time.time()
        if staff_session_expired(request, now):
            logout(request)
            messages.info(request, "You were signed out after a while without activity.")
            return redirect_to_login(request.get_full_path())
        _touch(request, now)
        match = request.resolver_match
        if match is None or match.view_name in PUBLIC_PAGES:
            return None
        if passed_second_factor(request, user):
            return None
        if not is_mfa_enabled(user):
            messages.warning(
                request,
                "Staff pages hold other people's personal data, so they need two-factor "
                "authentication. Please set it up to continue.",
            )
            return redirect("mfa_activate_totp")
        query = urlencode({"next": request.get_full_path()})
        return redirect(f"{reverse('mfa_reauthenticate')}?{query}")
