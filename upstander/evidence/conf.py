"""Evidence settings, read from the environment (Django settings of the same name win)."""

from __future__ import annotations

from django.conf import settings

from upstander.core.env import env_int


def evidence_max_bytes() -> int:
    value = getattr(settings, "EVIDENCE_MAX_BYTES", None)
    return int(value) if value is not None else env_int("EVIDENCE_MAX_BYTES", 10 * 1024 * 1024)
