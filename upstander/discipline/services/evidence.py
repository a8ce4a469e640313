"""Showing disclosed evidence to the panel and to the member complained about.

Only items the notice disclosed, only to the panel sitting (or a lead) and the member themself,
bytes read only through `evidence_bytes_verified` (so what is shown still matches its hash), and
every showing of content on the audit record, naming the items shown.
"""

from __future__ import annotations

from django.db import transaction

from upstander import audit
from upstander.accounts.models import User
from upstander.core.errors import NotPermitted
from upstander.discipline import selectors
from upstander.discipline.errors import EvidenceNotDisclosed
from upstander.discipline.models import Proceeding
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


def _require_may_see(actor: User, proceeding: Proceeding) -> None:
    if not selectors.may_see_disclosed_evidence(actor, proceeding):
        raise NotPermitted("Only the panel sitting and the member complained about see this.")


def _content(actor: User, proceeding: Proceeding, item: EvidenceItem) -> ShownContent:
    found_during = f"showing to the panel of {proceeding.reference}"
    return evidence_content_for_reader(actor, item, found_during=found_during)


@transaction.atomic
def disclosed_evidence_show(
    actor: User, *, proceeding: Proceeding, view: str
) -> list[DisclosedContent]:
    """The disclosed items with the text of each post or message, read and audited now."""
    _require_may_see(actor, proceeding)
    contents = [
        _content(actor, proceeding, item)
        for item in selectors.evidence_items_of(proceeding, disclosed_only=True)
    ]
    shown = [content.item.pk for content in contents if content.text]
    if shown:
        audit.record(actor, "proceeding.evidence_view", proceeding, {"items": shown, "view": view})
    return contents


@transaction.atomic
def disclosed_evidence_open(
    actor: User, *, proceeding: Proceeding, item_id: int, view: str
) -> tuple[EvidenceItem, bytes]:
    """One disclosed item's bytes (an image shown on the page, or a file), audited."""
    _require_may_see(actor, proceeding)
    item = selectors.disclosed_item(proceeding, item_id)
    if item is None:
        raise EvidenceNotDisclosed("This evidence was not disclosed in this proceeding.")
    try:
        data = evidence_bytes_verified(item)
    except EvidenceTampered:
        evidence_tampering_record(
            actor, items=[item], found_during=f"opening for {proceeding.reference}"
        )
        raise
    audit.record(actor, "proceeding.evidence_view", proceeding, {"items": [item.pk], "view": view})
    return item, data
