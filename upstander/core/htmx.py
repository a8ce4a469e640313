"""Refusing an htmx action: a short plain message that the layout's error region shows.

htmx swaps nothing on a 4xx/5xx response, so a refused action must say why in words the
person reads; web/htmx-errors.js puts any text/plain error body into the base layout's
role="alert" region (and a generic line for other error bodies).
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse


def is_htmx(request: HttpRequest) -> bool:
    """True for a request htmx made (django-htmx's middleware sets `request.htmx`)."""
    return bool(getattr(request, "htmx", False))


def htmx_refusal(message: str, *, status: int = 400) -> HttpResponse:
    """A refused htmx action: `message` as plain text with a 4xx status; nothing is swapped."""
    return HttpResponse(message, status=status, content_type="text/plain; charset=utf-8")
