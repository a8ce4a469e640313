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
from upstander.cases.models import Case
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
    statistics_tables,
)

QUARTERS_SHOWN = 4


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
            "targeted_characteristic",
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
    """One query; only the five fields the statistics use, with times in local time."""
    rows = Case.objects.filter(created_at__gte=since).values_list(
        "created_at", "first_response_at", "targeted_characteristic", "platform", "outcome"
    )
    return [
        CaseFacts(
            created_at=timezone.localtime(created),
            first_response_at=responded,
            targeted_characteristic=characteristic or "",
            platform=platform or "",
            outcome=outcome or "",
        )
        for created, responded, characteristic, platform, outcome in rows
    ]


def case_statistics(
    *, today: date | None = None, quarters: int = QUARTERS_SHOWN
) -> StatisticsReport:
    """Anonymised statistics for the last `quarters` quarters, suppressed and charted."""
    today = today or timezone.localdate()
    shown = last_quarters(today, quarters)
    since = timezone.make_aware(datetime.combine(shown[0].starts_on, time.min))
    tables = statistics_tables(case_facts(since), shown, statistics_dimensions())
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
