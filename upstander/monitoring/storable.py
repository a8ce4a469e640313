"""Making what a stranger posted fit the database, or saying why it cannot.

Anyone who replies to a watched person chooses the bytes we store. PostgreSQL refuses a NUL in
text and JSON, and no driver can encode a lone surrogate, so one such post used to fail its
whole batch forever. Here text is cleaned (NUL removed, surrogates and invalid UTF-8 become
U+FFFD); what cannot be cleaned becomes a `SetAside` for the dead letters.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

EXCERPT_CHARS = 2000
REASON_CHARS = 200
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


@dataclass(frozen=True, slots=True)
class SetAside:
    """An event for the dead letters: why, and its (cleaned, bounded) start."""

    reason: str
    excerpt: str


def storable_text(value: str) -> str:
    if not _UNSTORABLE.search(value):
        return value  # nearly always: no copy
    return _UNSTORABLE.sub(lambda found: "" if found.group() == "\x00" else "\ufffd", value)


def storable_json(value: Any) -> Any:
    """`value` with every string (keys too) made storable."""
    if isinstance(value, str):
        return storable_text(value)
    if isinstance(value, dict):
        return {storable_text(str(key)): storable_json(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [storable_json(item) for item in value]
    return value


def put_aside(reason: str, event: bytes | str) -> SetAside:
    text = event.decode("utf-8", "replace") if isinstance(event, bytes) else event
    return SetAside(storable_text(reason)[:REASON_CHARS], storable_text(text[:EXCERPT_CHARS]))


def repaired_line(line: bytes | str) -> bytes | None:
    """A JSON line the strict decoder refused, with invalid UTF-8 and lone surrogates replaced
    (the lenient standard decoder reads both); None if it is not JSON at all."""
    text = line.decode("utf-8", "replace") if isinstance(line, bytes) else line
    try:
        event = json.loads(text)
    except ValueError:
        return None
    return json.dumps(storable_json(event)).encode()
