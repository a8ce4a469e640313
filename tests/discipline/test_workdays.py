"""Working days: Monday to Friday, less the configured holidays."""

from __future__ import annotations

from datetime import date

from upstander.discipline.workdays import add_working_days, working_days_between

FRIDAY = date(2026, 11, 27)


def test_five_working_days_from_a_friday_is_the_next_friday() -> None:
    assert add_working_days(FRIDAY, 5) == date(2026, 12, 4)


def test_a_weekend_day_never_counts_and_holidays_push_the_deadline() -> None:
    assert add_working_days(date(2026, 11, 28), 1) == date(2026, 11, 30)
    assert add_working_days(date(2026, 12, 24), 1, [date(2026, 12, 25)]) == date(2026, 12, 28)
    assert working_days_between(FRIDAY, date(2026, 12, 4)) == 5
