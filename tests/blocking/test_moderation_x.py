"""X: mute and hide replies only (blocking through X's API needs the Enterprise plan)."""

from __future__ import annotations

import json

import httpx
import pytest

from upstander.platforms.moderation_x import BlockingNotAvailable, XModeration
from upstander.platforms.types import AuthenticationFailed, TransientError


def x_api(status: int = 200) -> tuple[XModeration, list[httpx.Request]]:
    seen: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(status, json={"data": {"muting": True}})

    adapter = XModeration(
        user_id="42", access_token="user-token", transport=httpx.MockTransport(answer)
    )
    return adapter, seen


def test_blocking_on_x_is_refused_with_the_reason() -> None:
    adapter, seen = x_api()
    with pytest.raises(BlockingNotAvailable, match="Enterprise plan"):
        adapter.block(subject_id="666")
    assert seen == []


def test_mute_and_hide_reply_use_the_person_s_token() -> None:
    adapter, seen = x_api()
    adapter.mute(subject_id="666")
    adapter.hide_reply(tweet_id="777")
    assert [(r.method, r.url.path) for r in seen] == [
        ("POST", "/2/users/42/muting"),
        ("PUT", "/2/tweets/777/hidden"),
    ]
    assert json.loads(seen[0].content) == {"target_user_id": "666"}
    assert seen[0].headers["Authorization"] == "Bearer user-token"


def test_x_errors_say_whether_to_retry() -> None:
    with pytest.raises(AuthenticationFailed):
        x_api(401)[0].mute(subject_id="666")
    with pytest.raises(TransientError):
        x_api(429)[0].mute(subject_id="666")
