"""A read cursor for APIs that take no "since" of their own (Facebook's comments, YouTube's
comment threads, Instagram's comments): the newest creation time read, in whole seconds, and the
ids already read at that second, so a restart neither repeats a comment nor loses one made in
the same second as the last one read.

A read caps the pages it follows per edge; one that stops at its cap with more waiting hands
back a resume cursor (`TimeCursorRead`) so the next read goes on where it stopped instead of
jumping past what it had not reached."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime

from upstander.platforms.types import Interaction, Page


def iso_datetime(value: object) -> datetime | None:
    """An ISO 8601 time as Graph (`2026-11-25T10:00:00+0000`), YouTube (`2026-11-25T10:00:00Z`)
    and X (`2026-11-25T10:00:00.000Z`) write it -> an aware datetime (UTC when it names no
    zone)."""
    if not isinstance(value, str):
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def time_cursor_parse(cursor: str | None) -> tuple[int | None, set[str]]:
    """`<unix time>:<id>,<id>` -> (time, ids seen at that time); anything else starts afresh."""
    mark = ReadMark.parse(cursor)
    return mark.stamp, set(mark.ids)


def time_cursor_after(
    cursor: str | None, found: list[Interaction], *, id_of: Callable[[str], str]
) -> str | None:
    """The cursor once `found` is read (`id_of` turns a post's URI into the platform's id)."""
    read = [
        (id_of(i.post.uri), int(i.post.created_at.timestamp()))
        for i in found
        if i.post.created_at is not None
    ]
    if not read:
        return cursor
    return ReadMark.parse(cursor).advanced(read).format()


@dataclass(frozen=True, slots=True)
class ReadMark:
    """What has been read, by creation time: everything before `stamp`, the `ids` at `stamp`,
    and the `ahead` ones (id -> time) read out of order after it. `stamp` None: nothing yet."""

    stamp: int | None = None
    ids: frozenset[str] = frozenset()
    ahead: tuple[tuple[str, int], ...] = ()

    @classmethod
    def parse(cls, cursor: str | None) -> ReadMark:
        """`<time>:<id>,<id>[:<id>@<time>,…]`; anything else starts afresh."""
        head, _, rest = (cursor or "").partition(":")
        ids, _, ahead = rest.partition(":")
        try:
            stamp = int(head)
            later = tuple(
                (item, int(when))
                for item, _, when in (entry.rpartition("@") for entry in ahead.split(",") if entry)
            )
        except ValueError:
            return cls()
        return cls(stamp, frozenset(item for item in ids.split(",") if item), later)

    def format(self) -> str | None:
        if self.stamp is None:
            return None
        text = f"{self.stamp}:{','.join(sorted(self.ids))}"
        if self.ahead:
            text += ":" + ",".join(f"{item}@{when}" for item, when in sorted(self.ahead))
        return text

    def unread(self, stamp: int, item_id: str) -> bool:
        """Whether an item made at `stamp` is still to be read."""
        if self.stamp is None:
            return True
        if any(item == item_id for item, _ in self.ahead):
            return False
        return stamp > self.stamp or (stamp == self.stamp and item_id not in self.ids)

    def below(self, stamp: int, item_id: str) -> bool:
        """Whether an item comes after this mark in a newest-first listing (older, or as old
        and not among the ids)."""
        if self.stamp is None:
            return True
        return stamp < self.stamp or (stamp == self.stamp and item_id not in self.ids)

    def advanced(self, items: Iterable[tuple[str, int]]) -> ReadMark:
        """The mark once `items` (id, time) are read and nothing older is left unread."""
        items = list(items)
        if not items:
            return self
        pending = [*self.ahead, *items]
        newest = max(when for _, when in items)
        if self.stamp is not None and self.stamp > newest:
            newest = self.stamp
        ids = {item for item, when in pending if when == newest}
        if newest == self.stamp:
            ids |= self.ids
        later = tuple(sorted({(item, when) for item, when in pending if when > newest}))
        return ReadMark(newest, frozenset(ids), later)

    def absorbed(self, items: Iterable[tuple[str, int]]) -> ReadMark:
        """The mark with `items` (id, time, none older than it) also read, keeping its time."""
        ids, later = set(self.ids), set(self.ahead)
        for item, when in items:
            if self.stamp is not None and when == self.stamp:
                ids.add(item)
            elif self.stamp is None or when > self.stamp:
                later.add((item, when))
        return ReadMark(self.stamp, frozenset(ids), tuple(sorted(later)))


@dataclass(frozen=True, slots=True)
class LeftAt:
    """Where a read stopped on one edge: the platform's page token, and in a newest-first
    listing the mark of the oldest item read (what a shifted page repeats is skipped)."""

    token: str
    below: ReadMark | None = None


RESUME_PREFIX = "resume:"


class TimeCursorRead:
    """One read against a time cursor that may stop at its page cap. A read that stops hands
    back a *resume* cursor: the mark it started from (`since`), the mark to move to once the
    rest is read (`upto`), and where each edge stopped; the next read reads on from there only,
    so nothing older is lost and nothing is read twice, then the cursor becomes `upto`."""

    def __init__(self, cursor: str | None) -> None:
        self.cursor = cursor
        self.left: dict[str, LeftAt] = {}
        self._scanned: list[tuple[str, int]] = []
        self._lowest: dict[str, tuple[int, set[str]]] = {}  # edge -> oldest time read, its ids
        self.resuming: dict[str, LeftAt] = {}
        self.upto = ReadMark()
        if cursor and cursor.startswith(RESUME_PREFIX):
            try:
                state = json.loads(cursor.removeprefix(RESUME_PREFIX))
                self.since = ReadMark.parse(state["since"])
                self.upto = ReadMark.parse(state["upto"])
                self.resuming = {
                    edge: LeftAt(token, ReadMark.parse(below) if below else None)
                    for edge, (token, below) in state["edges"].items()
                }
            except (ValueError, KeyError, TypeError):
                self.since, self.resuming = ReadMark(), {}
        else:
            self.since = ReadMark.parse(cursor)

    @property
    def fresh(self) -> bool:
        """No cursor yet: the caller reads only the newest page (no backfill)."""
        return self.since.stamp is None and not self.resuming

    def start(self, edge: str) -> str | None:
        """The page token to read `edge` on from (None: from the newest)."""
        left = self.resuming.get(edge)
        return left.token if left else None

    def reached(self, edge: str, stamp: int, item_id: str) -> bool:
        """Whether the stopped read this one resumes had already read this far down a
        newest-first edge (a page token that counts by position repeats items when new ones
        arrive above)."""
        left = self.resuming.get(edge)
        return left is not None and left.below is not None and not left.below.below(stamp, item_id)

    def wanted(self, edge: str, stamp: int, item_id: str) -> bool:
        """Whether an item on `edge` is still to be read; the caller asks for every item it
        sees, in the order the edge lists them."""
        lowest = self._lowest.get(edge)
        if lowest is None or stamp < lowest[0]:
            self._lowest[edge] = (stamp, {item_id})
        elif stamp == lowest[0]:
            lowest[1].add(item_id)
        if not self.since.unread(stamp, item_id) or self.reached(edge, stamp, item_id):
            return False
        self._scanned.append((item_id, stamp))
        return True

    def stopped(self, edge: str, token: str, *, newest_first: bool) -> None:
        """`edge` reached its page cap with more to read from `token`. On a newest-first edge
        the rest is older than what was read; on any other it may be anything."""
        lowest = self._lowest.get(edge)
        below = None
        if newest_first and lowest is not None:
            below = ReadMark(lowest[0], frozenset(lowest[1]))
        self.left[edge] = LeftAt(token, below)

    def finish(self) -> None:
        """The stopped read is done: read the other edges on as a fresh read from `upto` (an
        edge with no order of its own is read through to its end each time, so the rest of a
        read that stopped on one is read again from there, skipping what was read)."""
        self.since = self.upto.absorbed(self._scanned)
        self.resuming, self._scanned, self._lowest = {}, [], {}

    def page(self, found: list[Interaction], *, id_of: Callable[[str], str]) -> Page:
        """What the read found, oldest first, with the cursor to read on from
        (`id_of` turns a post's URI into the platform's id)."""
        found = sorted(
            found,
            key=lambda i: (i.post.created_at or datetime.min.replace(tzinfo=UTC), i.post.uri),
        )
        return Page(interactions=found, cursor=self.next_cursor(found, id_of=id_of))

    def next_cursor(self, found: list[Interaction], *, id_of: Callable[[str], str]) -> str | None:
        read = [
            (id_of(i.post.uri), int(i.post.created_at.timestamp()))
            for i in found
            if i.post.created_at is not None
        ]
        if self.resuming:
            since, upto = self.since, self.upto.absorbed(read)
            if not self.left:
                return upto.format()
        elif self.left:
            since, upto = self.since, self.since.advanced(self._scanned)
        else:
            return self.since.advanced(read).format()
        state = {
            "since": since.format() or "",
            "upto": upto.format() or "",
            "edges": {
                edge: [left.token, left.below.format() if left.below else ""]
                for edge, left in sorted(self.left.items())
            },
        }
        return RESUME_PREFIX + json.dumps(state, separators=(",", ":"))


def poll_mentions(
    read: Callable[..., Page], *, sleep: Callable[[float], None], poll_seconds: float
) -> Iterator[Interaction]:
    """`stream_mentions` for an API that pushes nothing we can hold open: read the next page
    (`read(cursor=...)`) every `poll_seconds`, forever."""
    cursor: str | None = None
    while True:
        page = read(cursor=cursor)
        yield from page.interactions
        cursor = page.cursor or cursor
        sleep(poll_seconds)
