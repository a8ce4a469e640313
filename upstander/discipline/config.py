"""The procedure's time limits: Django settings win, then environment variables, then defaults.

DISCIPLINE_APPEAL_WINDOW_WORKING_DAYS (5), DISCIPLINE_NOTICE_WORKING_DAYS (10: time to prepare
a response before the hearing), DISCIPLINE_COMPLAINANT_UPDATE_DAYS (14),
DISCIPLINE_INTERIM_MAXIMUM_DAYS (90), DISCIPLINE_HOLIDAYS (comma-separated YYYY-MM-DD).
"""

from __future__ import annotations

from datetime import date

from django.conf import settings

from upstander.core.env import env_int, env_list


def _int(name: str, default: int) -> int:
    return int(getattr(settings, name, env_int(name, default)))


def appeal_window_working_days() -> int:
    return _int("DISCIPLINE_APPEAL_WINDOW_WORKING_DAYS", 5)


def notice_working_days() -> int:
    return _int("DISCIPLINE_NOTICE_WORKING_DAYS", 10)


def complainant_update_days() -> int:
    return _int("DISCIPLINE_COMPLAINANT_UPDATE_DAYS", 14)


def interim_maximum_days() -> int:
    return _int("DISCIPLINE_INTERIM_MAXIMUM_DAYS", 90)


def holidays() -> list[date]:
    configured = getattr(settings, "DISCIPLINE_HOLIDAYS", None)
    raw = configured if configured is not None else env_list("DISCIPLINE_HOLIDAYS", [])
    return [day if isinstance(day, date) else date.fromisoformat(str(day)) for day in raw]
