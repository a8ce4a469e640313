from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse

from upstander.accounts.permissions import is_staff_person

# The layout's links, by the name base.html uses, reversed by Django on every page (no copy kept
# between requests: a URLconf or script prefix that changes is never served stale).
_LAYOUT_LINKS: dict[str, tuple[str, tuple[str, ...]]] = {
    "home": ("web:home", ()),
    "report_abuse": ("web:report_abuse", ()),
    "behaviour_policy": ("policies:page", ("behaviour",)),
    "equality_statement": ("policies:page", ("equality",)),
    "meetings": ("meetings:list", ()),
    "staff": ("web:staff_dashboard", ()),
    "account": ("web:account_home", ()),
    "sign_out": ("account_logout", ()),
    "sign_in": ("account_login", ()),
    "register": ("account_signup", ()),
    "privacy": ("web:privacy", ()),
    "accessibility": ("web:accessibility", ()),
    "code_of_conduct": ("policies:page", ("code_of_conduct",)),
    "statistics": ("networks:statistics", ()),
    "welcome_pack": ("policies:welcome", ()),
    "subscribe": ("accounts:subscribe", ()),
}


def _layout_links() -> dict[str, str]:
    return {name: reverse(view, args=args) for name, (view, args) in _LAYOUT_LINKS.items()}


def site(request: HttpRequest) -> dict[str, object]:
    return {
        "party_name": settings.PARTY_NAME,
        "is_staff_person": is_staff_person(getattr(request, "user", None)),
        "links": _layout_links(),
    }
