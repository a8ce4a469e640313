"""The Bluesky records blocking writes, by collection (NSID), and the record keys (TIDs) it
chooses for them.

Apart from `bluesky.py` so that code naming a collection or making a key does not load the
`atproto` client, which adds most of a second to every process's start-up.
"""

from __future__ import annotations

import secrets
import time

MODLIST = "app.bsky.graph.defs#modlist"
BLOCK = "app.bsky.graph.block"
LIST = "app.bsky.graph.list"
LISTITEM = "app.bsky.graph.listitem"
LISTBLOCK = "app.bsky.graph.listblock"

_TID_ALPHABET = "234567abcdefghijklmnopqrstuvwxyz"


def record_key(*, timestamp_us: int, clock_id: int) -> str:
    """A TID (13 base32-sortable characters) from a timestamp and a clock id, chosen so that the
    same delivery always writes to the same record key."""
    value = ((timestamp_us & ((1 << 53) - 1)) << 10) | (clock_id & 0x3FF)
    chars = []
    for _ in range(13):
        chars.append(_TID_ALPHABET[value & 0x1F])
        value >>= 5
    return "".join(reversed(chars))


def fresh_record_key() -> str:
    """A new TID, for a write no caller needs to find again by its key."""
    return record_key(timestamp_us=time.time_ns() // 1000, clock_id=secrets.randbelow(1024))
