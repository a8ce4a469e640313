"""Anonymised statistics: counted per quarter from real cases, small counts hidden, drawn as
an accessible SVG with the same figures in a table, and nothing from any case itself."""

from __future__ import annotations

import math
import re
from datetime import UTC, date, datetime, time, timedelta

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from scipy.optimize import linprog

from tests.cases.helpers import reported_case
from tests.conftest import signed_in
from upstander.accounts.models import User
from upstander.audit.models import AuditEntry
from upstander.cases.models import Case
from upstander.cases.services import case_close, case_triage, consultation_record
from upstander.core.quarters import Quarter, last_closed_quarters, last_quarters, quarter_of
from upstander.core.suppression import Cell, Suppression
from upstander.networks.models import PublishedQuarter
from upstander.networks.selectors import case_statistics
from upstander.networks.services import statistics_publish_closed_quarters
from upstander.networks.statistics import CaseFacts, StatTable, count_table, response_bucket


def _next_quarter() -> datetime:
    """Noon on the first day of the quarter after this one: this quarter has just closed."""
    starts = quarter_of(timezone.localdate()).ends_before
    return timezone.make_aware(datetime.combine(starts, time(12)))


def _facts(created: datetime, waited: timedelta | None, characteristic: str = "") -> CaseFacts:
    return CaseFacts(
        created_at=created,
        first_response_at=created + waited if waited is not None else None,
        targeted_characteristic=characteristic,
        platform="bluesky",
        outcome="",
    )


def test_quarters_run_back_from_today() -> None:
    assert [q.label for q in last_quarters(date(2026, 2, 10), 4)] == [
        "2025 Q2",
        "2025 Q3",
        "2025 Q4",
        "2026 Q1",
    ]


def test_closed_quarters_never_include_the_running_one() -> None:
    assert [q.label for q in last_closed_quarters(date(2026, 2, 10), 2)] == ["2025 Q3", "2025 Q4"]
    assert [q.label for q in last_closed_quarters(date(2026, 4, 1), 1)] == ["2026 Q1"]


def test_response_times_fall_into_buckets() -> None:
    start = datetime(2026, 1, 5, 9, tzinfo=UTC)
    assert response_bucket(_facts(start, timedelta(hours=3))) == "day"
    assert response_bucket(_facts(start, timedelta(days=2))) == "three_days"
    assert response_bucket(_facts(start, timedelta(days=6))) == "week"
    assert response_bucket(_facts(start, timedelta(days=30))) == "longer"
    assert response_bucket(_facts(start, None)) == "none"


def test_counts_land_in_their_quarter_and_category() -> None:
    quarters = [Quarter(2026, 1), Quarter(2026, 2)]
    facts = [
        _facts(datetime(2026, 1, 5, tzinfo=UTC), None, "lgbti"),
        _facts(datetime(2026, 4, 5, tzinfo=UTC), None, "lgbti"),
        _facts(datetime(2026, 4, 6, tzinfo=UTC), None, "religion"),
        _facts(datetime(2025, 12, 31, tzinfo=UTC), None, "lgbti"),  # before the period
        _facts(datetime(2026, 5, 1, tzinfo=UTC), None, "unknown-value"),  # counted as other
    ]
    categories = [("lgbti", "LGBTI"), ("religion", "Religion"), ("other", "Other")]
    assert count_table(facts, quarters, categories, "targeted_characteristic") == [
        [1, 1],
        [0, 1],
        [0, 1],
    ]


@pytest.mark.django_db
def test_statistics_from_real_cases_hide_small_counts(caseworker: User) -> None:
    for index in range(8):
        case = reported_case(caseworker, accounts=(f"troll{index}.bsky.social",))
        characteristic = "lgbti" if index < 6 else "disability"
        case = case_triage(
            caseworker,
            case=case,
            severity=2,
            category="identity_based",
            targeted_characteristic=characteristic,
        )
        consultation_record(
            caseworker,
            case=case,
            held_on=date(2026, 11, 2),
            method="phone",
            wishes=["record_only"],
            consent_police=False,
            consent_panel=False,
        )
        case_close(caseworker, case=case, outcome="no_action")

    with time_machine.travel(_next_quarter()):
        statistics_publish_closed_quarters(None)
        report = case_statistics()
    tables = {stat.slug: stat for stat, _ in report.tables}
    row = {label: cells for label, cells, _ in tables["characteristic"].rows}
    # Counted (from the per-quarter counts, as each case's characteristic is encrypted), then
    # hidden as a small number.
    assert row["Disability"][-1].suppression is Suppression.PRIMARY
    assert row["Disability"][-1].value is None
    for stat, _ in report.tables:
        shown = [c.value for r in stat.table.cells for c in r if c.value is not None]
        shown += [c.value for c in stat.table.row_totals if c.value is not None]
        assert not [v for v in shown if 1 <= v <= 4]
    # The response-time table: every case was answered when it was opened.
    response = {label: total for label, _, total in tables["response"].rows}
    assert response["Within a day"].value == 8
    outcome = {label: total for label, _, total in tables["outcome"].rows}
    assert outcome["No action needed"].value == 8


@pytest.mark.django_db
def test_the_public_page_draws_accessible_charts_with_tables_and_no_case_details(
    client: Client, caseworker: User, network_rep: User
) -> None:
    for index in range(6):
        reported_case(caseworker, accounts=(f"troll{index}.bsky.social",))
    traveller = time_machine.travel(_next_quarter())
    traveller.start()
    statistics_publish_closed_quarters(None)
    for page in (
        client.get(reverse("networks:statistics")),
        signed_in(Client(), network_rep).get(reverse("networks:home")),
    ):
        html = page.content.decode()
        assert page.status_code == 200
        assert len(re.findall(r'<svg class="chart" role="img" aria-labelledby=', html)) == 4
        assert html.count('<title id="chart-') == 4
        assert html.count("<caption>") == 4
        assert "<script" not in html.split("</head>")[1]
        assert "pile-on" not in html  # the report's text
        assert "troll0" not in html  # the abuser's account
        assert "witness@example.org" not in html
    traveller.stop()


def test_the_chart_hides_what_the_table_hides_and_reads_in_round_numbers() -> None:
    from upstander.core.suppression import suppress_small_counts
    from upstander.networks.charts import HIDDEN_FILL, bar_chart
    from upstander.networks.statistics import StatTable

    stat = StatTable(
        slug="t",
        title="Test",
        row_labels=("A", "B", "C"),
        column_labels=("2026 Q1", "2026 Q2"),
        table=suppress_small_counts([[12, 3], [9, 7], [0, 6]]),
    )
    chart = bar_chart(stat)
    # The 3 is hidden with a rectangle of partners (12, 9 and 7); C's row is shown whole.
    assert [tick.label for tick in chart.ticks] == ["0", "2", "4", "6", "8"]
    labels = {bar.label: bar for bar in chart.bars}
    assert labels["A, 2026 Q2: hidden"].fill == HIDDEN_FILL
    assert labels["B, 2026 Q2: hidden"].height < labels["C, 2026 Q2: 6"].height
    assert "C, 2026 Q1: 0" in labels
    assert not any(label.endswith((": 3", ": 12", ": 9", ": 7")) for label in labels)


def _local_noon(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(12)))


def _triaged(worker: User, index: int, characteristic: str) -> None:
    case = reported_case(worker, accounts=(f"troll{index}.bsky.social",))
    case_triage(
        worker,
        case=case,
        severity=2,
        category="identity_based",
        targeted_characteristic=characteristic,
    )


@pytest.mark.django_db
def test_statistics_change_only_when_a_quarter_closes(client: Client, caseworker: User) -> None:
    with time_machine.travel(_local_noon(date(2026, 5, 10))):
        statistics_publish_closed_quarters(None)  # the closed quarters before: none had cases
        for index in range(8):
            _triaged(caseworker, index, "lgbti")
        before = case_statistics()
        page = client.get(reverse("networks:statistics")).content.decode()
        assert "2026 Q2" not in [q.label for q in before.quarters]  # it is still running
        assert "2026 Q2" not in page
        # One more triage (the count of LGBTI cases would go from 8 to 9) and a new case.
        _triaged(caseworker, 8, "lgbti")
        reported_case(caseworker, accounts=("late.bsky.social",))
        statistics_publish_closed_quarters(None)
        assert case_statistics() == before
        assert client.get(reverse("networks:statistics")).content.decode() == page

    with time_machine.travel(_local_noon(date(2026, 7, 1))):
        assert statistics_publish_closed_quarters(None)
        closed = case_statistics()
        assert closed.quarters[-1].label == "2026 Q2"
        tables = {stat.slug: stat for stat, _ in closed.tables}
        assert tables["characteristic"].table.grand_total.value == 10
        recorded = {label: total for label, _, total in tables["characteristic"].rows}
        assert recorded["None recorded"].suppression is Suppression.PRIMARY  # the new case
        # Later work on a closed quarter's cases, and new cases, change nothing published.
        case_triage(
            caseworker,
            case=Case.objects.get(offending_accounts__handle="late.bsky.social"),
            severity=2,
            category="identity_based",
            targeted_characteristic="lgbti",
        )
        _triaged(caseworker, 20, "disability")
        assert statistics_publish_closed_quarters(None) == []
        assert case_statistics() == closed
        assert "2026 Q2" in client.get(reverse("networks:statistics")).content.decode()
    assert (
        AuditEntry.objects.filter(verb="statistics.publish", details__quarter="2026 Q2").count()
        == 1
    )


Figure = tuple[object, ...]


def _reader_bounds(pages: list[list[StatTable]]) -> list[tuple[str, float, float]]:
    """What a reader can work out of each hidden figure from everything the pages print: every
    table's rows and columns add up; all tables count the same cases, so a quarter's total is
    one figure in every table; and a quarter's cells are the same figures on every page that
    shows the quarter. The least and greatest value of each hidden figure, exactly (LP)."""
    unknowns: dict[Figure, int] = {}
    known: dict[Figure, int] = {}
    equations: list[tuple[list[Figure], Figure]] = []

    def note(figure: Figure, cell: Cell) -> Figure:
        if cell.value is None:
            unknowns.setdefault(figure, len(unknowns))
        else:
            known[figure] = cell.value
        return figure

    for p, tables in enumerate(pages):
        grand = ("grand", p)
        for stat in tables:
            table = stat.table
            columns = [
                note(("column", quarter), cell)
                for quarter, cell in zip(stat.column_labels, table.column_totals, strict=True)
            ]
            note(grand, table.grand_total)
            equations.append((columns, grand))
            rows: list[Figure] = []
            grid: list[list[Figure]] = []
            for i, (cells, total) in enumerate(zip(table.cells, table.row_totals, strict=True)):
                grid.append(
                    [
                        note(("cell", stat.slug, i, quarter), cell)
                        for quarter, cell in zip(stat.column_labels, cells, strict=True)
                    ]
                )
                rows.append(note(("row", p, stat.slug, i), total))
                equations.append((grid[-1], rows[-1]))
            equations.append((rows, grand))
            for j, column in enumerate(columns):
                equations.append(([row[j] for row in grid], column))
    a_eq: list[list[float]] = []
    b_eq: list[float] = []
    for parts, whole in equations:
        coefficients, target = [0.0] * len(unknowns), 0.0
        signed: list[tuple[float, Figure]] = [(1.0, part) for part in parts]
        for sign, figure in [*signed, (-1.0, whole)]:
            if figure in unknowns:
                coefficients[unknowns[figure]] += sign
            else:
                target -= sign * known[figure]
        if any(coefficients):
            a_eq.append(coefficients)
            b_eq.append(target)
    bounds = []
    for figure, k in unknowns.items():
        extremes = []
        for direction in (1.0, -1.0):
            objective = [0.0] * len(unknowns)
            objective[k] = direction
            result = linprog(objective, A_eq=a_eq, b_eq=b_eq, bounds=(0, None), method="highs")
            extremes.append(direction * result.fun if result.status == 0 else math.inf)
        bounds.append((" ".join(str(part) for part in figure), extremes[0], extremes[1]))
    return bounds


def _assert_nothing_hidden_can_be_worked_out(pages: list[list[StatTable]]) -> None:
    bounds = _reader_bounds(pages)
    assert bounds
    for name, lowest, highest in bounds:
        assert highest - lowest >= 1, f"{name} can be worked out: {lowest}..{highest}"
        assert lowest < 0.5 or highest > 4.5, f"{name} is known to be small: {lowest}..{highest}"


@pytest.mark.django_db
def test_no_hidden_cell_can_be_worked_out_across_tables(client: Client, caseworker: User) -> None:
    with time_machine.travel(_local_noon(date(2026, 2, 10))):
        for index in range(9):
            _triaged(caseworker, index, "lgbti")
        _triaged(caseworker, 9, "disability")  # the one small cell
    with time_machine.travel(_local_noon(date(2026, 5, 10))):
        for index in range(10, 22):
            _triaged(caseworker, index, "lgbti" if index % 2 else "race_ethnicity")
    with time_machine.travel(_local_noon(date(2026, 7, 1))):
        statistics_publish_closed_quarters(None)
        report = case_statistics()
        html = client.get(reverse("networks:statistics")).content.decode()
    tables = [stat for stat, _ in report.tables]
    characteristic = {label: cells for label, cells, _ in tables[0].rows}
    first = tables[0].column_labels.index("2026 Q1")
    assert characteristic["Disability"][first].suppression is Suppression.PRIMARY
    # Every other table prints the quarters' totals (10 and 12), which the characteristic
    # table shares: the cells hidden beside the small one must not fall out of them.
    _assert_nothing_hidden_can_be_worked_out([tables])
    assert "<td>1</td>" not in html


# Cases by targeted characteristic in five closed quarters (2024 Q1 to 2025 Q1), as published:
# two pages a quarter apart show 2024 Q1..Q4 and 2024 Q2..2025 Q1.
CHARACTERISTICS = ["", "sex_gender", "lgbti", "race_ethnicity", "religion", "disability", "other"]
PUBLISHED = [
    [6, 1, 8, 20, 0],
    [0, 12, 0, 6, 15],
    [0, 12, 2, 0, 0],
    [8, 8, 0, 2, 0],
    [12, 8, 0, 15, 0],
    [2, 20, 20, 15, 0],  # disability: 2 cases in 2024 Q1
    [15, 15, 8, 0, 2],
]
DISABILITY = CHARACTERISTICS.index("disability")


def _published_quarters() -> None:
    """Frozen quarters as `statistics_publish_closed_quarters` writes them (made directly: the
    counts need some three hundred cases)."""
    for j, quarter in enumerate(last_quarters(date(2025, 3, 1), 5)):
        total = sum(row[j] for row in PUBLISHED)
        PublishedQuarter.objects.create(
            quarter_starts_on=quarter.starts_on,
            published_at=timezone.now(),
            counts={
                "targeted_characteristic": {
                    value: row[j] for value, row in zip(CHARACTERISTICS, PUBLISHED, strict=True)
                },
                "platform": {"bluesky": total},
                "outcome": {"": total},
                "response": {"none": total},
            },
        )


def _pages() -> tuple[list[StatTable], list[StatTable]]:
    spring = case_statistics(today=date(2025, 2, 15))
    summer = case_statistics(today=date(2025, 5, 15))
    assert [q.label for q in spring.quarters] == ["2024 Q1", "2024 Q2", "2024 Q3", "2024 Q4"]
    assert [q.label for q in summer.quarters] == ["2024 Q2", "2024 Q3", "2024 Q4", "2025 Q1"]
    return [stat for stat, _ in spring.tables], [stat for stat, _ in summer.tables]


@pytest.mark.django_db
def test_a_cell_hidden_on_one_page_cannot_be_worked_out_from_the_next_page() -> None:
    _published_quarters()
    spring, summer = _pages()
    disability = spring[0].table
    assert disability.cells[DISABILITY][0].suppression is Suppression.PRIMARY  # the 2
    # The spring row total less its 2024 Q2 and Q3 cells, less 2024 Q4 from the summer page,
    # would be the hidden 2: at least one of them is hidden.
    assert any(
        cell.hidden
        for cell in [
            disability.row_totals[DISABILITY],
            disability.cells[DISABILITY][1],
            disability.cells[DISABILITY][2],
            summer[0].table.cells[DISABILITY][2],
        ]
    )
    # Nor by any other sum: the two pages read together pin down no hidden figure.
    _assert_nothing_hidden_can_be_worked_out([spring, summer])


@pytest.mark.django_db
def test_a_quarter_reads_the_same_on_every_page_that_shows_it() -> None:
    _published_quarters()
    spring, summer = _pages()
    for before, after in zip(spring, summer, strict=True):
        for quarter in ("2024 Q2", "2024 Q3", "2024 Q4"):
            j, k = before.column_labels.index(quarter), after.column_labels.index(quarter)
            assert [row[j] for row in before.table.cells] == [row[k] for row in after.table.cells]
            assert before.table.column_totals[j] == after.table.column_totals[k]


@pytest.mark.django_db
def test_a_total_is_hidden_when_any_figure_it_adds_up_is_hidden() -> None:
    _published_quarters()
    for page in _pages():
        for stat in page:
            table = stat.table
            for cells, total in zip(table.cells, table.row_totals, strict=True):
                assert total.hidden == any(cell.hidden for cell in cells), stat.slug
                if not total.hidden:
                    assert total.value == sum(cell.value or 0 for cell in cells)
            assert table.grand_total.hidden == any(c.hidden for c in table.column_totals)
    disability = _pages()[0][0].table
    assert disability.row_totals[DISABILITY].suppression is Suppression.SECONDARY
