"""Showing disclosed evidence to the panel and to the member complained about.

Only items the notice disclosed and the person targeted has not withdrawn since (P1: their
panel consent), only to the panel sitting (or a lead) and the member themself, bytes read only
through `evidence_bytes_verified` (so what is shown still matches its hash), and every showing
of content on the audit record, naming the items shown.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from upstander import audit
from upstander.accounts.models import User
from upstander.core.errors import NotPermitted
from upstander.discipline import selectors
from upstander.discipline.errors import EvidenceNotDisclosed
from upstander.discipline.models import Proceeding, ProceedingEvidence
from upstander.evidence.errors import EvidenceTampered
from upstander.evidence.models import EvidenceItem
from upstander.evidence.selectors import evidence_bytes_verified
from upstander.evidence.services import (
    ShownContent,
    evidence_content_for_reader,
    evidence_tampering_record,
)

# What the panel and the member are shown of each disclosed item.
DisclosedContent = ShownContent


@dataclass(frozen=True)
class DisclosedEvidence:
    """The disclosed items shown, and how many the person targeted withdrew (never shown)."""

    contents: list[DisclosedContent]
    withdrawn: int


def _require_may_see(actor: User, proceeding: Proceeding) -> None:
    if not selectors.may_see_disclosed_evidence(actor, proceeding):
        raise NotPermitted("Only the panel sitting and the member complained about see this.")


def _content(actor: User, proceeding: Proceeding, item: EvidenceItem) -> ShownContent:
    found_during = f"showing to the panel of {proceeding.reference}"
    return evidence_content_for_reader(actor, item, found_during=found_during)


@transaction.atomic
def disclosure_withdraw(actor: User | None, *, proceeding: Proceeding) -> selectors.Disclosure:
    """P1: put on the record, once, that the person targeted withdrew disclosed evidence (their
    consent to a panel seeing it): from then on neither the panel nor the member sees it, even
    if consent is given again. The readers below call it as the system (`None`), the first time
    anyone reads the disclosure after the withdrawal: it is not the reader's doing."""
    disclosure = selectors.disclosure_of(proceeding)
    if not disclosure.unrecorded:
        return disclosure
    pending = ProceedingEvidence.objects.select_for_update().filter(
        proceeding=proceeding, item_id__in=disclosure.unrecorded, withdrawn_at__isnull=True
    )
    items = sorted(pending.values_list("item_id", flat=True))
    if items:
        ProceedingEvidence.objects.filter(proceeding=proceeding, item_id__in=items).update(
            withdrawn_at=timezone.now()
        )
        audit.record(
            actor,
            "proceeding.evidence_withdraw",
            proceeding,
            {
                "items": items,
                "why": sorted({disclosure.unrecorded[item_id] for item_id in items}),
            },
        )
    return disclosure


@transaction.atomic
def disclosed_evidence_show(actor: User, *, proceeding: Proceeding, view: str) -> DisclosedEvidence:
    """The disclosed items with the text of each post or message, read and audited now; any the
    person targeted withdrew are left out (and their withdrawal put on the record)."""
    _require_may_see(actor, proceeding)
    disclosure = disclosure_withdraw(None, proceeding=proceeding)
    contents = [_content(actor, proceeding, item) for item in disclosure.shown]
    shown = [content.item.pk for content in contents if content.text]
    if shown:
        audit.record(actor, "proceeding.evidence_view", proceeding, {"items": shown, "view": view})
    return DisclosedEvidence(contents=contents, withdrawn=len(disclosure.withdrawn))


@transaction.atomic
def disclosed_evidence_open(
    actor: User, *, proceeding: Proceeding, item_id: int, view: str
) -> tuple[EvidenceItem, bytes]:
    """One disclosed item's bytes (an image shown on the page, or a file), audited."""
    _require_may_see(actor, proceeding)
    disclosure = disclosure_withdraw(None, proceeding=proceeding)
    item = next((shown for shown in disclosure.shown if shown.pk == item_id), None)
    if item is None:
        raise EvidenceNotDisclosed(
            "This evidence was not disclosed in this proceeding, or the person targeted has "
            "withdrawn it."
        )
    try:
        data = evidence_bytes_verified(item)
    except EvidenceTampered:
        evidence_tampering_record(
            actor, items=[item], found_during=f"opening for {proceeding.reference}"
        )
        raise
    audit.record(actor, "proceeding.evidence_view", proceeding, {"items": [item.pk], "view": view})
    return item, data
