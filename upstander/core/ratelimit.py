"""Rate limits on public forms, counted by django-ratelimit in a store every process shares.

allauth limits sign-in, sign-up and password reset itself; this covers our own public forms.
Counters live in the default cache: the database cache unless REDIS_URL is set, so any number of
web processes on any number of machines count together. Who is counting comes from
`client_ip`, the one place the client's address is read (behind TRUSTED_PROXY_COUNT proxies it
is the address the nearest trusted proxy saw, not the proxy's own).
"""

from __future__ import annotations

import functools
import ipaddress
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django_ratelimit.core import get_usage  # type: ignore[import-untyped]


def client_ip(request: HttpRequest) -> str:
    """The client's address. With N trusted proxies in front, X-Forwarded-For's Nth entry from
    the right (each proxy appends the address it saw; entries further left are the client's
    say-so and could be anything)."""
    remote = str(request.META.get("REMOTE_ADDR") or "unknown")
    proxies = int(getattr(settings, "TRUSTED_PROXY_COUNT", 0))
    forwarded = str(request.META.get("HTTP_X_FORWARDED_FOR", ""))
    if proxies <= 0 or not forwarded:
        return remote
    hops = [hop.strip() for hop in forwarded.split(",")]
    if len(hops) < proxies:
        return remote  # it did not come through all our proxies
    try:
        return str(ipaddress.ip_address(hops[-proxies]))
    except ValueError:
        return remote


def _usage(group: str, key: str, *, limit: int, window_seconds: int, increment: bool) -> Any:
    return get_usage(
        None,
        group=group,
        key=lambda _group, _request: key,
        rate=f"{limit}/{window_seconds}s",
        increment=increment,
    )


def hit(group: str, key: str, *, limit: int, window_seconds: int) -> bool:
    """Count one attempt for `key` in `group`; True while it is within its limit."""
    usage = _usage(group, key, limit=limit, window_seconds=window_seconds, increment=True)
    return usage is None or not usage["should_limit"]


def spent(group: str, key: str, *, limit: int, window_seconds: int) -> bool:
    """True when `key` has already used up `limit` attempts in this window (counts nothing)."""
    usage = _usage(group, key, limit=limit, window_seconds=window_seconds, increment=False)
    return usage is not None and (usage["should_limit"] or usage["count"] >= limit)


def rate_limited(
    name: str, *, limit: int, window_seconds: int = 60
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Refuse POSTs beyond `limit` per client address per window with a 429 page; GETs are free."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @functools.wraps(view)
        def wrapped(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
            if request.method == "POST" and not hit(
                name, client_ip(request), limit=limit, window_seconds=window_seconds
            ):
                return render(
                    request,
                    "web/too_many_requests.html",
                    {"retry_after": window_seconds},
                    status=429,
                )
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
