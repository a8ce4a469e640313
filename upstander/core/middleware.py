from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

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
