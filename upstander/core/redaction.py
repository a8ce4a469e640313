"""Redaction of third parties' names from free text, for what is handed to someone outside.

A subject access export gives a person what is held about them, but not what identifies others
in it: each app's export section names those people and calls `redact` on its text.
"""

from __future__ import annotations

from collections.abc import Iterable

REDACTED = "[redacted: third party]"


def redact(text: str, names: Iterable[str]) -> str:
    """`text` with every name of three characters or more replaced, longest first (so a full
    name goes before its parts)."""
    for name in sorted({n for n in names if len(n) >= 3}, key=len, reverse=True):
        text = text.replace(name, REDACTED)
    return text
