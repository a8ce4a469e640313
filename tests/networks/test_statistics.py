"""Anonymised statistics: counted per quarter from real cases, small counts hidden, drawn as
an accessible SVG with the same figures in a table, and nothing from any case itself."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

import pytest
from django.test import Client
from django.urls import reverse

from tests.cases.helpers import reported_case
from tests.conftest import signed_in
from upstander.accounts.models import User
from upstander.cases.services import case_close, case_triage, consultation_record
from upstander.networks.selectors import case_statistics
from upstander.networks.statistics import (
    CaseFacts,
    Quarter,
    count_table,
    last_quarters,
    response_bucket,
)
from upstander.networks.suppression import Suppression


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


def test_the_chart_hides_what_the_table_hides_and_reads_in_round_numbers() -> None:
    from upstander.networks.charts import HIDDEN_FILL, bar_chart
    from upstander.networks.statistics import StatTable
    from upstander.networks.suppression import suppress_small_counts

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
