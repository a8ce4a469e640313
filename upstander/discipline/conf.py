"""The procedure's time limits, read as `core.env.setting_int` reads every tunable.

DISCIPLINE_APPEAL_WINDOW_WORKING_DAYS (5), DISCIPLINE_NOTICE_WORKING_DAYS (10: time to prepare
a response before the hearing), DISCIPLINE_COMPLAINANT_UPDATE_DAYS (14),
DISCIPLINE_INTERIM_MAXIMUM_DAYS (90), DISCIPLINE_HOLIDAYS (comma-separated YYYY-MM-DD).
"""

from __future__ import annotations

from datetime import date

from upstander.core.env import setting_int, setting_list


def appeal_window_working_days() -> int:
    return setting_int("DISCIPLINE_APPEAL_WINDOW_WORKING_DAYS", 5)


def notice_working_days() -> int:
    return setting_int("DISCIPLINE_NOTICE_WORKING_DAYS", 10)


def complainant_update_days() -> int:
    return setting_int("DISCIPLINE_COMPLAINANT_UPDATE_DAYS", 14)


def interim_maximum_days() -> int:
    return setting_int("DISCIPLINE_INTERIM_MAXIMUM_DAYS", 90)


def holidays() -> list[date]:
    raw = setting_list("DISCIPLINE_HOLIDAYS", [])
    return [day if isinstance(day, date) else date.fromisoformat(str(day)) for day in raw]
