"""The deployment of a large party, in miniature: two monitors and two task workers at once on one
PostgreSQL database (README, "Running at scale").

Each monitor follows its own source (two Jetstream shards, as replay files that grow while they
run) and holds that source's lease; the two `db_worker`s share the alert tasks the monitors
enqueue. Every post must be stored once, every review item and alert made once, every task run
once by one worker, and every alert mailed once: nothing lost, nothing twice.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.db import connection

from tests.conftest import make_person
from tests.platforms.jetstream_events import post_event
from upstander.accounts.models import Role, User
from upstander.monitoring.models import Alert, MonitoredPost, MonitorSource, ReviewItem
from upstander.monitoring.selectors import alerts_not_notified
from upstander.monitoring.services import delegate_assign, monitoring_threshold_set
from upstander.platforms.jetstream import JetstreamMatcher

from .conftest import OTHER_WATCHED_DID, WATCHED_DID, watch

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        "postgresql" not in settings.DATABASES["default"]["ENGINE"],
        reason="several processes writing at once is the PostgreSQL deployment; SQLite is the "
        "one-machine default and queues its writers (set DATABASE_URL=postgres://...)",
    ),
]

ROOT = Path(__file__).resolve().parents[2]
SHARDS = ("shard-a", "shard-b")
EVENTS_PER_WAVE = 1_500
WAVES = 2  # the first is there when the monitors start, the second arrives while they run
MONITOR_ARGS = ["--follow", "--batch-events", "200", "--flush-seconds", "0.1"]
DEADLINE_SECONDS = 90
FINISHED = {"SUCCESSFUL", "FAILED"}


def _wave(shard: str, wave: int) -> list[str]:
    """Mostly chatter; every 15th event a reply, mention or quote aimed at a watched person,
    every 150th aimed at both."""
    lines = []
    for n in range(EVENTS_PER_WAVE):
        key = f"{shard[-1]}{wave}{n:05d}"
        time_us = 1_760_000_000_000_000 + (wave * EVENTS_PER_WAVE + n) * 1000
        if n % 15:
            event = post_event(
                did=f"did:plc:someone{n % 400}",
                rkey=f"c{key}",
                text=f"the bins were late again on our street, day {n}",
                time_us=time_us,
            )
        else:
            target = (WATCHED_DID, OTHER_WATCHED_DID)[n % 2]
            kind = n // 15 % 3
            event = post_event(
                did=f"did:plc:author{n % 50}",
                rkey=f"p{key}",
                text=f"@target you are a disgrace and everyone hates you {key}",
                time_us=time_us,
                mention=(target, "@target") if kind == 1 or n % 150 == 0 else None,
                reply_to=(
                    f"at://{OTHER_WATCHED_DID if n % 150 == 0 else target}/app.bsky.feed.post/r"
                    if kind == 0 or n % 150 == 0
                    else None
                ),
                quote=f"at://{target}/app.bsky.feed.post/q" if kind == 2 else None,
            )
        lines.append(json.dumps(event))
    return lines


def _append(path: Path, lines: list[str]) -> None:
    with path.open("a", encoding="utf-8") as handle:
        handle.write("\n".join(lines) + "\n")


class Processes:
    """`manage.py` commands started against the test database, each writing to its own log."""

    def __init__(self, tmp_path: Path) -> None:
        self.tmp_path = tmp_path
        self.running: list[tuple[str, subprocess.Popen[bytes]]] = []
        db = settings.DATABASES["default"]
        auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
        host, port = db["HOST"] or "127.0.0.1", db["PORT"] or 5432
        self.env = dict(
            os.environ,
            DATABASE_URL=f"postgres://{auth}@{host}:{port}/{db['NAME']}",
            DJANGO_SETTINGS_MODULE="upstander.settings",
            PYTHONPATH=str(ROOT),
            UPSTANDER_VAR_DIR=str(tmp_path / "var"),
            # The same keys as this process: the workers read what the test wrote.
            SECRET_KEY=settings.SECRET_KEY,
            FIELD_ENCRYPTION_KEYS=",".join(settings.FIELD_ENCRYPTION_KEYS),
            AUDIT_SIGNING_KEY=settings.AUDIT_SIGNING_KEY,
            EMAIL_BACKEND="django.core.mail.backends.console.EmailBackend",
            TASKS_BACKEND="django_tasks_db.DatabaseBackend",
            DEBUG="0",
        )

    def start(self, name: str, *args: str) -> subprocess.Popen[bytes]:
        log = (self.tmp_path / f"{name}.log").open("wb")
        process = subprocess.Popen(
            [sys.executable, str(ROOT / "manage.py"), *args],
            env=self.env,
            cwd=ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        self.running.append((name, process))
        return process

    def log(self, name: str) -> str:
        return (self.tmp_path / f"{name}.log").read_text(errors="replace")

    def alive(self) -> None:
        for name, process in self.running:
            assert process.poll() is None, f"{name} exited early:\n{self.log(name)[-3000:]}"

    def stop(self, name: str) -> int:
        process = dict(self.running)[name]
        process.send_signal(signal.SIGTERM)
        return process.wait(timeout=30)

    def kill_all(self) -> None:
        for _, process in self.running:  # a failed test must not leave workers running
            if process.poll() is None:
                process.kill()
                process.wait(timeout=10)


@pytest.fixture
def processes(tmp_path: Path) -> Iterator[Processes]:
    started = Processes(tmp_path)
    yield started
    started.kill_all()
    connection.close()  # the flush after a transactional test must not wait on our sessions


def _wait_for(condition: Callable[[], bool], processes: Processes, what: str) -> None:
    deadline = time.monotonic() + DEADLINE_SECONDS
    while not condition():
        processes.alive()
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.2)


def _task_rows() -> list[Any]:
    from django_tasks_db.models import DBTaskResult

    return list(
        DBTaskResult.objects.filter(task_path__endswith="alerts_notify").values(
            "status", "worker_ids", "args_kwargs", "traceback"
        )
    )


@pytest.mark.usefixtures("transactional_db")  # the processes must see what the test commits
def test_two_monitors_and_two_workers_on_postgresql_store_and_alert_everything_exactly_once(
    processes: Processes,
    tmp_path: Path,
    safeguarding_lead: User,
    caseworker: User,
    protected_person: User,
) -> None:
    other_person = make_person("cllr.sam@example.org", Role.PROTECTED_PERSON, Role.MEMBER)
    for person, did, handle in (
        (protected_person, WATCHED_DID, "priya.test"),
        (other_person, OTHER_WATCHED_DID, "sam.test"),
    ):
        watch(person, did, handle)
        delegate_assign(safeguarding_lead, person=person, delegate=caseworker)
        monitoring_threshold_set(safeguarding_lead, person=person, threshold=0.0)  # all alert

    paths = {shard: tmp_path / f"{shard}.jsonl" for shard in SHARDS}
    waves = {shard: [_wave(shard, wave) for wave in range(WAVES)] for shard in SHARDS}
    for shard, path in paths.items():
        _append(path, waves[shard][0])

    processes.start("worker-1", "db_worker", "--interval", "0.2", "--worker-id", "worker-1")
    processes.start("worker-2", "db_worker", "--interval", "0.2", "--worker-id", "worker-2")
    for n, path in enumerate(paths.values(), start=1):
        source = f"replay:{path}"
        processes.start(
            f"monitor-{n}", "monitor", "--source", source, "--owner", f"monitor-{n}", *MONITOR_ARGS
        )

    sources = {
        f"replay:{path.resolve()}": f"monitor-{n}" for n, path in enumerate(paths.values(), 1)
    }

    def cursors_at(sizes: dict[str, int]) -> bool:
        rows = dict(MonitorSource.objects.values_list("name", "cursor"))
        return all(int(rows.get(name) or 0) >= size for name, size in sizes.items())

    def sizes() -> dict[str, int]:
        return {f"replay:{path.resolve()}": path.stat().st_size for path in paths.values()}

    _wait_for(lambda: cursors_at(sizes()), processes, "the first wave to be read")
    # Each source is held by the monitor started on it, and by no other.
    assert dict(MonitorSource.objects.values_list("name", "lease_owner")) == sources
    for shard, path in paths.items():  # more posts arrive while both monitors follow
        _append(path, waves[shard][1])
    _wait_for(lambda: cursors_at(sizes()), processes, "the second wave to be read")

    def tasks_done() -> bool:
        rows = _task_rows()
        alerts = Alert.objects.count()
        enqueued = sum(len(row["args_kwargs"]["args"][0]) for row in rows)
        return enqueued >= alerts > 0 and all(row["status"] in FINISHED for row in rows)

    _wait_for(tasks_done, processes, "the workers to finish every alert task")
    for name in ("monitor-1", "monitor-2", "worker-1", "worker-2"):
        assert processes.stop(name) == 0, processes.log(name)[-3000:]

    # What should have been stored, by the same matcher the monitor uses.
    matcher = JetstreamMatcher([WATCHED_DID, OTHER_WATCHED_DID])
    people = {WATCHED_DID: protected_person.pk, OTHER_WATCHED_DID: other_person.pk}
    expected_items = {
        (found.post.uri, people[found.target_id])
        for shard in SHARDS
        for wave in waves[shard]
        for line in wave
        for found in matcher.match(line.encode())
    }
    expected_uris = {uri for uri, _ in expected_items}
    assert len(expected_uris) > 300

    # Posts: each stored once, none lost.
    assert MonitoredPost.objects.count() == len(expected_uris)
    assert set(MonitoredPost.objects.values_list("uri", flat=True)) == expected_uris
    # Review items and alerts: one per post and person aimed at.
    items = list(ReviewItem.objects.values_list("post__uri", "person_id"))
    assert len(items) == len(set(items)) and set(items) == expected_items
    assert Alert.objects.count() == len(expected_items)
    # The counters moved with the checkpoints: every event counted once, on its own source.
    counts = dict(MonitorSource.objects.values_list("name", "events_seen"))
    assert counts == dict.fromkeys(sources, EVENTS_PER_WAVE * WAVES)
    assert sum(MonitorSource.objects.values_list("posts_stored", flat=True)) == len(expected_uris)
    # Both monitors stopped cleanly and gave their leases back.
    assert set(MonitorSource.objects.values_list("lease_owner", flat=True)) == {""}

    # Tasks: each ran once, on one worker, and each alert was in exactly one task.
    rows = _task_rows()
    failed = [row["traceback"] for row in rows if row["status"] != "SUCCESSFUL"]
    assert not failed, "\n".join(failed)
    assert all(len(row["worker_ids"]) == 1 for row in rows)
    assert {w for row in rows for w in row["worker_ids"]} <= {"worker-1", "worker-2"}
    alert_ids = Counter(a for row in rows for a in row["args_kwargs"]["args"][0])
    assert set(alert_ids.values()) == {1}
    assert set(alert_ids) == set(Alert.objects.values_list("id", flat=True))
    assert not alerts_not_notified().exists()  # every delegate's mail left
    # And the delegate was told of each alert once, in the mail the workers sent.
    mailed = [
        int(count)
        for worker in ("worker-1", "worker-2")
        for count in re.findall(r"^Subject: (\d+) post\(s\) aimed at", processes.log(worker), re.M)
    ]
    assert sum(mailed) == len(expected_items)
