"""A small fixed-window rate limit on public forms, kept in Django's cache.

allauth limits sign-in, sign-up and password reset itself; this covers our own public forms.
With several web processes the cache must be shared (set REDIS_URL), or each counts alone.
"""

from __future__ import annotations

import functools
import hashlib
import time
from collections.abc import Callable
from typing import ParamSpec

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

P = ParamSpec("P")


def client_ip(request: HttpRequest) -> str:
    return str(request.META.get("REMOTE_ADDR", "unknown"))


def hit(bucket: str, *, limit: int, window_seconds: int) -> bool:
    """Count one attempt in `bucket`; True while the bucket is within its limit."""
    window = int(time.time()) // window_seconds
    key = "rl:" + hashlib.sha256(f"{bucket}:{window}".encode()).hexdigest()
    cache.add(key, 0, timeout=window_seconds + 1)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window_seconds + 1)
        count = 1
    return count <= limit


def rate_limited(
    name: str, *, limit: int, window_seconds: int = 60
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Refuse POSTs beyond `limit` per client IP per window with a 429 page; GETs are free."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @functools.wraps(view)
        def wrapped(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
            if request.method == "POST" and not hit(
                f"{name}:{client_ip(request)}", limit=limit, window_seconds=window_seconds
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
