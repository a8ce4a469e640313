"""A Jetstream websocket reader that reconnects with backoff and resumes from its cursor.

Jetstream resumes from `?cursor=<time_us>` (it replays from just before that moment, so a few
events may come again; the monitor stores each post once by URI, so repeats are harmless).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator
from urllib.parse import urlencode, urlsplit, urlunsplit

from websockets.exceptions import ConnectionClosed, InvalidHandshake, InvalidURI
from websockets.sync.client import connect

from upstander.platforms.backoff import delays
from upstander.platforms.errors import PermanentError

log = logging.getLogger("upstander.platforms.jetstream")

_TIME_US = b'"time_us":'


def time_us_of(line: bytes) -> str:
    """The event's time_us without decoding it all ('' when absent)."""
    start = line.find(_TIME_US)
    if start < 0:
        return ""
    start += len(_TIME_US)
    end = start
    while end < len(line) and line[end : end + 1] in b" 0123456789":
        end += 1
    return line[start:end].strip().decode("ascii")


class WebsocketSource:
    """Lines from a websocket that is reconnected with backoff and resumed from its cursor.

    A subclass says where to connect (`subscribe_url`) and what a message is in lines
    (`message_lines`); reading, idling, reconnecting and backing off are the same for both.
    """

    service = "websocket"
    max_message_size = 2**22

    def __init__(
        self,
        url: str,
        *,
        idle_seconds: float = 1.0,
        max_backoff: float = 60.0,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.url = url
        self.idle_seconds = idle_seconds
        self.max_backoff = max_backoff
        self.sleep = sleep
        self.reconnects = 0

    def subscribe_url(self, cursor: str | None) -> str:
        raise NotImplementedError

    def message_lines(
        self, message: bytes | str, cursor: str
    ) -> tuple[list[tuple[bytes | None, str]], str]:
        """What one message yields as (line, cursor) pairs, and the cursor after it."""
        raise NotImplementedError

    def lines(self, cursor: str | None = None) -> Iterator[tuple[bytes | None, str]]:
        """Yield (line, cursor) for ever; (None, cursor) while idle or reconnecting."""
        current = cursor or ""
        backoff = delays(cap=self.max_backoff)
        while True:
            try:
                with connect(
                    self.subscribe_url(current), open_timeout=10, max_size=self.max_message_size
                ) as ws:
                    backoff = delays(cap=self.max_backoff)
                    while True:
                        try:
                            message = ws.recv(timeout=self.idle_seconds)
                        except TimeoutError:
                            yield None, current
                            continue
                        found, current = self.message_lines(message, current)
                        yield from found
            except InvalidURI as error:
                raise PermanentError(f"Not a {self.service} address: {error}") from error
            except (ConnectionClosed, InvalidHandshake, OSError, TimeoutError) as error:
                self.reconnects += 1
                wait = next(backoff)
                log.warning(
                    "%s connection lost (%s); reconnecting in %.1fs", self.service, error, wait
                )
                end = time.monotonic() + wait
                while time.monotonic() < end:
                    yield None, current
                    self.sleep(min(0.2, max(0.0, end - time.monotonic())))


class JetstreamSource(WebsocketSource):
    """Lines from a Jetstream endpoint (`wss://jetstream2.us-east.bsky.network/subscribe`)."""

    service = "Jetstream"

    @property
    def name(self) -> str:
        return f"jetstream:{self.url}"

    def subscribe_url(self, cursor: str | None) -> str:
        parts = urlsplit(self.url)
        query = [("wantedCollections", "app.bsky.feed.post")]
        if cursor:
            query.append(("cursor", cursor))
        extra = urlencode(query)
        return urlunsplit(parts._replace(query=f"{parts.query}&{extra}" if parts.query else extra))

    def message_lines(
        self, message: bytes | str, cursor: str
    ) -> tuple[list[tuple[bytes | None, str]], str]:
        line = message.encode() if isinstance(message, str) else message
        current = time_us_of(line) or cursor
        return [(line, current)], current
