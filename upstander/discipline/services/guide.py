"""Publishing the sanctions guide, and reading its range for a proceeding (never its channel)."""

from __future__ import annotations

from dataclasses import asdict

from django.db import transaction
from django.utils import timezone

from upstander import audit
from upstander.accounts.models import Role, User
from upstander.accounts.permissions import require_role
from upstander.discipline.errors import GuideNotPublished, InvalidGuide
from upstander.discipline.guide import (
    STANDARD_ENTRIES,
    STANDARD_FACTORS,
    EntrySpec,
    FactorSpec,
    SanctionRange,
    guide_current,
    guide_table,
    sanction_range,
)
from upstander.discipline.models import (
    Conduct,
    GuideEntry,
    GuideFactor,
    Proceeding,
    SanctionsGuide,
)

MAX_FACTOR_WEIGHT = 3


@transaction.atomic
def guide_publish(
    actor: User | None,
    *,
    notes: str,
    entries: tuple[EntrySpec, ...] = STANDARD_ENTRIES,
    factors: tuple[FactorSpec, ...] = STANDARD_FACTORS,
) -> SanctionsGuide:
    """Publish a new version of the sanctions guide; earlier versions stay for old decisions.

    The party sets the ranges, examples and factors; what it cannot set is a channel: nothing
    here takes one, so online and face-to-face conduct get the same range (P2).
    """
    require_role(actor, Role.SAFEGUARDING_LEAD, Role.ADMINISTRATOR)
    _check_guide(entries, factors)
    current = SanctionsGuide.objects.select_for_update().order_by("-version").first()
    guide = SanctionsGuide.objects.create(
        version=(current.version + 1) if current else 1,
        notes=notes.strip(),
        published_by=actor,
        published_at=timezone.now(),
    )
    # The specs' fields are the rows' own (EntrySpec, FactorSpec), so each row is its spec.
    GuideEntry.objects.bulk_create(GuideEntry(guide=guide, **asdict(entry)) for entry in entries)
    GuideFactor.objects.bulk_create(
        GuideFactor(guide=guide, **asdict(factor)) for factor in factors
    )
    audit.record(actor, "guide.publish", guide, {"version": guide.version})
    return guide


def _check_guide(entries: tuple[EntrySpec, ...], factors: tuple[FactorSpec, ...]) -> None:
    conducts = [entry.conduct for entry in entries]
    missing = [Conduct(code).label for code in Conduct.values if code not in conducts]
    if missing or len(set(conducts)) != len(conducts):
        raise InvalidGuide(
            "The guide needs one range for each kind of conduct"
            + (f"; missing: {', '.join(missing)}." if missing else ".")
        )
    for entry in entries:
        if entry.lowest > entry.highest:
            raise InvalidGuide(
                f"{Conduct(entry.conduct).label}: the lowest sanction is above the highest."
            )
    codes = [factor.code for factor in factors]
    if len(set(codes)) != len(codes):
        raise InvalidGuide("Two factors have the same code; give each its own.")
    for factor in factors:
        if not factor.label.strip():
            raise InvalidGuide(f"Factor {factor.code} needs a description.")
        if not 1 <= factor.weight <= MAX_FACTOR_WEIGHT:
            raise InvalidGuide(f"A factor moves the range by 1 to {MAX_FACTOR_WEIGHT} steps.")


def proceeding_range(
    proceeding: Proceeding, *, factors: list[str]
) -> tuple[SanctionsGuide, SanctionRange]:
    """The current guide's range for this proceeding's allegations (never its channel)."""
    guide = guide_current()
    if guide is None:
        raise GuideNotPublished("Publish the sanctions guide before a panel decides.")
    conduct = list(proceeding.allegations.values_list("conduct", flat=True))
    return guide, sanction_range(guide_table(guide), conduct=conduct, factors=factors)
