"""Telling a person how a step they asked for went, for views whose page only reports it."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.http import HttpRequest

from upstander.core.errors import DomainError


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
