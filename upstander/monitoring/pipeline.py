"""The monitor loop: decode -> match -> score in batches -> store with the checkpoint -> alert.

Used by `manage.py monitor`, the demo seed and the benchmark, so all three run the same code.
"""

from __future__ import annotations

import logging
import os
import socket
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from upstander.monitoring import selectors
from upstander.monitoring.errors import LeaseLost
from upstander.monitoring.services import ingest_batch, source_claim, source_release
from upstander.monitoring.services.sources import source_cursor
from upstander.monitoring.storable import SetAside, put_aside, repaired_line
from upstander.monitoring.targets import WatchTarget
from upstander.platforms.jetstream import JetstreamMatcher, MalformedEvent

if TYPE_CHECKING:
    from upstander.classify import Score, Scorer
    from upstander.platforms.types import Interaction

log = logging.getLogger("upstander.monitor")

# (line, cursor after it); a None line is a heartbeat from an idle source.
Lines = Iterator[tuple[bytes | None, str]]

# Past this many in one batch, unreadable events are only counted (a flood of them must not
# become a flood of rows and audit entries).
DEAD_LETTERS_PER_BATCH = 100


def default_owner() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


@dataclass
class _Batch:
    """What was read since the last checkpoint."""

    cursor: str
    seen: int = 0
    malformed: int = 0
    pending: list[Interaction] = field(default_factory=list)
    set_aside: list[SetAside] = field(default_factory=list)


@dataclass
class RunStats:
    events: int = 0
    malformed: int = 0
    matched: int = 0
    stored: int = 0
    batches: int = 0
    alerts: int = 0
    set_aside: int = 0
    lease_lost: bool = False


@dataclass
class Monitor:
    """One monitor process. Set `stop` (e.g. from a SIGTERM handler) to finish cleanly."""

    scorer: Scorer | None = None
    owner: str = field(default_factory=default_owner)
    lease_seconds: float = 30.0
    batch_events: int = 20_000
    batch_posts: int = 1_000
    flush_seconds: float = 1.0
    refresh_seconds: float = 30.0
    stop: bool = False
    sleep: Callable[[float], None] = time.sleep

    def request_stop(self, *_: object) -> None:
        self.stop = True

    def stopping(self) -> bool:
        return self.stop

    # -- leases ------------------------------------------------------------------------------
    def wait_for_lease(self, name: str) -> bool:
        """Block until this process holds `name` (another live monitor may hold it)."""
        while not self.stop:
            if source_claim(name=name, owner=self.owner, lease_seconds=self.lease_seconds):
                return True
            log.info("%s is held by another monitor; waiting", name)
            self.nap(min(self.lease_seconds / 3, 5.0))
        return False

    def nap(self, seconds: float) -> None:
        end = time.monotonic() + seconds
        while not self.stop and time.monotonic() < end:
            self.sleep(min(0.2, max(0.0, end - time.monotonic())))

    # -- scoring -----------------------------------------------------------------------------
    def score(self, interactions: Sequence[Interaction]) -> dict[str, Score | None]:
        posts = {interaction.post.uri: interaction.post.text for interaction in interactions}
        if not posts or self.scorer is None:
            return dict.fromkeys(posts)
        uris = list(posts)
        try:
            scores = self.scorer.score([posts[uri] for uri in uris])
        except Exception:  # any scorer failure: store the posts as "unable to score"
            log.exception("scoring failed; %d posts stored unscored", len(uris))
            return dict.fromkeys(uris)
        return dict(zip(uris, scores, strict=True))

    # -- Jetstream-format streams (replay files, Jetstream, the PDS firehose) -----------------
    def run_stream(self, name: str, lines: Callable[[str | None], Lines]) -> RunStats:
        """Process `name` until the source ends, `stop` is set or another monitor takes over."""
        stats = RunStats()
        if not self.wait_for_lease(name):
            return stats
        try:
            self._consume(name, lines, stats)
        except LeaseLost:
            log.warning("lost the lease on %s; stopping work on it", name)
            stats.lease_lost = True
            return stats
        source_release(name=name, owner=self.owner)
        return stats

    def _consume(self, name: str, lines: Callable[[str | None], Lines], stats: RunStats) -> None:
        targets = selectors.watch_targets(platform="bluesky")
        matcher = JetstreamMatcher(targets)
        match = matcher.match
        refreshed = last_flush = time.monotonic()
        stored_cursor = source_cursor(name=name)
        batch = _Batch(stored_cursor)
        for line, after in lines(stored_cursor or None):
            if line is not None:
                batch.seen += 1
                try:
                    found = match(line)
                except (MalformedEvent, UnicodeDecodeError) as error:
                    found = self._unreadable(match, line, error, batch)
                if found:
                    batch.pending.extend(found)
            batch.cursor = after
            full = batch.seen >= self.batch_events or len(batch.pending) >= self.batch_posts
            timely = (line is None or not batch.seen & 1023) and self._due(last_flush)
            changed = batch.seen or batch.cursor != stored_cursor
            if (full or timely) and (changed or self._lease_due(last_flush)):
                self._flush(name, batch, targets, stats)
                stored_cursor = batch.cursor
                batch = _Batch(stored_cursor)
                last_flush = time.monotonic()
                if last_flush - refreshed >= self.refresh_seconds:
                    targets = selectors.watch_targets(platform="bluesky")
                    matcher.replace_watched(targets)
                    refreshed = last_flush
            if self.stop:
                break
        if batch.seen or batch.cursor != stored_cursor:
            self._flush(name, batch, targets, stats)

    @staticmethod
    def _unreadable(
        match: Callable[[bytes], list[Interaction]],
        line: bytes,
        error: Exception,
        batch: _Batch,
    ) -> list[Interaction]:
        """Read a line the strict decoder refused once more with invalid UTF-8 and lone
        surrogates replaced; if it is still unreadable, count it and set it aside."""
        repaired = repaired_line(line)
        if repaired is not None:
            try:
                return match(repaired)
            except MalformedEvent as again:
                error = again
        batch.malformed += 1
        if len(batch.set_aside) < DEAD_LETTERS_PER_BATCH:
            batch.set_aside.append(put_aside(f"malformed: {error}", line))
        return []

    def _due(self, last_flush: float) -> bool:
        return time.monotonic() - last_flush >= self.flush_seconds

    def _lease_due(self, last_flush: float) -> bool:
        return time.monotonic() - last_flush >= self.lease_seconds / 3

    def _flush(
        self,
        name: str,
        batch: _Batch,
        targets: dict[str, list[WatchTarget]],
        stats: RunStats,
    ) -> None:
        result = ingest_batch(
            source=name,
            owner=self.owner,
            lease_seconds=self.lease_seconds,
            cursor=batch.cursor,
            events_seen=batch.seen,
            events_malformed=batch.malformed,
            interactions=batch.pending,
            set_aside=batch.set_aside,
            targets=targets,
            scores=self.score(batch.pending),
        )
        stats.events += batch.seen
        stats.malformed += batch.malformed
        stats.matched += len(batch.pending)
        stats.stored += result.posts_stored
        stats.alerts += len(result.alerts)
        stats.set_aside += result.set_aside
        stats.batches += 1
