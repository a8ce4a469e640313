"""Watched people, delegates and replay files for the monitoring tests."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pytest

from tests.platforms.jetstream_events import post_event
from upstander.accounts.models import Platform, User
from upstander.monitoring.models import WatchedAccount
from upstander.monitoring.services import delegate_assign, watched_account_connect

WATCHED_DID = "did:plc:priyawatched000000000000"
OTHER_WATCHED_DID = "did:plc:samwatched00000000000000"
CONSENT = "I agree that the party watches replies and mentions of this account."


def watch(person: User, did: str = WATCHED_DID, handle: str = "priya.test") -> WatchedAccount:
    return watched_account_connect(
        person,
        person=person,
        platform=Platform.BLUESKY,
        handle=handle,
        stable_id=did,
        consent_statement=CONSENT,
    )


@pytest.fixture
def watched(protected_person: User) -> WatchedAccount:
    return watch(protected_person)


@pytest.fixture
def following(watched: WatchedAccount, caseworker: User, safeguarding_lead: User) -> User:
    """The case worker follows the protected person (assigned by the safeguarding lead)."""
    delegate_assign(safeguarding_lead, person=watched.person, delegate=caseworker)
    return caseworker


def write_lines(path: Path, events: Iterable[dict[str, Any] | str]) -> Path:
    with path.open("w", encoding="utf-8") as handle:
        for event in events:
            handle.write((event if isinstance(event, str) else json.dumps(event)) + "\n")
    return path


def reply_to(
    did: str, n: int, text: str, *, author: str = "did:plc:stranger", t: int = 0
) -> dict[str, Any]:
    return post_event(
        did=author,
        rkey=f"r{n:06d}",
        text=text,
        time_us=1_760_000_000_000_000 + t + n,
        reply_to=f"at://{did}/app.bsky.feed.post/root1",
    )


def chatter(n: int, *, t: int = 0) -> dict[str, Any]:
    return post_event(
        did=f"did:plc:someone{n % 97}",
        rkey=f"c{n:06d}",
        text=f"lovely weather in town today {n}",
        time_us=1_760_000_000_000_000 + t + n,
    )
