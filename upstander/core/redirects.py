"""Where to go after a form: a `next` the page asked for, if it stays on this site."""

from __future__ import annotations

from django.http import HttpRequest
from django.shortcuts import resolve_url
from django.utils.http import url_has_allowed_host_and_scheme


def next_url(request: HttpRequest, fallback: str) -> str:
    """The request's `next` (POST, then GET) when it points at this site, else `fallback`.

    `fallback` is a URL name or path. Anything pointing elsewhere (another host, a
    scheme-relative `//host`, `javascript:`) falls back, so a crafted link cannot turn our
    redirect into a trusted-looking hop to a phishing page.
    """
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    # A path or a full URL: `redirect("30")` would try "30" as a view name and fail.
    if candidate.startswith(("/", "http://", "https://")) and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return resolve_url(fallback)
