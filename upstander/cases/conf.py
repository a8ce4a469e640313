"""Case settings, read as `core.env.setting_int` reads every tunable."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings

from upstander.core.env import setting_int

# Hours to first response, to the consultation and to the decision, by severity (1 low..4 critical).
DEFAULT_STAGE_DEADLINES_HOURS: dict[int, tuple[int, int, int]] = {
    4: (4, 24, 48),
    3: (24, 72, 7 * 24),
    2: (72, 7 * 24, 14 * 24),
    1: (7 * 24, 14 * 24, 28 * 24),
}


def retention_days() -> int:
    """Closed cases are minimised this many days after closing (CASE_RETENTION_DAYS)."""
    return setting_int("CASE_RETENTION_DAYS", 730)


def retention_warning_days() -> int:
    """The warning goes out this many days before minimising (CASE_RETENTION_WARNING_DAYS)."""
    return setting_int("CASE_RETENTION_WARNING_DAYS", 30)


def reporter_update_days() -> int:
    """The reporter should hear from us at least this often (REPORTER_UPDATE_DAYS)."""
    return setting_int("REPORTER_UPDATE_DAYS", 14)


def stage_deadlines(severity: int) -> tuple[timedelta, timedelta, timedelta]:
    table: dict[int, tuple[int, int, int]] = getattr(
        settings, "CASE_STAGE_DEADLINES_HOURS", DEFAULT_STAGE_DEADLINES_HOURS
    )
    first, consult, decide = table[int(severity)]
    return timedelta(hours=first), timedelta(hours=consult), timedelta(hours=decide)
