"""Play someone with direct database access who swaps an item's stored bytes."""

from __future__ import annotations

from django.db import connection

from upstander.core.crypto import encrypt_bytes
from upstander.evidence.models import EvidenceItem


def swap_stored_bytes(item: EvidenceItem, data: bytes) -> None:
    """Raw SQL, as the triggers allow for key rotation: the new bytes are properly encrypted
    under the current key, so only the hash check can tell."""
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE evidence_evidencecontent SET data = %s WHERE item_id = %s",
            [encrypt_bytes(data), item.pk],
        )
