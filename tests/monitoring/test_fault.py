"""kill -9 the monitor during a replay, and during a Facebook or YouTube read against the local
servers, again and again: nothing lost, nothing twice."""

from __future__ import annotations

import json
import random
import signal
import subprocess
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.platforms.graph_server import PAGE_ID, PAGE_TOKEN, GraphServer
from tests.platforms.jetstream_events import post_event
from tests.platforms.read_gate import ReadGate
from tests.platforms.youtube_server import CHANNEL_ID, CHANNEL_TOKEN, YouTubeServer
from upstander.platforms.jetstream import JetstreamMatcher, MalformedEvent

from .subprocess_db import WATCHED, ProcessDatabase

pytestmark = [pytest.mark.slow, pytest.mark.django_db]

EVENTS = 40_000


def _replay_file(path: Path) -> tuple[set[str], int]:
    rng = random.Random(6)
    lines = []
    for n in range(EVENTS):
        t = 1_760_000_000_000_000 + n * 1000
        if n % 997 == 0:
            lines.append('{"did": "did:plc:x", "time_us": "broken"')  # malformed, counted
            continue
        if n % 50 == 0:
            did = WATCHED[n % 2]
            kind = rng.choice(["reply", "mention", "quote"])
            lines.append(
                json.dumps(
                    post_event(
                        did=f"did:plc:author{n % 300}",
                        rkey=f"p{n:07d}",
                        text=f"@target you are a disgrace number {n}",
                        time_us=t,
                        mention=(did, "@target") if kind == "mention" else None,
                        reply_to=f"at://{did}/app.bsky.feed.post/root" if kind == "reply" else None,
                        quote=f"at://{did}/app.bsky.feed.post/q" if kind == "quote" else None,
                    )
                )
            )
            continue
        lines.append(
            json.dumps(
                post_event(
                    did=f"did:plc:someone{n % 1000}",
                    rkey=f"c{n:07d}",
                    text=f"the bins were late again on our street, day {n}",
                    time_us=t,
                )
            )
        )
    path.write_text("\n".join(lines) + "\n")
    matcher = JetstreamMatcher(WATCHED)
    expected: set[str] = set()
    malformed = 0
    for line in lines:
        try:
            expected.update(found.post.uri for found in matcher.match(line))
        except MalformedEvent:
            malformed += 1
    return expected, malformed


@pytest.fixture(scope="module")
def seeded_template(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ProcessDatabase]:
    """Migrated and seeded once; each test gets its own copy."""
    database = ProcessDatabase(tmp_path_factory.mktemp("template"), suffix="procs_template")
    database.manage("migrate", "--no-input", "-v0")
    database.helper("seed")
    yield database
    database.drop()


@pytest.fixture
def process_db(seeded_template: ProcessDatabase, tmp_path: Path) -> Iterator[ProcessDatabase]:
    database = ProcessDatabase(tmp_path, template=seeded_template)
    yield database
    database.drop()


MONITOR_ARGS = ["--batch-events", "300", "--flush-seconds", "0.05", "--lease-seconds", "1"]


def _kill_mid_run(database: ProcessDatabase, source: str, previous: int) -> int:
    """Start a monitor, wait until it has checkpointed past `previous`, then kill -9 it."""
    process = database.monitor("--source", source, *MONITOR_ARGS)
    deadline = time.monotonic() + 60
    while database.cursor() <= previous:
        assert process.poll() is None, process.stderr.read().decode() if process.stderr else ""
        assert time.monotonic() < deadline, "the monitor made no progress"
        time.sleep(0.02)
    time.sleep(random.uniform(0, 0.15))  # somewhere inside a later batch
    assert process.poll() is None, "the replay finished before it could be killed"
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=10)
    return database.cursor()


def test_killing_the_monitor_three_times_loses_and_duplicates_nothing(process_db, tmp_path):
    path = tmp_path / "replay.jsonl"
    expected, malformed = _replay_file(path)
    source = f"replay:{path}"

    cursor = 0
    for _ in range(3):
        cursor = _kill_mid_run(process_db, source, cursor)
    assert 0 < cursor < path.stat().st_size
    process_db.manage("monitor", "--source", source, *MONITOR_ARGS)  # the restart finishes

    report = process_db.helper("report")
    assert set(report["uris"]) == expected
    assert report["rows"] == len(expected)
    assert report["duplicate_uris"] == []
    assert len(report["items"]) == len(set(map(tuple, report["items"]))) == len(expected)
    # Every event counted exactly once: counters move in the checkpoint's transaction.
    assert report["events_seen"] == EVENTS
    assert report["events_malformed"] == malformed
    assert report["posts_stored"] == len(expected)
    assert int(report["cursor"]) == path.stat().st_size


def test_two_monitors_on_one_source_do_the_work_once_even_when_one_is_killed(process_db, tmp_path):
    path = tmp_path / "replay.jsonl"
    expected, _ = _replay_file(path)
    source = f"replay:{path}"
    first = process_db.monitor("--source", source, *MONITOR_ARGS, "--owner", "first")
    second = process_db.monitor("--source", source, *MONITOR_ARGS, "--owner", "second")
    deadline = time.monotonic() + 60
    while process_db.cursor() == 0:
        assert time.monotonic() < deadline
        time.sleep(0.02)
    # Kill whichever holds the lease; the other takes over once the lease expires.
    holder = process_db.lease_owner()
    (first if holder == "first" else second).send_signal(signal.SIGKILL)
    survivor = second if holder == "first" else first
    assert survivor.wait(timeout=120) == 0
    (first if holder == "first" else second).wait(timeout=10)

    report = process_db.helper("report")
    assert set(report["uris"]) == expected
    assert report["duplicate_uris"] == []
    assert report["events_seen"] == EVENTS


def test_sigterm_stops_the_monitor_cleanly_and_gives_its_lease_back(process_db, tmp_path):
    path = tmp_path / "replay.jsonl"
    _replay_file(path)
    size = path.stat().st_size
    process = process_db.monitor("--source", f"replay:{path}", "--follow", *MONITOR_ARGS)
    deadline = time.monotonic() + 120
    while process_db.cursor() < size:  # it has read everything and now waits for more
        assert process.poll() is None
        assert time.monotonic() < deadline
        time.sleep(0.05)
    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=20) == 0
    assert process_db.lease_owner() == ""


# -- kill -9 during a Facebook or YouTube read ---------------------------------------------------
PLATFORM_MONITOR_ARGS = ["--poll-seconds", "0.2", "--lease-seconds", "1"]


@dataclass
class _Site:
    """One local platform server, and how the monitor in another process reaches it."""

    source: str
    env: dict[str, str]
    watch: tuple[str, str, str, str]  # platform, stable id, handle, token
    reads: ReadGate
    add_comments: Callable[[int, int], set[str]]  # (posts or threads, comments or replies)
    add_pages_of_comments: Callable[[], set[str]]  # enough for a read of several pages


def _facebook_site(graph: GraphServer) -> _Site:
    troll = graph.add_user("Troll Account")

    def add(posts: int, per_post: int) -> set[str]:
        uris: set[str] = set()
        for p in range(posts):
            post = graph.add_post(f"Surgery update {p}")
            for n in range(per_post):
                comment = graph.add_comment(post, troll, f"go away, idiot #{n}")
                uris.add(f"facebook://{comment['id']}")
        return uris

    return _Site(
        source="facebook",
        env={"FACEBOOK_GRAPH_URL": graph.api_url},
        watch=("facebook", PAGE_ID, "cllrpriyapatel", PAGE_TOKEN),
        reads=graph.reads,
        add_comments=add,
        add_pages_of_comments=lambda: add(3, 70),  # 50 a page, on each post
    )


def _youtube_site(youtube: YouTubeServer) -> _Site:
    troll = youtube.add_channel("Troll Account")

    def add(threads: int, replies: int) -> set[str]:
        video = youtube.add_video()
        uris: set[str] = set()
        for n in range(threads):
            top = youtube.add_comment(video, troll, f"go away, idiot #{n}")
            uris.add(f"youtube://{top['id']}")
            for r in range(replies):
                reply = youtube.add_comment(video, troll, f"and again #{r}", parent=top)
                uris.add(f"youtube://{reply['id']}")
        return uris

    return _Site(
        source="youtube",
        env={"YOUTUBE_API_URL": youtube.api_url},
        watch=("youtube", CHANNEL_ID, "cllrpriyapatel", CHANNEL_TOKEN),
        reads=youtube.reads,
        add_comments=add,
        add_pages_of_comments=lambda: add(60, 1) | add(40, 0),  # 50 threads a page
    )


def _wait_until(done: Callable[[], bool], process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 90
    while not done():
        assert process.poll() is None, process.stderr.read().decode() if process.stderr else ""
        assert time.monotonic() < deadline, "the monitor made no progress"
        time.sleep(0.02)


def _kill(process: subprocess.Popen[bytes]) -> None:
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=10)


def _kill_during_reads(database: ProcessDatabase, site: _Site) -> None:
    database.extra_env.update(PLATFORM_ALLOW_PRIVATE_HOSTS="true", **site.env)
    database.helper("watch", *site.watch)
    expected = site.add_comments(2, 5)  # within the first read's single page
    monitor = ["--source", site.source, *PLATFORM_MONITOR_ARGS]

    # 1. The first read is checkpointed; killed while its next poll's read is in flight.
    process = database.monitor(*monitor)
    _wait_until(lambda: database.events_seen() == len(expected), process)
    site.reads.hold()
    site.reads.wait_held()
    _kill(process)
    site.reads.release()

    # 2. Many pages of new comments; killed while the second page is being read (the first
    # page was read, not stored: it must be read again, once).
    first = len(expected)
    expected |= site.add_pages_of_comments()
    site.reads.hold(after=1)
    process = database.monitor(*monitor)
    site.reads.wait_held()
    assert database.events_seen() == first
    _kill(process)
    site.reads.release()

    # 3. Killed somewhere: before, during or after its read and checkpoint.
    expected |= site.add_comments(3, 2)
    process = database.monitor(*monitor)
    time.sleep(random.uniform(0.5, 3.0))
    _kill(process)

    # 4. The restart, after the killed monitor's lease has expired, reads what is left.
    expected |= site.add_comments(2, 1)
    time.sleep(1.5)
    database.manage("monitor", *monitor, "--once")

    report = database.helper("report")
    assert report["duplicate_uris"] == []
    assert set(report["uris"]) == expected  # nothing lost
    assert report["rows"] == len(expected)
    # Nothing read twice: every comment counted once, in the checkpoint's transaction.
    assert report["events_seen"] == len(expected)
    assert report["posts_stored"] == len(expected)
    assert len(report["items"]) == len(expected)


def test_killing_the_monitor_during_a_facebook_read_loses_and_repeats_nothing(process_db, graph):
    _kill_during_reads(process_db, _facebook_site(graph))


def test_killing_the_monitor_during_a_youtube_read_loses_and_repeats_nothing(process_db, youtube):
    _kill_during_reads(process_db, _youtube_site(youtube))
