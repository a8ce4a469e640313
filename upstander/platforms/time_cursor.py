"""A read cursor for APIs that list newest first and take no "since" of their own (Facebook's
comments, YouTube's comment threads): the newest creation time read, in whole seconds, and the
ids already read at that second, so a restart neither repeats a comment nor loses one made in
the same second as the last one read."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from upstander.platforms.types import Interaction, Page


def time_cursor_parse(cursor: str | None) -> tuple[int | None, set[str]]:
    """`<unix time>:<id>,<id>` -> (time, ids seen at that time); anything else starts afresh."""
    if not cursor:
        return None, set()
    stamp, _, ids = cursor.partition(":")
    try:
        return int(stamp), {item for item in ids.split(",") if item}
    except ValueError:
        return None, set()


def time_cursor_after(
    cursor: str | None, found: list[Interaction], *, id_of: Callable[[str], str]
) -> str | None:
    """The cursor once `found` is read (`id_of` turns a post's URI into the platform's id)."""
    stamps = {
        id_of(i.post.uri): int(i.post.created_at.timestamp())
        for i in found
        if i.post.created_at is not None
    }
    if not stamps:
        return cursor
    newest = max(stamps.values())
    since, seen = time_cursor_parse(cursor)
    ids = {item for item, stamp in stamps.items() if stamp == newest}
    if since == newest:
        ids |= seen
    return f"{newest}:{','.join(sorted(ids))}"


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
