"""Telling a person how a step they asked for went, for views whose page only reports it."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from upstander.core.errors import DomainError
from upstander.core.submissions import AlreadySubmitted


def run_and_tell(request: HttpRequest, step: Callable[[], object], success: str) -> bool:
    """Run `step` (a service call) and leave a message for the next page: the rule that refused
    it (any DomainError, NotPermitted included), or `success`. True when the step ran."""
    try:
        step()
    except DomainError as error:
        messages.error(request, error.message)
        return False
    messages.success(request, success)
    return True


def to_first_sending(
    request: HttpRequest, done: AlreadySubmitted, message: str, *, detail: str, fallback: str
) -> HttpResponse:
    """A create form sent again: say so, and show what the first sending made (the `detail`
    page of its row), or the `fallback` page where the first sending recorded no row."""
    messages.info(request, message)
    if done.result_id is None:
        return redirect(fallback)
    return redirect(detail, pk=done.result_id)
