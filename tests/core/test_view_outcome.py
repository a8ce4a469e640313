"""A step asked for from a page: its refusal or its success is left as the next page's message."""

from __future__ import annotations

import pytest
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.http import HttpRequest
from django.test import RequestFactory
from django.urls import reverse

from upstander.core.errors import NotPermitted
from upstander.core.submissions import AlreadySubmitted
from upstander.core.view_outcome import run_and_tell, to_first_sending


def _request() -> HttpRequest:
    request = RequestFactory().post("/")
    request.session = {}  # type: ignore[assignment]
    request._messages = FallbackStorage(request)  # type: ignore[attr-defined]
    return request


def _told(request: HttpRequest) -> list[tuple[str, str]]:
    return [(message.level_tag, message.message) for message in get_messages(request)]


def test_a_step_that_runs_tells_its_success() -> None:
    request = _request()
    ran: list[bool] = []
    assert run_and_tell(request, lambda: ran.append(True), "Done.") is True
    assert ran == [True]
    assert _told(request) == [("success", "Done.")]


def test_a_refused_step_tells_the_rule_and_not_the_success() -> None:
    request = _request()

    def refused() -> None:
        raise NotPermitted("Only leads may do this.")

    assert run_and_tell(request, refused, "Done.") is False
    assert _told(request) == [("error", "Only leads may do this.")]


def test_an_error_that_is_no_rule_is_not_swallowed() -> None:
    request = _request()

    def broken() -> None:
        raise KeyError("bug")

    with pytest.raises(KeyError):
        run_and_tell(request, broken, "Done.")
    assert _told(request) == []


def test_a_form_sent_again_goes_to_what_the_first_sending_made() -> None:
    request = _request()
    done = AlreadySubmitted("Sent already.", kind="case", result_id=7)
    response = to_first_sending(
        request, done, "Sent once.", detail="cases:detail", fallback="cases:queue"
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("cases:detail", kwargs={"pk": 7})
    assert _told(request) == [("info", "Sent once.")]


def test_a_form_sent_again_with_no_row_goes_to_the_fallback() -> None:
    request = _request()
    done = AlreadySubmitted("Sent already.", kind="case", result_id=None)
    response = to_first_sending(
        request, done, "Sent once.", detail="cases:detail", fallback="cases:queue"
    )
    assert response["Location"] == reverse("cases:queue")
