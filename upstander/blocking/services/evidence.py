"""What the person approving a block is shown of the posts behind it: they decide on the
abuse itself, not on evidence ids and hashes. Only for those who may approve, only the items
need-to-know lets them see, read through the hash check, and every showing audited."""

from __future__ import annotations

from django.db import transaction

from upstander import audit
from upstander.accounts.models import User
from upstander.blocking.models import BlockEntry
from upstander.blocking.services.entries import may_approve
from upstander.core.errors import NotPermitted
from upstander.evidence.selectors import EvidenceUse, evidence_refusals
from upstander.evidence.services import ShownContent, evidence_content_for_reader


@transaction.atomic
def block_evidence_show(actor: User, *, entry: BlockEntry) -> list[ShownContent]:
    if not may_approve(actor):
        raise NotPermitted("Only those who approve blocks are shown the posts behind them.")
    items = list(entry.evidence.order_by("pk"))
    refused = evidence_refusals(actor, [item.pk for item in items], use=EvidenceUse.VIEW)
    shown = [
        ShownContent(item=item, unavailable=f"Not shown to you: {refused[item.pk]}.")
        if item.pk in refused
        else evidence_content_for_reader(
            actor, item, found_during=f"showing the block of {entry.label} for approval"
        )
        for item in items
    ]
    read = [content.item.pk for content in shown if content.text]
    if read:
        audit.record(actor, "block.evidence_view", entry, {"items": read})
    return shown
