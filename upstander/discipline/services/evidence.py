"""Showing disclosed evidence to the panel and to the member complained about.

Only items the notice disclosed, only to the panel sitting (or a lead) and the member themself,
bytes read only through `evidence_bytes_verified` (so what is shown still matches its hash), and
every showing of content on the audit record, naming the items shown.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from django.db import transaction

from upstander import audit
from upstander.accounts.models import User
from upstander.core.errors import NotPermitted
from upstander.discipline import selectors
from upstander.discipline.errors import EvidenceNotDisclosed
from upstander.discipline.models import Proceeding
from upstander.evidence.errors import EvidenceContentPurged, EvidenceTampered
from upstander.evidence.models import EvidenceItem, EvidenceKind
from upstander.evidence.selectors import evidence_bytes_verified
from upstander.evidence.services import evidence_tampering_record


@dataclass(frozen=True)
class DisclosedContent:
    """One disclosed item as its reader sees it: the text of a post or message, or an image
    (fetched, and audited, on its own), or why its content cannot be shown."""

    item: EvidenceItem
    text: str = ""
    is_image: bool = False
    is_file: bool = False
    unavailable: str = ""


def _require_may_see(actor: User, proceeding: Proceeding) -> None:
    if not selectors.may_see_disclosed_evidence(actor, proceeding):
        raise NotPermitted("Only the panel sitting and the member complained about see this.")


def _text_of(item: EvidenceItem, data: bytes) -> str:
    if item.kind == EvidenceKind.POST:
        post = json.loads(data.decode("utf-8"))
        return str(post.get("text") or "")
    return data.decode("utf-8", errors="replace")


def _content(actor: User, proceeding: Proceeding, item: EvidenceItem) -> DisclosedContent:
    if item.content_type.startswith("image/"):
        return DisclosedContent(item=item, is_image=True)
    if item.kind == EvidenceKind.FILE and not item.content_type.startswith("text/"):
        return DisclosedContent(item=item, is_file=True)
    try:
        data = evidence_bytes_verified(item)
    except EvidenceContentPurged as error:
        return DisclosedContent(item=item, unavailable=error.message)
    except EvidenceTampered:
        evidence_tampering_record(
            actor, items=[item], found_during=f"showing to the panel of {proceeding.reference}"
        )
        return DisclosedContent(
            item=item,
            unavailable="It no longer matches the hash recorded at capture, so it is not shown.",
        )
    return DisclosedContent(item=item, text=_text_of(item, data))


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
