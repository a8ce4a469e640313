"""Small-number suppression for published statistics: a pure function over a table of counts.

A count from 1 to 4 could identify a person (three cases of disability abuse in one branch in
one quarter), so it is never shown (*primary* suppression). Hiding it alone is not enough: the
row and column totals would give it away by subtraction. So more cells are hidden
(*secondary*, or complementary, suppression) until no hidden cell can be worked out from what
is shown.

"Worked out" is checked exactly, not by rule of thumb: the displayed cells and totals are
linear equations in the hidden cells (each row sums to its total, each column to its total,
every count is at least 0). For every hidden cell the smallest and largest value consistent
with those equations is computed by linear programming; a table of counts with margins is a
transportation problem, whose constraint matrix is totally unimodular, so the real-valued
bounds are also the integer bounds. A table is safe when

- no hidden cell has one possible value (nothing is recomputed by subtraction, however many
  steps an attacker chains together), and
- no hidden small count can be narrowed to "somewhere from 1 to 4": its possible values reach
  0 or the threshold.

Totals are cells too: a row total of 3 is itself small and is hidden, and protected the same way.

Tables published side by side often count the same cases in different ways (by platform, by
outcome, ...), so they share their column totals and grand total: a total hidden in one table
but printed in another would give its cells away. `suppress_linked_tables` checks such tables
as one system: one unknown per shared total, every table's equations at once, and a shared total
is hidden in every table or in none. `suppress_small_counts` is the same check for one table.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum
from functools import lru_cache

import numpy as np

THRESHOLD = 5


class Suppression(Enum):
    SHOWN = "shown"
    PRIMARY = "primary"  # a count from 1 to threshold - 1
    SECONDARY = "secondary"  # hidden so that a primary cell cannot be recomputed


@dataclass(frozen=True)
class Cell:
    value: int | None  # None when hidden
    suppression: Suppression

    @property
    def hidden(self) -> bool:
        return self.suppression is not Suppression.SHOWN


@dataclass(frozen=True)
class SuppressedTable:
    cells: tuple[tuple[Cell, ...], ...]
    row_totals: tuple[Cell, ...]
    column_totals: tuple[Cell, ...]
    grand_total: Cell


Entry = tuple[int, int, int]  # (table, row, column); the shared total row is table == count


@dataclass(frozen=True)
class _System:
    """Linked tables as one set of entries (values), the lines they sum along, and shapes."""

    values: dict[Entry, int]
    lines: list[tuple[list[Entry], Entry]]
    shapes: list[tuple[int, int]]  # (rows, columns) of each table, totals excluded

    def entry(self, table: int, row: int, column: int) -> Entry:
        return (
            (table, row, column) if row < self.shapes[table][0] else (len(self.shapes), 0, column)
        )

    def is_total(self, entry: Entry) -> bool:
        return entry[0] == len(self.shapes) or entry[2] == self.shapes[0][1]


def _system(tables: Sequence[Sequence[Sequence[int]]]) -> _System:
    if not tables:
        raise ValueError("At least one table is needed.")
    width = len(tables[0][0]) if tables[0] else 0
    shared: list[int] | None = None
    values: dict[Entry, int] = {}
    for t, counts in enumerate(tables):
        for row in counts:
            if len(row) != width:
                raise ValueError("Every row needs the same number of columns.")
            if any(value < 0 for value in row):
                raise ValueError("Counts cannot be negative.")
        for i, row in enumerate(counts):
            for j, value in enumerate(row):
                values[(t, i, j)] = value
            values[(t, i, width)] = sum(row)
        column_totals = [sum(row[j] for row in counts) for j in range(width)]
        column_totals.append(sum(column_totals))
        if shared is not None and column_totals != shared:
            raise ValueError("Linked tables must have the same column totals.")
        shared = column_totals
    assert shared is not None
    for j, value in enumerate(shared):
        values[(len(tables), 0, j)] = value
    system = _System(values, [], [(len(counts), width) for counts in tables])
    for t, (n_rows, n_cols) in enumerate(system.shapes):
        for i in range(n_rows + 1):
            if i == n_rows and t > 0:
                continue  # the shared total row is one line, however many tables print it
            parts = [system.entry(t, i, j) for j in range(n_cols)]
            system.lines.append((parts, system.entry(t, i, n_cols)))
        for j in range(n_cols + 1):
            parts = [system.entry(t, i, j) for i in range(n_rows)]
            system.lines.append((parts, system.entry(t, n_rows, j)))
    return system


def _equations(
    values: dict[Entry, int], hidden: set[Entry], lines: list[tuple[list[Entry], Entry]]
) -> tuple[list[Entry], np.ndarray, np.ndarray]:
    """The shown cells and totals as equations in the hidden entries: A x = b, x >= 0."""
    unknowns = sorted(hidden)
    index = {entry: k for k, entry in enumerate(unknowns)}
    equations: list[list[float]] = []
    targets: list[float] = []
    for parts, total in lines:
        row = [0.0] * len(unknowns)
        known = 0
        for entry in parts:
            if entry in index:
                row[index[entry]] += 1.0
            else:
                known += values[entry]
        if total in index:
            row[index[total]] -= 1.0
            target = -known
        else:
            target = values[total] - known
        if any(row):
            equations.append(row)
            targets.append(float(target))
    return unknowns, np.array(equations), np.array(targets)


def _extreme(a_eq: np.ndarray, b_eq: np.ndarray, k: int, n: int, *, lowest: bool) -> float:
    """The least (or greatest) value unknown k can take; inf when nothing bounds it."""
    # Imported here: scipy.optimize would add half a second to every process's start-up.
    from scipy.optimize import linprog

    objective = np.zeros(n)
    objective[k] = 1.0 if lowest else -1.0
    result = linprog(objective, A_eq=a_eq, b_eq=b_eq, bounds=(0, None), method="highs")
    if result.status != 0:
        return 0.0 if lowest else float("inf")
    return float(result.fun) if lowest else float(-result.fun)


def possible_range(
    values: dict[Entry, int],
    hidden: set[Entry],
    lines: list[tuple[list[Entry], Entry]],
    entry: Entry,
) -> tuple[float, float]:
    """The least and greatest value a reader can give a hidden entry from what is shown."""
    unknowns, a_eq, b_eq = _equations(values, hidden, lines)
    k = unknowns.index(entry)
    n = len(unknowns)
    return (
        _extreme(a_eq, b_eq, k, n, lowest=True),
        _extreme(a_eq, b_eq, k, n, lowest=False),
    )


def _exposed(
    values: dict[Entry, int],
    hidden: set[Entry],
    primary: set[Entry],
    lines: list[tuple[list[Entry], Entry]],
    threshold: int,
) -> Entry | None:
    """The first hidden entry a reader could pin down (exactly, or a small count to 1..4).

    The true table is itself a solution, so an entry's true value is always possible: a least
    value below it already shows the entry is not exact, which usually saves the second LP.
    """
    unknowns, a_eq, b_eq = _equations(values, hidden, lines)
    n = len(unknowns)
    for k, entry in sorted(enumerate(unknowns), key=lambda item: (item[1] not in primary, item)):
        value = values[entry]
        small = entry in primary
        lowest = _extreme(a_eq, b_eq, k, n, lowest=True)
        if lowest < (0.5 if small else value - 0.5):
            continue
        highest = _extreme(a_eq, b_eq, k, n, lowest=False)
        if highest > (threshold - 0.5 if small else value + 0.5):
            continue
        return entry
    return None


def _complement(
    line: tuple[list[Entry], Entry], system: _System, hidden: set[Entry]
) -> Entry | None:
    """The cheapest entry of a line to hide as well: an inner cell before a total, a non-zero
    count before a zero, one whose crossing line already hides an entry (closing the pattern
    instead of opening a new line that needs a partner of its own), then the smallest."""
    parts, total = line
    free = [entry for entry in [*parts, total] if entry not in hidden]
    if not free:
        return None

    def crossing_hides(entry: Entry) -> bool:
        return any(
            other is not line and any(e in hidden for e in [*other[0], other[1]])
            for other in system.lines
            if entry in other[0] or entry == other[1]
        )

    def cost(entry: Entry) -> tuple[bool, bool, bool, int, Entry]:
        value = system.values[entry]
        return (system.is_total(entry), value == 0, not crossing_hides(entry), value, entry)

    return min(free, key=cost)


def suppress_small_counts(
    counts: Sequence[Sequence[int]], *, threshold: int = THRESHOLD
) -> SuppressedTable:
    """Hide every count from 1 to threshold - 1, and enough others that none can be recomputed.

    Input: a table of counts (rows of non-negative integers, all the same length). Output: the
    table with its row, column and grand totals, each cell shown or marked as hidden. The same
    counts always give the same answer, so answers are remembered (pages redraw for free).
    """
    return suppress_linked_tables([counts], threshold=threshold)[0]


def suppress_linked_tables(
    tables: Sequence[Sequence[Sequence[int]]], *, threshold: int = THRESHOLD
) -> list[SuppressedTable]:
    """`suppress_small_counts` for tables printed together that share their column totals
    (the same cases counted by different categories): nothing hidden in any of them can be
    worked out from everything printed in all of them."""
    frozen = tuple(tuple(tuple(int(v) for v in row) for row in counts) for counts in tables)
    return list(_suppress(frozen, threshold))


@lru_cache(maxsize=512)
def _suppress(
    tables: tuple[tuple[tuple[int, ...], ...], ...], threshold: int
) -> tuple[SuppressedTable, ...]:
    system = _system(tables)
    values, lines = system.values, system.lines
    hidden: set[Entry] = {entry for entry, value in values.items() if 1 <= value < threshold}
    primary = set(hidden)
    while hidden:
        # A line with one hidden entry gives it away by subtraction: hide a second one there.
        changed = True
        while changed:
            changed = False
            for line in lines:
                parts, total = line
                if sum(entry in hidden for entry in [*parts, total]) == 1:
                    extra = _complement(line, system, hidden)
                    if extra is not None:
                        hidden.add(extra)
                        changed = True
        exposed = _exposed(values, hidden, primary, lines, threshold)
        if exposed is None:
            break
        extra = next(
            (
                found
                for line in lines
                if exposed in line[0] or exposed == line[1]
                if (found := _complement(line, system, hidden)) is not None
            ),
            None,
        )
        if extra is None:  # pragma: no cover - every line is hidden, which is always safe
            break
        hidden.add(extra)

    def cell(entry: Entry) -> Cell:
        if entry in primary:
            return Cell(None, Suppression.PRIMARY)
        if entry in hidden:
            return Cell(None, Suppression.SECONDARY)
        return Cell(values[entry], Suppression.SHOWN)

    return tuple(
        SuppressedTable(
            cells=tuple(
                tuple(cell(system.entry(t, i, j)) for j in range(n_cols)) for i in range(n_rows)
            ),
            row_totals=tuple(cell(system.entry(t, i, n_cols)) for i in range(n_rows)),
            column_totals=tuple(cell(system.entry(t, n_rows, j)) for j in range(n_cols)),
            grand_total=cell(system.entry(t, n_rows, n_cols)),
        )
        for t, (n_rows, n_cols) in enumerate(system.shapes)
    )
