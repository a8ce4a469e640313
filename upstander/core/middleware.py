from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.defaultfilters import filesizeformat

from upstander.core.errors import NotPermitted
from upstander.core.htmx import htmx_refusal, is_htmx


class NotPermittedMiddleware:
    """A refused role check anywhere becomes a plain 403 page (or, for htmx, text) that says why."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, NotPermitted):
            if is_htmx(request):
                return htmx_refusal(exception.message, status=403)
            return render(request, "403.html", {"message": exception.message}, status=403)
        return None


def request_too_large(request: HttpRequest) -> str | None:
    """Why this request's body is refused unread (None: it is not too large). Django limits the
    form fields it keeps in memory, but not the files: this limits the whole upload."""
    limit = int(settings.UPLOAD_MAX_REQUEST_BYTES)
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return "The request gave no valid length, so it was not read."
    if length <= limit:
        return None
    return (
        f"This upload is too large: {filesizeformat(length)}, and at most "
        f"{filesizeformat(limit)} can be sent at once. Nothing was saved. Please send fewer or "
        "smaller files (each file up to the size the form says), in more than one go."
    )


class RequestSizeLimitMiddleware:
    """Refuses a request whose body is larger than UPLOAD_MAX_REQUEST_BYTES before anything
    reads it (413, with a page or htmx text that says why). Last in the list: every earlier
    middleware has run (session, user, CSP nonce) and none of them reads the body."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        reason = request_too_large(request)
        if reason is None:
            return self.get_response(request)
        if is_htmx(request):
            return htmx_refusal(reason, status=413)
        return render(request, "413.html", {"message": reason}, status=413)
