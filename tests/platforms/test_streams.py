"""Stream readers: replay files resume from a byte offset; Jetstream reconnects and resumes."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from websockets.sync.server import ServerConnection, serve

from tests.platforms.jetstream_events import post_event
from upstander.platforms.jetstream_client import JetstreamSource, time_us_of
from upstander.platforms.replay import ReplaySource


def test_replay_resumes_exactly_after_the_last_line_handed_out(tmp_path: Path) -> None:
    path = tmp_path / "events.jsonl"
    path.write_bytes(b'{"n": 1}\n\n{"n": 2}\n{"n": 3}')
    lines = list(ReplaySource(path).lines())
    assert [line for line, _ in lines] == [b'{"n": 1}\n', b'{"n": 2}\n', b'{"n": 3}']
    after_first = lines[0][1]
    assert [line for line, _ in ReplaySource(path).lines(after_first)] == [
        b'{"n": 2}\n',
        b'{"n": 3}',
    ]
    assert list(ReplaySource(path).lines(lines[-1][1])) == []


def test_time_us_is_read_without_decoding_the_event() -> None:
    assert time_us_of(b'{"did":"x","time_us":1725911162329308,"kind":"commit"}') == (
        "1725911162329308"
    )
    assert time_us_of(b'{"did":"x"}') == ""


@pytest.fixture
def jetstream() -> Iterator[dict[str, Any]]:
    """A websocket server speaking Jetstream: sends events after the cursor, drops the first
    connection half way through."""
    events = [
        json.dumps(post_event(did="did:plc:a", rkey=f"r{n}", text="x", time_us=1000 + n))
        for n in range(6)
    ]
    state: dict[str, Any] = {"queries": [], "connections": 0}

    def handler(connection: ServerConnection) -> None:
        assert connection.request is not None
        query = parse_qs(urlsplit(connection.request.path).query)
        state["queries"].append(query)
        state["connections"] += 1
        cursor = int(query.get("cursor", ["0"])[0])
        pending = [e for e in events if json.loads(e)["time_us"] > cursor]
        for index, event in enumerate(pending):
            if state["connections"] == 1 and index == 3:
                return  # the connection drops
            connection.send(event)
        connection.recv()  # then stay open until the client leaves

    with serve(handler, "127.0.0.1", 0) as server:
        port = server.socket.getsockname()[1]
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        state["url"] = f"ws://127.0.0.1:{port}/subscribe"
        yield state
        server.shutdown()


def test_jetstream_reconnects_with_backoff_and_resumes_from_its_cursor(
    jetstream: dict[str, Any],
) -> None:
    source = JetstreamSource(jetstream["url"], idle_seconds=0.2, max_backoff=0.1)
    received = []
    for line, cursor in source.lines():
        if line is not None:
            received.append(json.loads(line)["commit"]["rkey"])
            assert cursor == str(json.loads(line)["time_us"])
        if len(received) == 6:
            break
    assert received == ["r0", "r1", "r2", "r3", "r4", "r5"]
    assert source.reconnects == 1
    first, second = jetstream["queries"][:2]
    assert first["wantedCollections"] == ["app.bsky.feed.post"]
    assert "cursor" not in first
    assert second["cursor"] == ["1002"]
