"""Reconnect delays: exponential with full jitter, capped."""

from __future__ import annotations

import random
from collections.abc import Iterator


def delays(*, base: float = 0.5, cap: float = 60.0) -> Iterator[float]:
    attempt = 0
    while True:
        yield random.uniform(0, min(cap, base * 2**attempt))  # noqa: S311 - jitter, not secrecy
        attempt = min(attempt + 1, 16)
