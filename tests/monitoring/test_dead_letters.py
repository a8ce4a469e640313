"""A post the database cannot hold never stops the monitor: it is cleaned, or set aside in the
dead letters with its reason, the cursor moves on, and the safeguarding lead sees how many."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse

from tests.conftest import signed_in
from upstander.audit.models import AuditEntry
from upstander.classify import load_scorer
from upstander.monitoring.models import DeadLetter, MonitoredPost, MonitorSource, ReviewItem
from upstander.monitoring.pipeline import Monitor, RunStats
from upstander.monitoring.sources import run_source

from .conftest import WATCHED_DID, chatter, reply_to, write_lines

pytestmark = pytest.mark.django_db(transaction=False)


def run(path: Path) -> RunStats:
    return run_source(Monitor(scorer=load_scorer("builtin")), f"replay:{path}")


def write_bytes(path: Path, lines: list[bytes]) -> Path:
    path.write_bytes(b"".join(line + b"\n" for line in lines))
    return path


def line(event: dict[str, Any]) -> bytes:
    return json.dumps(event).encode()


def test_post_with_nul_character_is_stored_and_cursor_moves(watched, tmp_path):
    poison = reply_to(WATCHED_DID, 1, "you\x00 are a worthless pig")
    poison["commit"]["record"]["langs"] = ["en\x00"]  # NUL in the raw JSON too
    path = write_lines(
        tmp_path / "nul.jsonl", [chatter(0), poison, reply_to(WATCHED_DID, 2, "after it")]
    )

    run(path)

    post = MonitoredPost.objects.get(uri__endswith="/r000001")
    assert "\x00" not in post.text
    assert "worthless pig" in post.text
    assert "\x00" not in json.dumps(post.raw)
    assert MonitoredPost.objects.filter(uri__endswith="/r000002").exists()  # read past it
    assert ReviewItem.objects.count() == 2
    assert int(MonitorSource.objects.get().cursor) == path.stat().st_size
    assert run(path).events == 0  # a restart starts after it, not on it again


def test_unstorable_event_goes_to_dead_letters(watched, tmp_path):
    oversize = reply_to(WATCHED_DID, 1, "too long a key")
    oversize["commit"]["rkey"] = "k" * 5000  # longer than any post address we can keep
    surrogate = line(reply_to(WATCHED_DID, 2, "SURROGATE")).replace(b"SURROGATE", b"\\ud800!")
    bad_utf8 = line(reply_to(WATCHED_DID, 3, "BYTES")).replace(b"BYTES", b"\xff\xfe bad")
    path = write_bytes(
        tmp_path / "bad.jsonl",
        [
            line(oversize),
            b'{"did": "did:plc:x", "time_us": "broken"',  # no readable shape at all
            surrogate,
            bad_utf8,
            line(reply_to(WATCHED_DID, 4, "after them")),
        ],
    )

    stats = run(path)

    assert stats.set_aside == 2
    letters = {letter.reason.partition(":")[0]: letter for letter in DeadLetter.objects.all()}
    assert sorted(letters) == ["malformed", "oversize"]
    assert {letter.source for letter in letters.values()} == {MonitorSource.objects.get().name}
    assert 0 < len(letters["oversize"].excerpt) <= DeadLetter.EXCERPT_CHARS
    # Cleaned rather than set aside: a lone surrogate and invalid UTF-8 become U+FFFD.
    assert "\ufffd!" in MonitoredPost.objects.get(uri__endswith="/r000002").text
    assert "\ufffd" in MonitoredPost.objects.get(uri__endswith="/r000003").text
    assert MonitoredPost.objects.filter(uri__endswith="/r000004").exists()
    assert int(MonitorSource.objects.get().cursor) == path.stat().st_size
    entries = AuditEntry.objects.filter(verb="monitoring.dead_letter")
    assert entries.count() == 2
    assert all("excerpt" not in entry.details and "text" not in entry.details for entry in entries)


def test_the_safeguarding_lead_sees_how_many_events_were_set_aside(
    watched, safeguarding_lead, caseworker, client, tmp_path
):
    path = write_lines(tmp_path / "bad.jsonl", ["{not json", "[]", reply_to(WATCHED_DID, 1, "hi")])
    run(path)

    page = signed_in(client, safeguarding_lead).get(reverse("monitoring:queue"))

    assert page.status_code == 200
    assert "2 events could not be stored" in page.content.decode()
    page = signed_in(client, caseworker).get(reverse("monitoring:queue"))
    assert "could not be stored" not in page.content.decode()  # the lead's to act on


def test_a_post_the_database_refuses_even_cleaned_is_set_aside_and_the_rest_stored(watched):
    from upstander.monitoring.selectors import watch_targets
    from upstander.monitoring.services import ingest_batch, source_claim
    from upstander.platforms.types import Interaction, Post, Relation

    def interaction(rkey: str, raw: dict[str, Any]) -> Interaction:
        uri = f"at://did:plc:stranger/app.bsky.feed.post/{rkey}"
        post = Post("bluesky", uri, "https://bsky.app/x", "did:plc:stranger", "", "hi", None, raw)
        return Interaction(post, WATCHED_DID, Relation.REPLY)

    assert source_claim(name="replay:z", owner="me", lease_seconds=60)
    result = ingest_batch(
        source="replay:z",
        owner="me",
        lease_seconds=60,
        cursor="42",
        events_seen=2,
        events_malformed=0,
        interactions=[interaction("bad", {"shape": object()}), interaction("good", {})],
        targets=watch_targets(platform="bluesky"),
        scores={},
    )

    assert result.posts_stored == 1
    assert list(MonitoredPost.objects.values_list("uri", flat=True)) == [
        "at://did:plc:stranger/app.bsky.feed.post/good"
    ]
    assert DeadLetter.objects.get().reason == "not storable: TypeError"
    assert MonitorSource.objects.get().cursor == "42"
