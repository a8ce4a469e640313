"""A refused htmx action answers with a short plain message and a 4xx status."""

from __future__ import annotations

from django.test import RequestFactory

from upstander.core.htmx import htmx_refusal, is_htmx


def test_a_refusal_is_plain_text_with_the_status_given() -> None:
    response = htmx_refusal("Select at least one post first.", status=409)
    assert response.status_code == 409
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content.decode() == "Select at least one post first."


def test_a_refusal_is_a_bad_request_by_default() -> None:
    assert htmx_refusal("No.").status_code == 400


def test_only_requests_htmx_made_count_as_htmx() -> None:
    request = RequestFactory().get("/")
    assert not is_htmx(request)
    request.htmx = True  # type: ignore[attr-defined]
    assert is_htmx(request)
