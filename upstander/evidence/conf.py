"""Evidence settings, read as `core.env.setting_int` reads every tunable."""

from __future__ import annotations

from upstander.core.env import setting_int


def evidence_max_bytes() -> int:
    return setting_int("EVIDENCE_MAX_BYTES", 10 * 1024 * 1024)
