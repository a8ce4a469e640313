"""What the fuzz suite aims at: every URL that takes a POST (from the URLconf), and where its
form is shown (found by signing in as each role of the demo cast and following links)."""

from __future__ import annotations

import inspect
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.exceptions import Resolver404

from tests.conftest import signed_in
from tests.fuzz.html_forms import Form, post_forms
from upstander.accounts.models import User

# The demo cast (manage.py seed_demo), one person per role; None is the public.
CAST: dict[str, str | None] = {
    "public": None,
    "administrator": "admin@demo.upstander.test",
    "safeguarding_lead": "lead@demo.upstander.test",
    "caseworker": "caseworker@demo.upstander.test",
    "protected_person": "councillor@demo.upstander.test",
    "member_and_network_rep": "member@demo.upstander.test",
    "panel_member": "panel1@demo.upstander.test",
    "appeal_panel_member": "appeal1@demo.upstander.test",
}

START_PAGES = [
    "/",
    "/account/",
    "/staff/",
    "/report/new/",
    "/report/follow-up/",
    "/subscribe/",
    "/meetings/",
    "/welcome/",
    "/networks/",
    "/monitoring/",
    "/discipline/letters/",
    "/account/reports/",
    "/account/blocking/",
    "/staff/cases/",
    "/staff/cases/subject-access/",
    "/staff/discipline/",
    "/staff/discipline/new/",
    "/staff/meetings/",
    "/staff/networks/",
    "/staff/monitoring/",
    "/staff/monitoring/people/",
    "/staff/blocking/",
    "/staff/blocking/new/",
    "/staff/policies/",
    "/staff/people/roles/",
    "/staff/people/members/",
    "/staff/welcome-packs/",
    "/accounts/login/",
    "/accounts/signup/",
    "/accounts/password/reset/",
    "/accounts/password/change/",
    "/accounts/email/",
    "/accounts/2fa/",
    "/accounts/2fa/totp/activate/",
    "/accounts/2fa/totp/deactivate/",
    "/accounts/2fa/recovery-codes/generate/",
]

# Pages not worth reading for forms: files, and the Django admin (read-mostly; writes go through
# services, and its forms are Django's own).
NOT_CRAWLED = {
    "web:home",
    "accounts:staff_subscribers_export",
    "cases:evidence_pack",
    "cases:evidence_item",
    "policies:welcome_pdf",
    "discipline:letter_pdf",
    "mfa_download_recovery_codes",
    "account_logout",
}
# How many pages of one URL (different ids) to read: objects in different states offer
# different forms (a closed case offers "reopen").
PAGES_PER_URL = 6

# POST-taking URLs that no page links to with a usable form, each with the reason.
NOT_FUZZED: dict[str, str] = {
    "account_confirm_email": "reached only from the emailed key (allauth's own view)",
    "account_reset_password_from_key": "reached only from the emailed key (allauth's own view)",
    "account_confirm_login_code": "login by code is not enabled",
    "account_reauthenticate": "allauth's flow, reached only when a sensitive action asks",
    "mfa_reauthenticate": "allauth's flow, reached only when a sensitive action asks",
    "mfa_authenticate": "allauth's sign-in flow, reached only after a password is entered",
    "account_set_password": "only for accounts without a password; the cast all have one",
    "accounts:subscription_confirm": "reached only from the emailed token",
    "accounts:unsubscribe": "reached only from the emailed token",
    "mfa_activate_totp": "allauth's own form, shown only after re-entering the password",
    "mfa_deactivate_totp": "allauth's own form, shown only after re-entering the password",
    "mfa_generate_recovery_codes": "allauth's own form, shown only after re-entering the password",
    "blocking:consent_withdraw": "needs an account connected to a live Bluesky or Mastodon server",
    "cases:decide": "no page shows a form for it (it takes no fields)",
    "cases:take": "a button with no fields, shown only for unassigned cases (the demo has none)",
    "cases:safety_alert_acknowledge": (
        "a button with no fields, shown only while a safety alert is open (the demo has none)"
    ),
    "policies:staff_welcome_packs": "a button with no fields, shown only while packs wait",
    "monitoring:meta_webhook": (
        "Meta's servers post to it, no page does; a body without a valid signature is refused "
        "(bad input is posted to it in tests/monitoring/test_meta_webhook.py)"
    ),
}


def _patterns(resolver: URLResolver, namespace: str = "") -> Iterator[tuple[str, URLPattern]]:
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            if entry.app_name == "admin":
                continue
            inner = f"{namespace}:{entry.namespace}" if namespace else entry.namespace or ""
            yield from _patterns(entry, inner if entry.namespace else namespace)
        elif entry.name:
            yield (f"{namespace}:{entry.name}" if namespace else entry.name), entry


def _takes_post(pattern: URLPattern) -> bool:
    """A class-based view with a `post` method, a view limited to methods that include POST
    (require_POST, require_http_methods) or one that reads request.POST."""
    view_class = getattr(pattern.callback, "view_class", None)
    if view_class is not None:
        return callable(getattr(view_class, "post", None))
    function = pattern.callback
    while True:
        for cell in function.__closure__ or ():
            contents = cell.cell_contents
            if isinstance(contents, list | tuple) and "POST" in contents:
                return True
        if not hasattr(function, "__wrapped__"):
            break
        function = function.__wrapped__
    source = inspect.getsource(function)
    return "request.POST" in source or 'request.method == "POST"' in source


def post_url_names() -> list[str]:
    """Every named URL (the admin aside) whose view handles a POST."""
    return sorted({name for name, pattern in _patterns(get_resolver()) if _takes_post(pattern)})


@dataclass
class FoundForm:
    url_name: str
    role: str
    page: str
    form: Form


def url_name(path: str) -> tuple[str, dict[str, object]] | None:
    try:
        match = resolve(urlsplit(path).path)
    except Resolver404:
        return None
    return match.view_name, match.kwargs


@dataclass
class Story:
    """What a role does before its forms show (posts, as a browser would) and the pages only
    it reaches (links that come by email)."""

    posts: dict[str, list[tuple[str, dict[str, str]]]]
    pages: dict[str, list[str]]


def sign_in(role: str, story: Story) -> Client:
    client = Client()
    email = CAST[role]
    if email is not None:
        signed_in(client, User.objects.get(email=email))
    for path, data in story.posts.get(role, []):
        response = client.post(path, data)
        assert response.status_code == 302, (role, path, response.status_code)
    return client


def crawl(story: Story) -> dict[str, list[FoundForm]]:
    """The forms each role is shown, by the URL name they post to (one per distinct form)."""
    found: dict[str, list[FoundForm]] = {}
    seen_shapes: set[tuple[str, tuple[str, ...], str]] = set()
    for role in CAST:
        client = sign_in(role, story)
        queue = deque(START_PAGES + story.pages.get(role, []))
        visited: set[str] = set()
        per_url: dict[str, int] = {}
        while queue:
            path = queue.popleft()
            if path in visited:
                continue
            visited.add(path)
            named = url_name(path)
            if named is None or named[0] in NOT_CRAWLED or named[0].startswith("admin:"):
                continue
            per_url[named[0]] = per_url.get(named[0], 0) + 1
            if per_url[named[0]] > PAGES_PER_URL:
                continue
            response = client.get(path)
            if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
                continue
            html = response.content.decode()
            for form in post_forms(html, path):
                target = url_name(form.action)
                if target is None:
                    continue
                steps = "/".join(str(v) for v in target[1].values() if not isinstance(v, int))
                key = (target[0], tuple(sorted(form.names())), steps + "@" + role)
                if key in seen_shapes:
                    continue
                seen_shapes.add(key)
                found.setdefault(target[0], []).append(FoundForm(target[0], role, path, form))
            for href in _links(html):
                if href not in visited:
                    queue.append(href)
    return found


def _links(html: str) -> Iterator[str]:
    import re

    for href in re.findall(r'href="(/[^"#]*)"', html):
        if not href.startswith("/static/"):
            yield href.replace("&amp;", "&")
