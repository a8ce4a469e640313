"""Reading evidence back: decrypted bytes, and whether they still match their SHA-256."""

from __future__ import annotations

import hashlib

from django.db.models import QuerySet

from upstander.evidence.errors import EvidenceContentPurged
from upstander.evidence.models import EvidenceContent, EvidenceItem


def evidence_bytes(item: EvidenceItem) -> bytes:
    content = EvidenceContent.objects.filter(item_id=item.pk).only("data").first()
    if content is None:
        raise EvidenceContentPurged("The captured bytes were removed under the retention policy.")
    return bytes(content.data)


def evidence_verify(item: EvidenceItem) -> bool:
    """True when the stored bytes still hash to the SHA-256 recorded at capture."""
    return hashlib.sha256(evidence_bytes(item)).hexdigest() == item.sha256


def evidence_items(ids: list[int]) -> QuerySet[EvidenceItem]:
    return EvidenceItem.objects.filter(pk__in=ids).select_related("captured_by").order_by("pk")


def evidence_has_content(item: EvidenceItem) -> bool:
    return EvidenceContent.objects.filter(item_id=item.pk).exists()
