"""Building Jetstream post events, shaped as Jetstream sends them (for the tests' replay files)."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from typing import Any


def post_event(
    *,
    did: str,
    rkey: str,
    text: str,
    time_us: int,
    mention: tuple[str, str] | None = None,
    reply_to: str | None = None,
    reply_root: str | None = None,
    quote: str | None = None,
    langs: tuple[str, ...] = ("en",),
) -> dict[str, Any]:
    """A `commit` create of an `app.bsky.feed.post`, shaped as Jetstream sends it.

    `mention` is (did, "@handle") and must appear in `text`; `reply_to`/`reply_root`/`quote` are
    AT URIs of the posts replied to or quoted.
    """
    created = datetime.fromtimestamp(time_us / 1_000_000, tz=UTC)
    record: dict[str, Any] = {
        "$type": "app.bsky.feed.post",
        "createdAt": created.isoformat(timespec="milliseconds").replace("+00:00", "Z"),
        "langs": list(langs),
        "text": text,
    }
    if mention is not None:
        mention_did, handle = mention
        start = text.encode().find(handle.encode())
        if start < 0:
            raise ValueError("the mentioned handle must appear in the text")
        record["facets"] = [
            {
                "$type": "app.bsky.richtext.facet",
                "features": [{"$type": "app.bsky.richtext.facet#mention", "did": mention_did}],
                "index": {"byteEnd": start + len(handle.encode()), "byteStart": start},
            }
        ]
    if reply_to is not None:
        root = reply_root or reply_to
        record["reply"] = {
            "parent": {"cid": _cid(reply_to), "uri": reply_to},
            "root": {"cid": _cid(root), "uri": root},
        }
    if quote is not None:
        record["embed"] = {
            "$type": "app.bsky.embed.record",
            "record": {"cid": _cid(quote), "uri": quote},
        }
    return {
        "did": did,
        "time_us": time_us,
        "kind": "commit",
        "commit": {
            "rev": _tid(time_us),
            "operation": "create",
            "collection": "app.bsky.feed.post",
            "rkey": rkey,
            "record": record,
            "cid": _cid(f"{did}/{rkey}"),
        },
    }


def identity_event(*, did: str, handle: str, time_us: int) -> dict[str, Any]:
    stamp = datetime.fromtimestamp(time_us / 1_000_000, tz=UTC).isoformat()
    return {
        "did": did,
        "time_us": time_us,
        "kind": "identity",
        "identity": {"did": did, "handle": handle, "seq": time_us % 1_000_000_000, "time": stamp},
    }


_B32 = "234567abcdefghijklmnopqrstuvwxyz"


def _tid(value: int) -> str:
    out = []
    for _ in range(13):
        out.append(_B32[value & 31])
        value >>= 5
    return "".join(reversed(out))


def _cid(seed: str) -> str:
    digest = int.from_bytes(hashlib.sha256(seed.encode()).digest())
    body = "".join(_B32[(digest >> (5 * i)) & 31] for i in range(52))
    return "bafyrei" + body[:52]
