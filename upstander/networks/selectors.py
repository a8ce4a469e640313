"""Questions for the equality networks: their consultations, and anonymised case statistics.

Network representatives (and the public) see statistics only: counts per closed quarter with
small numbers suppressed.

Design: a quarter's figures are frozen once, after it closes, by the service
`statistics_publish_closed_quarters` (run daily by `manage.py publish_statistics`; audited),
and the page reads only those frozen rows. Computing them afresh from dates alone would not
hold still: a later triage moves the characteristic count and may change the platform of a
case opened in that quarter. The frozen counts are taken as the quarter's cases stood at its
end where the data has dates (outcome by `closed_at`, response by `first_response_at`).
What is hidden is fixed per quarter too (`statistics.suppress_quarter_by_quarter`): the page's
span of quarters moves on, and a quarter suppressed afresh in each span could be hidden on one
page and worked out from the next.

Nothing here returns a case, a name or any text from a case.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from upstander.accounts.models import User
from upstander.cases.models import Case, CharacteristicCount
from upstander.core.quarters import Quarter, last_closed_quarters, quarter_of
from upstander.networks import models
from upstander.networks.charts import Chart, bar_chart
from upstander.networks.statistics import (
    RESPONSE_BUCKETS,
    CaseFacts,
    StatTable,
    count_table,
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


def _local_midnight(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def case_facts_at_close(quarter: Quarter) -> list[CaseFacts]:
    """The cases opened in `quarter`, as they stood when it ended: an outcome or a first
    response that came later counts as none yet (a late run of the publishing job changes
    nothing). One query; only the fields the statistics use, with times in local time."""
    ended = _local_midnight(quarter.ends_before)
    rows = Case.objects.filter(
        created_at__gte=_local_midnight(quarter.starts_on), created_at__lt=ended
    ).values_list("created_at", "first_response_at", "platform", "outcome", "closed_at")
    return [
        CaseFacts(
            created_at=timezone.localtime(created),
            first_response_at=responded if responded is not None and responded < ended else None,
            platform=platform or "other",
            outcome=outcome if closed is not None and closed < ended else "",
        )
        for created, responded, platform, outcome, closed in rows
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


def quarter_counts(quarter: Quarter) -> dict[str, dict[str, int]]:
    """What `statistics_publish_closed_quarters` freezes for a quarter: per statistic (fact
    key), the count of the quarter's cases per category value."""
    facts = case_facts_at_close(quarter)
    counts: dict[str, dict[str, int]] = {}
    for _, _, key, categories in statistics_dimensions():
        column = (
            characteristic_counts(facts, [quarter], categories)
            if key == CHARACTERISTIC
            else count_table(facts, [quarter], categories, key)
        )
        counts[key] = {value: row[0] for (value, _), row in zip(categories, column, strict=True)}
    return counts


def quarters_to_publish(*, today: date | None = None) -> list[Quarter]:
    """The closed quarters of the page's span that have not been published yet."""
    closed = last_closed_quarters(today or timezone.localdate(), QUARTERS_SHOWN)
    published = set(
        models.PublishedQuarter.objects.filter(
            quarter_starts_on__in=[q.starts_on for q in closed]
        ).values_list("quarter_starts_on", flat=True)
    )
    return [quarter for quarter in closed if quarter.starts_on not in published]


def case_statistics(
    *, today: date | None = None, quarters: int = QUARTERS_SHOWN
) -> StatisticsReport:
    """The published statistics of the last `quarters` closed quarters, suppressed and charted.

    Read from the frozen `PublishedQuarter` rows only, never from live cases, so the page
    changes only when a quarter closes and is published.
    """
    closed = last_closed_quarters(today or timezone.localdate(), quarters)
    published = list(
        models.PublishedQuarter.objects.filter(quarter_starts_on__in=[q.starts_on for q in closed])
    )
    if not published:
        return StatisticsReport(quarters=[], tables=[])
    shown = [quarter_of(row.quarter_starts_on) for row in published]
    dimensions = statistics_dimensions()
    counted = {key: _frozen_counts(published, key, rows) for _, _, key, rows in dimensions}
    tables = statistics_tables([], shown, dimensions, counted)
    return StatisticsReport(quarters=shown, tables=[(table, bar_chart(table)) for table in tables])


def _frozen_counts(
    published: Sequence[models.PublishedQuarter], key: str, rows: Sequence[tuple[str, str]]
) -> list[list[int]]:
    """One statistic's frozen counts as a table (rows as categories, columns as quarters); a
    value no longer listed counts as "other" (or none recorded), so the tables still add up."""
    values = [value for value, _ in rows]
    spare = values.index("other") if "other" in values else values.index("") if "" in values else 0
    counts = [[0] * len(published) for _ in rows]
    for j, row in enumerate(published):
        for value, count in row.counts.get(key, {}).items():
            counts[values.index(value) if value in values else spare][j] += int(count)
    return counts


def networks_all() -> QuerySet[models.Network]:
    return models.Network.objects.prefetch_related(
        Prefetch(
            "memberships",
            queryset=models.NetworkMembership.objects.filter(is_representative=True).select_related(
                "user"
            ),
            to_attr="representatives",
        )
    )


def networks_represented_by(user: User) -> QuerySet[models.Network]:
    return models.Network.objects.filter(
        memberships__user=user, memberships__is_representative=True
    ).distinct()


def consultations_for_staff() -> QuerySet[models.Consultation]:
    return models.Consultation.objects.prefetch_related("networks").select_related(
        "resulting_policy"
    )


def consultations_for_representative(user: User) -> QuerySet[models.Consultation]:
    return (
        models.Consultation.objects.filter(networks__in=networks_represented_by(user))
        .distinct()
        .prefetch_related("networks")
    )


def consultations_published() -> QuerySet[models.Consultation]:
    return models.Consultation.objects.filter(
        status=models.ConsultationStatus.PUBLISHED
    ).prefetch_related("networks")


def consultation_detail(pk: int) -> models.Consultation:
    return (
        models.Consultation.objects.select_related("resulting_policy")
        .prefetch_related(
            "networks",
            Prefetch(
                "responses",
                queryset=models.ConsultationResponse.objects.select_related("network"),
            ),
        )
        .get(pk=pk)
    )


def consultations_shaping(document_id: int) -> QuerySet[models.Consultation]:
    """The consultations that shaped one policy version (shown beside that version)."""
    return models.Consultation.objects.filter(resulting_policy_id=document_id)


def subject_access_networks(person: User) -> dict[str, object]:
    """For a subject access export: the networks this person belongs to or represents (special
    category data, found through each network's blind index of the pair) and the points they
    made in consultations, with staff's answers."""
    networks = list(models.Network.objects.order_by("name"))
    indexes = {models.membership_index(network.pk, person.pk) for network in networks}
    memberships = (
        models.NetworkMembership.objects.filter(member_index__in=indexes)
        .select_related("network")
        .order_by("network__name")
    )
    points = (
        models.ConsultationResponse.objects.filter(author=person)
        .select_related("consultation", "network")
        .order_by("submitted_at", "pk")
    )
    return {
        "memberships": [
            {
                "network": membership.network.name,
                "as": "representative" if membership.is_representative else "member",
                "joined_at": membership.joined_at,
            }
            for membership in memberships
        ],
        "consultation_points_you_made": [
            {
                "consultation": point.consultation.title,
                "for_network": point.network.name,
                "point": point.point,
                "submitted_at": point.submitted_at,
                "our_reply": point.reply,
                "replied_at": point.replied_at,
            }
            for point in points
        ],
    }
