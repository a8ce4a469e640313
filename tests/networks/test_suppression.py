"""Small-number suppression: no count from 1 to 4 is ever shown, and no hidden count can be
worked back out from the totals, checked here by attacks written independently of the code."""

from __future__ import annotations

import itertools
import math
import random

import pytest

from upstander.core.suppression import (
    Cell,
    SuppressedTable,
    Suppression,
    suppress_small_counts,
)

Grid = list[list[int | None]]


def _extended_view(result: SuppressedTable) -> Grid:
    """What a reader sees: the table with a total column and a total row; None where hidden."""
    grid: Grid = [
        [c.value for c in row] + [total.value]
        for row, total in zip(result.cells, result.row_totals, strict=True)
    ]
    grid.append([c.value for c in result.column_totals] + [result.grand_total.value])
    return grid


def _true_extended(counts: list[list[int]]) -> list[list[int]]:
    rows = [[*row, sum(row)] for row in counts]
    rows.append([sum(col) for col in zip(*rows, strict=True)] if rows else [0])
    return rows


def _all_cells(result: SuppressedTable) -> list[Cell]:
    cells = [c for row in result.cells for c in row]
    return [*cells, *result.row_totals, *result.column_totals, result.grand_total]


def _subtraction_attack(view: Grid) -> Grid:
    """Repeatedly fill in any row or column with exactly one hidden entry, as a reader would."""
    grid = [list(row) for row in view]
    n_rows, n_cols = len(grid) - 1, len(grid[0]) - 1
    lines = [[(i, j) for j in range(n_cols + 1)] for i in range(n_rows + 1)]
    lines += [[(i, j) for i in range(n_rows + 1)] for j in range(n_cols + 1)]
    progress = True
    while progress:
        progress = False
        for line in lines:
            unknown = [(i, j) for i, j in line if grid[i][j] is None]
            if len(unknown) != 1:
                continue
            *parts, total = line
            (ui, uj) = unknown[0]
            if (ui, uj) == total:
                grid[ui][uj] = sum(grid[i][j] or 0 for i, j in parts)
            else:
                known = sum(grid[i][j] or 0 for i, j in parts if (i, j) != (ui, uj))
                grid[ui][uj] = (grid[total[0]][total[1]] or 0) - known
            progress = True
    return grid


def _row_options(view: Grid, i: int, cap: int, limit: int) -> list[tuple[int, ...]] | None:
    """Every way to fill row i's hidden inner cells that fits its total, if that is shown."""
    n_cols = len(view[0]) - 1
    hidden = [j for j in range(n_cols) if view[i][j] is None]
    total = view[i][n_cols]
    rest = None if total is None else total - sum(view[i][j] or 0 for j in range(n_cols))
    if rest is None and (cap + 1) ** len(hidden) > limit:
        return None
    if rest is not None and math.comb(rest + len(hidden), max(len(hidden) - 1, 0)) > limit:
        return None
    if rest is None:
        return list(itertools.product(range(cap + 1), repeat=len(hidden)))
    if not hidden:
        return [()] if rest == 0 else []

    def compositions(amount: int, parts: int) -> list[tuple[int, ...]]:
        if parts == 1:
            return [(amount,)]
        return [
            (first, *others)
            for first in range(amount + 1)
            for others in compositions(amount - first, parts - 1)
        ]

    return compositions(rest, len(hidden)) if rest >= 0 else []


def _brute_force_possible_values(
    view: Grid, true: list[list[int]], limit: int = 200_000
) -> dict[tuple[int, int], set[int]] | None:
    """Every value each hidden entry can take in some table consistent with what is shown.

    Fills the hidden inner cells row by row (totals follow from them), pruning by the shown
    column totals. None if the search is too big to finish quickly.
    """
    n_rows, n_cols = len(view) - 1, len(view[0]) - 1
    cap = view[n_rows][n_cols]
    if cap is None:
        cap = true[n_rows][n_cols] + 6
    maybe_rows = [_row_options(view, i, cap, limit) for i in range(n_rows)]
    if any(options is None for options in maybe_rows):
        return None
    rows = [options for options in maybe_rows if options is not None]
    size = 1
    for options in rows:
        size *= max(len(options), 1)
    if size > limit:
        return None
    possible: dict[tuple[int, int], set[int]] = {
        (i, j): set() for i in range(n_rows + 1) for j in range(n_cols + 1) if view[i][j] is None
    }
    for choice in itertools.product(*rows):
        inner = [[view[i][j] or 0 for j in range(n_cols)] for i in range(n_rows)]
        for i, values in enumerate(choice):
            hidden = [j for j in range(n_cols) if view[i][j] is None]
            for j, value in zip(hidden, values, strict=True):
                inner[i][j] = value
        full = _true_extended(inner)
        if all(
            view[i][j] is None or view[i][j] == full[i][j]
            for i in range(n_rows + 1)
            for j in range(n_cols + 1)
        ):
            for entry, seen in possible.items():
                seen.add(full[entry[0]][entry[1]])
    return possible


def _random_table(rng: random.Random) -> list[list[int]]:
    n_rows, n_cols = rng.randint(1, 6), rng.randint(1, 5)
    style = rng.random()

    def draw() -> int:
        if style < 0.4:
            return rng.choice([0, 0, 1, 2, 3, 4, 5, 6, 8, 12, 20])
        if style < 0.7:
            return rng.randint(0, 9)
        return rng.choice([0, 3, 7, 15, 40, 100])

    return [[draw() for _ in range(n_cols)] for _ in range(n_rows)]


def test_a_table_without_small_numbers_is_shown_whole() -> None:
    result = suppress_small_counts([[10, 0, 7], [5, 6, 0]])
    assert _extended_view(result) == [[10, 0, 7, 17], [5, 6, 0, 11], [15, 6, 7, 28]]
    assert not any(c.hidden for c in _all_cells(result))


def test_a_single_small_count_takes_a_partner_in_its_row_and_column() -> None:
    result = suppress_small_counts([[3, 10, 20], [12, 15, 30], [40, 11, 9]])
    view = _extended_view(result)
    assert result.cells[0][0].suppression is Suppression.PRIMARY
    assert view[0][0] is None
    # Its row and its column each hide another cell, so subtraction gives nothing back.
    assert sum(v is None for v in view[0]) >= 2
    assert sum(row[0] is None for row in view) >= 2
    assert any(c.suppression is Suppression.SECONDARY for c in _all_cells(result))
    assert _subtraction_attack(view)[0][0] is None


def test_small_totals_are_hidden_too() -> None:
    result = suppress_small_counts([[2, 0], [0, 0], [10, 9]])
    assert result.row_totals[0].suppression is Suppression.PRIMARY
    # The column totals would give the row total back, so another total is hidden with it.
    view = _extended_view(result)
    assert _subtraction_attack(view)[0][2] is None


def test_zero_and_empty_tables() -> None:
    assert _extended_view(suppress_small_counts([[0, 0], [0, 0]])) == [[0, 0, 0]] * 3
    assert suppress_small_counts([]).grand_total == Cell(0, Suppression.SHOWN)
    with pytest.raises(ValueError, match="negative"):
        suppress_small_counts([[1, -1]])
    with pytest.raises(ValueError, match="same number"):
        suppress_small_counts([[1, 2], [3]])


def test_a_table_of_only_small_counts_shows_only_its_grand_total() -> None:
    result = suppress_small_counts([[1, 2], [3, 1]])
    assert result.grand_total == Cell(7, Suppression.SHOWN)
    assert all(c.hidden for c in _all_cells(result)[:-1])


@pytest.mark.parametrize("seed", range(120))
def test_random_tables_never_show_1_to_4_nor_give_a_hidden_count_away(seed: int) -> None:
    rng = random.Random(seed)
    counts = _random_table(rng)
    true = _true_extended(counts)
    result = suppress_small_counts(counts)
    view = _extended_view(result)

    # Shown values are the true values, and none of them is from 1 to 4.
    for i, row in enumerate(view):
        for j, shown in enumerate(row):
            if shown is not None:
                assert shown == true[i][j]
                assert not 1 <= shown <= 4, (counts, view)
            elif 1 <= true[i][j] <= 4:
                assert (i, j) in _primary_entries(result)

    # Subtracting shown cells from shown totals, as often as it helps, recovers nothing.
    attacked = _subtraction_attack(view)
    assert all(
        attacked[i][j] is None
        for i in range(len(view))
        for j in range(len(view[0]))
        if view[i][j] is None
    ), (counts, view)

    # For small tables, enumerate every table consistent with what is shown.
    possible = _brute_force_possible_values(view, true)
    if possible is not None:
        for (i, j), values in possible.items():
            assert true[i][j] in values
            assert len(values) >= 2, ((i, j), counts, view)
            if 1 <= true[i][j] <= 4:
                # A hidden small count cannot be pinned down to "between 1 and 4" either.
                assert values - {1, 2, 3, 4}, ((i, j), counts, view)


# Tables where hiding a second cell in every affected row and column is NOT enough: zeros and
# small totals let a reader chain equations and pin a hidden count (found by brute force).
CHAINED_DISCLOSURES = [
    [[6, 0], [2, 0], [1, 6]],
    [[0, 6, 2], [1, 3, 6]],
    [[0, 0], [2, 5], [3, 0]],
]


@pytest.mark.parametrize("counts", CHAINED_DISCLOSURES)
def test_tables_where_pairs_are_not_enough_are_still_protected(counts: list[list[int]]) -> None:
    true = _true_extended(counts)
    view = _extended_view(suppress_small_counts(counts))
    possible = _brute_force_possible_values(view, true, limit=1_000_000)
    assert possible is not None
    for (i, j), values in possible.items():
        assert len(values) >= 2, ((i, j), view)
        if 1 <= true[i][j] <= 4:
            assert values - {1, 2, 3, 4}, ((i, j), view)


def _primary_entries(result: SuppressedTable) -> set[tuple[int, int]]:
    n_cols = len(result.column_totals)
    view_cells = [[*row, total] for row, total in zip(result.cells, result.row_totals, strict=True)]
    view_cells.append([*result.column_totals, result.grand_total])
    return {
        (i, j)
        for i, row in enumerate(view_cells)
        for j, cell in enumerate(row[: n_cols + 1])
        if cell.suppression is Suppression.PRIMARY
    }


def test_suppression_is_deterministic() -> None:
    counts = [[3, 7, 0, 12], [8, 1, 9, 5], [0, 6, 2, 30]]
    assert suppress_small_counts(counts) == suppress_small_counts(counts)


def test_linked_tables_hide_a_shared_total_everywhere_or_nowhere() -> None:
    from upstander.core.suppression import suppress_linked_tables

    by_characteristic = [[9, 6], [1, 6]]  # one small count
    by_platform = [[10, 12]]  # prints the same column totals
    first, second = suppress_linked_tables([by_characteristic, by_platform])
    assert first.cells[1][0].suppression is Suppression.PRIMARY
    for left, right in zip(first.column_totals, second.column_totals, strict=True):
        assert left.hidden == right.hidden
    assert first.grand_total.hidden == second.grand_total.hidden
    with pytest.raises(ValueError):
        suppress_linked_tables([[[1, 2]], [[3, 3]]])
