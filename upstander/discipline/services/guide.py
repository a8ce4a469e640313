"""Publishing the sanctions guide, and reading its range for a proceeding (never its channel)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from upstander import audit
from upstander.accounts.models import Role, User
from upstander.accounts.permissions import require_role
from upstander.discipline.errors import GuideNotPublished
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
from upstander.discipline.models import GuideEntry, GuideFactor, Proceeding, SanctionsGuide


@transaction.atomic
def guide_publish(
    actor: User | None,
    *,
    notes: str,
    entries: tuple[EntrySpec, ...] = STANDARD_ENTRIES,
    factors: tuple[FactorSpec, ...] = STANDARD_FACTORS,
) -> SanctionsGuide:
    """Publish a new version of the sanctions guide; earlier versions stay for old decisions."""
    require_role(actor, Role.SAFEGUARDING_LEAD, Role.ADMINISTRATOR)
    current = SanctionsGuide.objects.select_for_update().order_by("-version").first()
    guide = SanctionsGuide.objects.create(
        version=(current.version + 1) if current else 1,
        notes=notes.strip(),
        published_by=actor,
        published_at=timezone.now(),
    )
    GuideEntry.objects.bulk_create(
        GuideEntry(
            guide=guide,
            conduct=entry.conduct,
            lowest=entry.lowest,
            highest=entry.highest,
            examples=entry.examples,
        )
        for entry in entries
    )
    GuideFactor.objects.bulk_create(
        GuideFactor(
            guide=guide,
            code=factor.code,
            label=factor.label,
            kind=factor.kind,
            weight=factor.weight,
        )
        for factor in factors
    )
    audit.record(actor, "guide.publish", guide, {"version": guide.version})
    return guide


def proceeding_range(
    proceeding: Proceeding, *, factors: list[str]
) -> tuple[SanctionsGuide, SanctionRange]:
    """The current guide's range for this proceeding's allegations (never its channel)."""
    guide = guide_current()
    if guide is None:
        raise GuideNotPublished("Publish the sanctions guide before a panel decides.")
    conduct = list(proceeding.allegations.values_list("conduct", flat=True))
    return guide, sanction_range(guide_table(guide), conduct=conduct, factors=factors)
