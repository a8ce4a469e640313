"""Questions for the equality networks: their consultations, and anonymised case statistics.

Network representatives (and the public) see statistics only: counts per quarter with small
numbers suppressed. Nothing here returns a case, a name or any text from a case.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from upstander.accounts.models import User
from upstander.cases.models import Case, CharacteristicCount
from upstander.networks.charts import Chart, bar_chart
from upstander.networks.models import (
    Consultation,
    ConsultationResponse,
    ConsultationStatus,
    Network,
    NetworkMembership,
)
from upstander.networks.statistics import (
    RESPONSE_BUCKETS,
    CaseFacts,
    Quarter,
    StatTable,
    last_quarters,
    quarter_of,
    statistics_tables,
)

QUARTERS_SHOWN = 4
CHARACTERISTIC = "targeted_characteristic"


def _choices(field_name: str, *, blank_label: str = "") -> list[tuple[str, str]]:
    field = Case._meta.get_field(field_name)
    pairs = [(str(value), str(label)) for value, label in (field.choices or [])]  # type: ignore[union-attr]
    if blank_label and "" not in [value for value, _ in pairs]:
        pairs.insert(0, ("", blank_label))
    return pairs


def statistics_dimensions() -> list[tuple[str, str, str, Sequence[tuple[str, str]]]]:
    return [
        (
            "characteristic",
            "Cases by targeted characteristic",
            CHARACTERISTIC,
            _choices("targeted_characteristic", blank_label="None recorded"),
        ),
        ("platform", "Cases by platform", "platform", _choices("platform")),
        ("outcome", "Cases by outcome", "outcome", _choices("outcome", blank_label="Open")),
        ("response", "Time to first response", "response", RESPONSE_BUCKETS),
    ]


@dataclass(frozen=True)
class StatisticsReport:
    quarters: list[Quarter]
    tables: list[tuple[StatTable, Chart]]


def case_facts(since: datetime) -> list[CaseFacts]:
    """One query; only the four fields the statistics use, with times in local time."""
    rows = Case.objects.filter(created_at__gte=since).values_list(
        "created_at", "first_response_at", "platform", "outcome"
    )
    return [
        CaseFacts(
            created_at=timezone.localtime(created),
            first_response_at=responded,
            platform=platform or "",
            outcome=outcome or "",
        )
        for created, responded, platform, outcome in rows
    ]


def characteristic_counts(
    facts: Sequence[CaseFacts], quarters: Sequence[Quarter], rows: Sequence[tuple[str, str]]
) -> list[list[int]]:
    """Cases per characteristic and quarter, from the per-quarter counts (the characteristic of
    each case is encrypted); "none recorded" is the quarter's cases less those counted."""
    row_of = {value: i for i, (value, _) in enumerate(rows)}
    column_of = {quarter.starts_on: j for j, quarter in enumerate(quarters)}
    counts = [[0] * len(quarters) for _ in rows]
    for counter in CharacteristicCount.objects.filter(quarter_starts_on__in=list(column_of)):
        row = row_of.get(counter.characteristic, row_of.get("other"))
        if row is not None:
            counts[row][column_of[counter.quarter_starts_on]] += counter.count
    if "" in row_of:
        for j, quarter in enumerate(quarters):
            cases = sum(1 for fact in facts if quarter_of(fact.created_at) == quarter)
            recorded = sum(counts[i][j] for i in range(len(rows)) if i != row_of[""])
            counts[row_of[""]][j] = max(cases - recorded, 0)
    return counts


def case_statistics(
    *, today: date | None = None, quarters: int = QUARTERS_SHOWN
) -> StatisticsReport:
    """Anonymised statistics for the last `quarters` quarters, suppressed and charted."""
    today = today or timezone.localdate()
    shown = last_quarters(today, quarters)
    since = timezone.make_aware(datetime.combine(shown[0].starts_on, time.min))
    facts = case_facts(since)
    dimensions = statistics_dimensions()
    characteristics = next(rows for _, _, key, rows in dimensions if key == CHARACTERISTIC)
    tables = statistics_tables(
        facts,
        shown,
        dimensions,
        {CHARACTERISTIC: characteristic_counts(facts, shown, characteristics)},
    )
    return StatisticsReport(quarters=shown, tables=[(table, bar_chart(table)) for table in tables])


def networks_all() -> QuerySet[Network]:
    return Network.objects.prefetch_related(
        Prefetch(
            "memberships",
            queryset=NetworkMembership.objects.filter(is_representative=True).select_related(
                "user"
            ),
            to_attr="representatives",
        )
    )


def networks_represented_by(user: User) -> QuerySet[Network]:
    return Network.objects.filter(
        memberships__user=user, memberships__is_representative=True
    ).distinct()


def consultations_for_staff() -> QuerySet[Consultation]:
    return Consultation.objects.prefetch_related("networks").select_related("resulting_policy")


def consultations_for_representative(user: User) -> QuerySet[Consultation]:
    return (
        Consultation.objects.filter(networks__in=networks_represented_by(user))
        .distinct()
        .prefetch_related("networks")
    )


def consultations_published() -> QuerySet[Consultation]:
    return Consultation.objects.filter(status=ConsultationStatus.PUBLISHED).prefetch_related(
        "networks"
    )


def consultation_detail(pk: int) -> Consultation:
    return (
        Consultation.objects.select_related("resulting_policy")
        .prefetch_related(
            "networks",
            Prefetch(
                "responses",
                queryset=ConsultationResponse.objects.select_related("network"),
            ),
        )
        .get(pk=pk)
    )


def consultations_shaping(document_id: int) -> QuerySet[Consultation]:
    """The consultations that shaped one policy version (shown beside that version)."""
    return Consultation.objects.filter(resulting_policy_id=document_id)
