"""Blocking settings, read as `core.env.setting_int` reads every tunable (each time, so a change
needs no restart)."""

from __future__ import annotations

from upstander.core.env import setting_bool, setting_int


def caseworkers_may_approve() -> bool:
    """BLOCKING_CASEWORKERS_MAY_APPROVE: the party lets case workers approve blocks too."""
    return setting_bool("BLOCKING_CASEWORKERS_MAY_APPROVE", False)


def min_write_interval_ms(platform: str) -> int:
    """Per-account spacing of writes: BLOCKING_<PLATFORM>_WRITE_INTERVAL_MS."""
    defaults = {"bluesky": 0, "mastodon": 0, "x": 1000}
    return setting_int(f"BLOCKING_{platform.upper()}_WRITE_INTERVAL_MS", defaults.get(platform, 0))


def max_attempts() -> int:
    """BLOCKING_MAX_ATTEMPTS: transient failures retried this often, then failed permanently."""
    return setting_int("BLOCKING_MAX_ATTEMPTS", 8)


def handover_max_attempts() -> int:
    """BLOCKING_HANDOVER_MAX_ATTEMPTS: an unresolvable hand-over is retried this often, then
    waits for a person to enter the stable id."""
    return setting_int("BLOCKING_HANDOVER_MAX_ATTEMPTS", 10)


# A handle that cannot be resolved is rarely fixed within seconds: retry in minutes to hours.
HANDOVER_BACKOFF_BASE_SECONDS = 60.0
HANDOVER_BACKOFF_CAP_SECONDS = 6 * 3600.0
BACKOFF_BASE_SECONDS = 2.0
BACKOFF_CAP_SECONDS = 600.0
CLAIM_SECONDS = 120
