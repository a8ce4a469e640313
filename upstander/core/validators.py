"""Form validators shared by every app, so bad input is a field error rather than a server error.

Dates far from today (year 9999, year 1) pass Django's own parsing, then overflow when the
code adds a deadline to them or converts them between time zones; ids beyond a 64-bit integer
overflow the database driver; control characters (NUL above all) break URL parsing and
PostgreSQL text.
"""

from __future__ import annotations

import re
from datetime import date

from django.core.exceptions import ValidationError

EARLIEST_YEAR = 1900
LATEST_YEAR = 2100
# The largest id a database row can have (a signed 64-bit integer, on SQLite and PostgreSQL).
LARGEST_ID = 2**63 - 1

_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def validate_plausible_date(value: date | None) -> None:
    """A date (or date and time) between EARLIEST_YEAR and LATEST_YEAR."""
    if value is not None and not EARLIEST_YEAR <= value.year <= LATEST_YEAR:
        raise ValidationError(
            "Enter a date between %(earliest)s and %(latest)s.",
            code="implausible_date",
            params={"earliest": EARLIEST_YEAR, "latest": LATEST_YEAR},
        )


def validate_no_control_characters(value: str) -> None:
    """Text without control characters (tabs and line breaks are fine)."""
    if value and _CONTROL_CHARACTERS.search(value):
        raise ValidationError(
            "Remove the control characters (invisible characters) from this text.",
            code="control_characters",
        )
