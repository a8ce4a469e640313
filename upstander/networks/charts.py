"""Server-side bar charts: geometry for an SVG drawn by a template (no JavaScript).

Each quarter is a group of bars, one bar per category. Hidden (suppressed) counts are drawn as
a short grey stub labelled in the data table, so the chart never shows what the table hides.
"""

from __future__ import annotations

from dataclasses import dataclass

from upstander.networks.statistics import StatTable

# Okabe-Ito: distinguishable with the common forms of colour blindness.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#000000", "#F0E442"]
HIDDEN_FILL = "#9aa3ab"
WIDTH, HEIGHT = 720, 300
LEFT, RIGHT, TOP, BOTTOM = 48, 16, 16, 40


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    fill: str
    label: str  # read by screen readers through <title>


@dataclass(frozen=True)
class Tick:
    y: float
    label: str


@dataclass(frozen=True)
class GroupLabel:
    x: float
    label: str


@dataclass(frozen=True)
class LegendEntry:
    fill: str
    label: str


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    baseline: float
    left: float
    right: float
    bars: list[Bar]
    ticks: list[Tick]
    groups: list[GroupLabel]
    legend: list[LegendEntry]


def _tick_step(value: int) -> int:
    """A round step such that four steps reach at least `value` (so the axis reads 0, 5, 10...)."""
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000):
        if step * 4 >= value:
            return step
    return -(-value // 4)


def bar_chart(stat: StatTable) -> Chart:
    n_rows, n_cols = len(stat.row_labels), len(stat.column_labels)
    shown = [c.value for row in stat.table.cells for c in row if c.value is not None]
    step = _tick_step(max([*shown, 1]))
    top = step * 4
    plot_width, plot_height = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    baseline = TOP + plot_height
    group_width = plot_width / max(n_cols, 1)
    bar_width = (group_width * 0.8) / max(n_rows, 1)
    bars: list[Bar] = []
    for j, quarter in enumerate(stat.column_labels):
        start = LEFT + j * group_width + group_width * 0.1
        for i, category in enumerate(stat.row_labels):
            cell = stat.table.cells[i][j]
            x = start + i * bar_width
            if cell.value is None:
                height, fill, shown_as = 4.0, HIDDEN_FILL, "hidden"
            else:
                height = plot_height * cell.value / top
                fill, shown_as = PALETTE[i % len(PALETTE)], str(cell.value)
            bars.append(
                Bar(
                    x,
                    baseline - height,
                    bar_width * 0.9,
                    height,
                    fill,
                    f"{category}, {quarter}: {shown_as}",
                )
            )
    ticks = [Tick(baseline - plot_height * k / 4, str(step * k)) for k in range(5)]
    groups = [
        GroupLabel(LEFT + j * group_width + group_width / 2, label)
        for j, label in enumerate(stat.column_labels)
    ]
    legend = [
        LegendEntry(PALETTE[i % len(PALETTE)], label) for i, label in enumerate(stat.row_labels)
    ]
    return Chart(WIDTH, HEIGHT, baseline, LEFT, WIDTH - RIGHT, bars, ticks, groups, legend)
