from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from upstander.accounts.models import Role
from upstander.accounts.permissions import active_roles, is_staff_person, request_user
from upstander.accounts.selectors import membership_of
from upstander.cases.selectors import has_own_cases
from upstander.core.errors import NotPermitted
from upstander.policies.models import PolicyKind
from upstander.policies.selectors import (
    acknowledgements_of,
    policies_awaiting_acknowledgement,
    policy_current,
)
from upstander.web import selectors


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "web/home.html", {"equality": policy_current(PolicyKind.EQUALITY)})


def report_abuse(request: HttpRequest) -> HttpResponse:
    return render(request, "web/report_abuse.html")


def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "web/privacy.html")


def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "web/accessibility.html")


@login_required
def account_home(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    roles = sorted(active_roles(user))
    return render(
        request,
        "web/account_home.html",
        {
            "roles": roles,  # the codes, for the template's role checks
            "role_labels": [Role(role).label for role in roles],
            "awaiting": policies_awaiting_acknowledgement(user),
            "acknowledgements": acknowledgements_of(user),
            "has_cases": has_own_cases(user),
            "is_member": membership_of(user) is not None,
        },
    )


@login_required
def staff_dashboard(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    if not is_staff_person(user):
        raise NotPermitted("The staff area is for case workers, leads, panels and administrators.")
    manage_links = selectors.manage_links(user)
    opens = {link.url_name for link in manage_links}
    return render(
        request,
        "web/staff_dashboard.html",
        {
            "figures": selectors.dashboard_figures(),
            "recent": selectors.recent_audit_entries(user),
            "safeguarding": selectors.safeguarding_banner(user),
            "manage_links": manage_links,
            # The case and block figures link to pages only case workers and leads open.
            "shows_cases": "cases:queue" in opens,
            "shows_blocking": "blocking:blocklist" in opens,
        },
    )
