"""Anonymised case statistics: counts per quarter, suppressed, ready for a table and a chart.

Pure functions over plain facts (no database), so the counting is easy to test; the selector
reads the facts from cases and calls `statistics_tables`.

Only closed quarters are published (`last_closed_quarters`): figures that move while a quarter
is still running let a reader tie a change to one case. The tables of one page count the same
cases by different categories, so they share their column totals and are suppressed together
(`suppress_linked_tables`).

Each quarter is suppressed on its own (`suppress_quarter_by_quarter`), never as part of the
page's span of quarters: the span moves on every quarter, and a cell hidden in one span but
shown in the next would be given away by subtraction across the two pages. So what is shown for
a quarter is fixed once it is published, and a total across quarters is shown only when every
figure it adds up is shown (it then tells a reader nothing new).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from upstander.core.quarters import Quarter, quarter_of
from upstander.core.suppression import (
    THRESHOLD,
    Cell,
    SuppressedTable,
    Suppression,
    suppress_linked_tables,
)


@dataclass(frozen=True)
class CaseFacts:
    """What the statistics may know about one case: no names, no text, no accounts."""

    created_at: datetime
    first_response_at: datetime | None
    platform: str
    outcome: str
    # Cases keep it encrypted; the selector counts it from the per-quarter counts instead.
    targeted_characteristic: str = ""


RESPONSE_BUCKETS: list[tuple[str, str]] = [
    ("day", "Within a day"),
    ("three_days", "1 to 3 days"),
    ("week", "3 to 7 days"),
    ("longer", "More than 7 days"),
    ("none", "No response yet"),
]


def response_bucket(facts: CaseFacts) -> str:
    if facts.first_response_at is None:
        return "none"
    waited = facts.first_response_at - facts.created_at
    if waited <= timedelta(days=1):
        return "day"
    if waited <= timedelta(days=3):
        return "three_days"
    if waited <= timedelta(days=7):
        return "week"
    return "longer"


@dataclass(frozen=True)
class StatTable:
    slug: str
    title: str
    row_labels: tuple[str, ...]
    column_labels: tuple[str, ...]
    table: SuppressedTable

    @property
    def rows(self) -> list[tuple[str, tuple[Cell, ...], Cell]]:
        return [
            (label, cells, total)
            for label, cells, total in zip(
                self.row_labels, self.table.cells, self.table.row_totals, strict=True
            )
        ]

    @property
    def hidden_any(self) -> bool:
        cells = [c for row in self.table.cells for c in row]
        totals = [*self.table.row_totals, *self.table.column_totals, self.table.grand_total]
        return any(c.hidden for c in [*cells, *totals])


def count_table(
    facts: Iterable[CaseFacts],
    quarters: Sequence[Quarter],
    categories: Sequence[tuple[str, str]],
    key: str,
) -> list[list[int]]:
    """Counts with one row per category and one column per quarter."""
    row_of = {value: i for i, (value, _) in enumerate(categories)}
    column_of = {quarter: j for j, quarter in enumerate(quarters)}
    counts = [[0] * len(quarters) for _ in categories]
    for fact in facts:
        value = response_bucket(fact) if key == "response" else str(getattr(fact, key))
        column = column_of.get(quarter_of(fact.created_at))
        row = row_of.get(value, row_of.get("other"))
        if column is not None and row is not None:
            counts[row][column] += 1
    return counts


def statistics_tables(
    facts: Sequence[CaseFacts],
    quarters: Sequence[Quarter],
    dimensions: Sequence[tuple[str, str, str, Sequence[tuple[str, str]]]],
    counted: Mapping[str, list[list[int]]] | None = None,
) -> list[StatTable]:
    """One suppressed table per dimension: (slug, title, fact key, [(value, label), ...]).

    Every dimension counts the same facts, so the tables share their column totals; each
    quarter's column is suppressed on its own, linked across the tables
    (`suppress_quarter_by_quarter`).

    `counted` gives ready counts for a fact key (rows as the dimension's, columns as quarters),
    for what is counted elsewhere than in the facts.
    """
    counted = counted or {}
    tables = suppress_quarter_by_quarter(
        [
            counted[key] if key in counted else count_table(facts, quarters, categories, key)
            for _, _, key, categories in dimensions
        ]
    )
    return [
        StatTable(
            slug=slug,
            title=title,
            row_labels=tuple(label for _, label in categories),
            column_labels=tuple(q.label for q in quarters),
            table=table,
        )
        for (slug, title, _, categories), table in zip(dimensions, tables, strict=True)
    ]


def suppress_quarter_by_quarter(
    tables: Sequence[Sequence[Sequence[int]]], *, threshold: int = THRESHOLD
) -> list[SuppressedTable]:
    """Linked tables (one column per quarter) suppressed one quarter at a time, then joined.

    A quarter's column in every table is checked as one set of linked single-column tables, so
    whether a quarter's figure is shown depends on that quarter's counts alone and reads the
    same on every page that shows it. A row total is shown only when every cell of its row is
    shown, and the grand total only when every quarter's total is: a total of shown figures
    adds nothing a reader could not add up, and a total over a hidden one would give it away.
    """
    width = len(tables[0][0]) if tables and tables[0] else 0
    quarters = [
        suppress_linked_tables(
            [[[row[j]] for row in counts] for counts in tables], threshold=threshold
        )
        for j in range(width)
    ]
    joined: list[SuppressedTable] = []
    for t, counts in enumerate(tables):
        cells = tuple(
            tuple(quarters[j][t].cells[i][0] for j in range(width)) for i in range(len(counts))
        )
        column_totals = tuple(quarters[j][t].column_totals[0] for j in range(width))
        joined.append(
            SuppressedTable(
                cells=cells,
                row_totals=tuple(
                    _total_of(row, sum(values), threshold)
                    for row, values in zip(cells, counts, strict=True)
                ),
                column_totals=column_totals,
                grand_total=_total_of(
                    column_totals, sum(sum(values) for values in counts), threshold
                ),
            )
        )
    return joined


def _total_of(parts: Sequence[Cell], value: int, threshold: int) -> Cell:
    """The total of `parts`: shown when every part is, hidden (as a small count or beside one)
    otherwise."""
    if all(not part.hidden for part in parts):
        return Cell(value, Suppression.SHOWN)
    small = 1 <= value < threshold
    return Cell(None, Suppression.PRIMARY if small else Suppression.SECONDARY)
