"""Calendar quarters: what statistics are published by, and only once a quarter has closed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime


@dataclass(frozen=True, order=True)
class Quarter:
    year: int
    number: int  # 1..4

    @property
    def label(self) -> str:
        return f"{self.year} Q{self.number}"

    @property
    def starts_on(self) -> date:
        return date(self.year, 3 * (self.number - 1) + 1, 1)

    @property
    def ends_before(self) -> date:
        """The first day of the next quarter."""
        return self.next().starts_on

    def next(self) -> Quarter:
        return (
            Quarter(self.year + 1, 1) if self.number == 4 else Quarter(self.year, self.number + 1)
        )

    def previous(self) -> Quarter:
        return (
            Quarter(self.year - 1, 4) if self.number == 1 else Quarter(self.year, self.number - 1)
        )


def quarter_of(moment: date | datetime) -> Quarter:
    return Quarter(moment.year, (moment.month - 1) // 3 + 1)


def last_quarters(today: date, count: int) -> list[Quarter]:
    """The `count` quarters up to and including the one `today` is in, oldest first."""
    quarters = [quarter_of(today)]
    while len(quarters) < count:
        quarters.append(quarters[-1].previous())
    return sorted(quarters)


def last_closed_quarters(today: date, count: int) -> list[Quarter]:
    """The `count` quarters that have ended by `today`, oldest first (never today's quarter)."""
    return last_quarters(quarter_of(today).previous().starts_on, count)
