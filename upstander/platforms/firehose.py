"""A PDS's own firehose (com.atproto.sync.subscribeRepos), turned into Jetstream-format lines.

Jetstream is the firehose decoded into JSON; a small PDS (or a local test network) has no
Jetstream in front of it, so this does the same for its post commits and identity events and
the monitor treats them exactly like Jetstream's. The cursor is the firehose sequence number.
"""

from __future__ import annotations

import base64
import json
import logging
from datetime import datetime
from typing import Any
from urllib.parse import urlencode

from atproto_core.car import CAR  # type: ignore[import-untyped]
from atproto_core.cid import CID  # type: ignore[import-untyped]
from atproto_subscription.frames import Frame, MessageFrame  # type: ignore[import-untyped]

from upstander.platforms.jetstream_client import WebsocketSource

log = logging.getLogger("upstander.platforms.firehose")


def _json_safe(value: Any) -> Any:
    if isinstance(value, CID):
        return {"$link": str(value)}
    if isinstance(value, bytes):
        return {"$bytes": base64.b64encode(value).decode()}
    if isinstance(value, dict):
        return {key: _json_safe(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_json_safe(item) for item in value]
    return value


def _time_us(value: str) -> int:
    try:
        return int(datetime.fromisoformat(value.replace("Z", "+00:00")).timestamp() * 1_000_000)
    except ValueError:
        return 0


def frame_to_lines(data: bytes) -> tuple[list[bytes], int | None]:
    """One firehose frame -> Jetstream lines (post creates, identities) and its sequence."""
    frame = Frame.from_bytes(data)
    if not isinstance(frame, MessageFrame):
        return [], None
    body: dict[str, Any] = frame.body
    seq = body.get("seq")
    when = _time_us(str(body.get("time", "")))
    if frame.type == "#identity" and body.get("handle"):
        identity = {"did": body["did"], "handle": body["handle"], "seq": seq, "time": body["time"]}
        line = {"did": body["did"], "time_us": when, "kind": "identity", "identity": identity}
        return [json.dumps(line).encode()], seq
    if frame.type != "#commit":
        return [], seq
    lines = []
    blocks = CAR.from_bytes(body["blocks"]).blocks if body.get("blocks") else {}
    for op in body.get("ops", []):
        collection, _, rkey = str(op.get("path", "")).partition("/")
        if collection != "app.bsky.feed.post" or op.get("action") != "create":
            continue
        cid = op.get("cid")
        if isinstance(cid, bytes | bytearray):
            cid = CID.decode(bytes(cid))
        record = blocks.get(cid) if cid is not None else None
        if record is None:
            continue
        event = {
            "did": body["repo"],
            "time_us": when,
            "kind": "commit",
            "commit": {
                "rev": body.get("rev", ""),
                "operation": "create",
                "collection": collection,
                "rkey": rkey,
                "record": _json_safe(record),
                "cid": str(cid),
            },
        }
        lines.append(json.dumps(event).encode())
    return lines, seq


class FirehoseSource(WebsocketSource):
    """Lines from `ws(s)://host/xrpc/com.atproto.sync.subscribeRepos`, resuming by sequence."""

    service = "firehose"
    max_message_size = 2**24

    def __init__(self, url: str, **options: Any) -> None:
        super().__init__(url.rstrip("/"), **options)

    @property
    def name(self) -> str:
        return f"firehose:{self.url}"

    def subscribe_url(self, cursor: str | None) -> str:
        base = self.url
        if not base.endswith("com.atproto.sync.subscribeRepos"):
            base = f"{base}/xrpc/com.atproto.sync.subscribeRepos"
        return f"{base}?{urlencode({'cursor': cursor})}" if cursor else base

    def message_lines(
        self, message: bytes | str, cursor: str
    ) -> tuple[list[tuple[bytes | None, str]], str]:
        data = message if isinstance(message, bytes) else message.encode()
        try:
            found, seq = frame_to_lines(data)
        except Exception:  # an undecodable frame is counted as malformed
            log.warning("undecodable firehose frame skipped")
            return [(b"{malformed firehose frame}", cursor)], cursor
        current = str(seq) if seq is not None else cursor
        if not found:
            return [(None, current)], current
        # Only the frame's last line carries its sequence: a checkpoint taken inside a frame
        # resumes from the frame before (repeats are harmless).
        last = len(found) - 1
        lines: list[tuple[bytes | None, str]] = [
            (line, current if index == last else cursor) for index, line in enumerate(found)
        ]
        return lines, current
