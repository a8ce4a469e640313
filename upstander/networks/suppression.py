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
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum
from functools import lru_cache

import numpy as np
from scipy.optimize import linprog

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


Entry = tuple[int, int]  # (row, column) in the table extended with a total row and column


def _extended(counts: Sequence[Sequence[int]]) -> list[list[int]]:
    rows = [list(row) for row in counts]
    width = len(rows[0]) if rows else 0
    for row in rows:
        if len(row) != width:
            raise ValueError("Every row needs the same number of columns.")
        if any(value < 0 for value in row):
            raise ValueError("Counts cannot be negative.")
        row.append(sum(row))
    rows.append([sum(row[j] for row in rows) for j in range(width + 1)])
    return rows


def _lines(n_rows: int, n_cols: int) -> list[tuple[list[Entry], Entry]]:
    """Each line (row or column of the extended table): its parts and the total they sum to."""
    lines = [([(i, j) for j in range(n_cols)], (i, n_cols)) for i in range(n_rows + 1)]
    lines += [([(i, j) for i in range(n_rows)], (n_rows, j)) for j in range(n_cols + 1)]
    return lines


def _equations(
    table: list[list[int]], hidden: set[Entry], lines: list[tuple[list[Entry], Entry]]
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
                known += table[entry[0]][entry[1]]
        if total in index:
            row[index[total]] -= 1.0
            target = -known
        else:
            target = table[total[0]][total[1]] - known
        if any(row):
            equations.append(row)
            targets.append(float(target))
    return unknowns, np.array(equations), np.array(targets)


def _extreme(a_eq: np.ndarray, b_eq: np.ndarray, k: int, n: int, *, lowest: bool) -> float:
    """The least (or greatest) value unknown k can take; inf when nothing bounds it."""
    objective = np.zeros(n)
    objective[k] = 1.0 if lowest else -1.0
    result = linprog(objective, A_eq=a_eq, b_eq=b_eq, bounds=(0, None), method="highs")
    if result.status != 0:
        return 0.0 if lowest else float("inf")
    return float(result.fun) if lowest else float(-result.fun)


def _exposed(
    table: list[list[int]],
    hidden: set[Entry],
    primary: set[Entry],
    lines: list[tuple[list[Entry], Entry]],
    threshold: int,
) -> Entry | None:
    """The first hidden entry a reader could pin down (exactly, or a small count to 1..4).

    The true table is itself a solution, so an entry's true value is always possible: a least
    value below it already shows the entry is not exact, which usually saves the second LP.
    """
    unknowns, a_eq, b_eq = _equations(table, hidden, lines)
    n = len(unknowns)
    for k, entry in sorted(enumerate(unknowns), key=lambda item: (item[1] not in primary, item)):
        value = table[entry[0]][entry[1]]
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
    candidates: list[Entry], table: list[list[int]], hidden: set[Entry], n_rows: int, n_cols: int
) -> Entry | None:
    """The cheapest cell of a line to hide as well: an inner cell before a total, a non-zero
    count before a zero, one whose crossing line already hides a cell (closing the pattern
    instead of opening a new line that needs a partner of its own), then the smallest."""
    free = [entry for entry in candidates if entry not in hidden]
    if not free:
        return None
    along_row = len({row for row, _ in candidates}) == 1

    def crossing_hides(entry: Entry) -> bool:
        if along_row:
            return any((r, entry[1]) in hidden for r in range(n_rows + 1))
        return any((entry[0], c) in hidden for c in range(n_cols + 1))

    def cost(entry: Entry) -> tuple[bool, bool, bool, int, Entry]:
        is_total = entry[0] == n_rows or entry[1] == n_cols
        value = table[entry[0]][entry[1]]
        return (is_total, value == 0, not crossing_hides(entry), value, entry)

    return min(free, key=cost)


def suppress_small_counts(
    counts: Sequence[Sequence[int]], *, threshold: int = THRESHOLD
) -> SuppressedTable:
    """Hide every count from 1 to threshold - 1, and enough others that none can be recomputed.

    Input: a table of counts (rows of non-negative integers, all the same length). Output: the
    table with its row, column and grand totals, each cell shown or marked as hidden. The same
    counts always give the same answer, so answers are remembered (pages redraw for free).
    """
    return _suppress(tuple(tuple(int(v) for v in row) for row in counts), threshold)


@lru_cache(maxsize=512)
def _suppress(counts: tuple[tuple[int, ...], ...], threshold: int) -> SuppressedTable:
    table = _extended(counts)
    n_rows, n_cols = len(table) - 1, len(table[0]) - 1
    lines = _lines(n_rows, n_cols)
    hidden: set[Entry] = {
        (i, j) for i in range(n_rows + 1) for j in range(n_cols + 1) if 1 <= table[i][j] < threshold
    }
    primary = set(hidden)
    while hidden:
        # A line with one hidden entry gives it away by subtraction: hide a second one there.
        changed = True
        while changed:
            changed = False
            for parts, total in lines:
                members = [*parts, total]
                if sum(entry in hidden for entry in members) == 1:
                    extra = _complement(members, table, hidden, n_rows, n_cols)
                    if extra is not None:
                        hidden.add(extra)
                        changed = True
        exposed = _exposed(table, hidden, primary, lines, threshold)
        if exposed is None:
            break
        i, j = exposed
        row_line = [(i, c) for c in range(n_cols + 1)]
        column_line = [(r, j) for r in range(n_rows + 1)]
        extra = _complement(row_line, table, hidden, n_rows, n_cols) or _complement(
            column_line, table, hidden, n_rows, n_cols
        )
        if extra is None:  # pragma: no cover - every line is hidden, which is always safe
            break
        hidden.add(extra)

    def cell(i: int, j: int) -> Cell:
        if (i, j) in primary:
            return Cell(None, Suppression.PRIMARY)
        if (i, j) in hidden:
            return Cell(None, Suppression.SECONDARY)
        return Cell(table[i][j], Suppression.SHOWN)

    return SuppressedTable(
        cells=tuple(tuple(cell(i, j) for j in range(n_cols)) for i in range(n_rows)),
        row_totals=tuple(cell(i, n_cols) for i in range(n_rows)),
        column_totals=tuple(cell(n_rows, j) for j in range(n_cols)),
        grand_total=cell(n_rows, n_cols),
    )
