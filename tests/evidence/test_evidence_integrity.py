"""Evidence is immutable in the database itself, and its bytes are re-hashed on every read.

The triggers refuse any change to an item's record (its hash above all) and its deletion,
whatever client connects. The encrypted bytes may be rewritten, as key rotation must, so every
read checks them against the SHA-256 recorded at capture.
"""

from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction

from tests.evidence.tampering import swap_stored_bytes
from upstander.audit.models import AuditEntry
from upstander.evidence.errors import EvidenceTampered
from upstander.evidence.models import EvidenceContent, EvidenceItem
from upstander.evidence.selectors import evidence_bytes_verified, evidence_verify
from upstander.evidence.services import evidence_capture_text

pytestmark = pytest.mark.django_db

TEXT = "You should quit, or else."


def _refused(sql: str, params: list[int | str]) -> None:
    with (
        pytest.raises(DatabaseError, match=r"immutable|refused"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql, params)


def test_the_database_refuses_a_raw_sql_update_of_the_hash() -> None:
    item = evidence_capture_text(None, text=TEXT)
    _refused("UPDATE evidence_evidenceitem SET sha256 = %s WHERE id = %s", ["0" * 64, item.pk])
    assert EvidenceItem.objects.get(pk=item.pk).sha256 == item.sha256


def test_the_database_refuses_a_raw_sql_update_of_the_capture_record() -> None:
    item = evidence_capture_text(None, text=TEXT)
    _refused(
        "UPDATE evidence_evidenceitem SET source_url = %s WHERE id = %s",
        ["https://example.org/planted", item.pk],
    )
    assert EvidenceItem.objects.get(pk=item.pk).source_url == ""


def test_the_database_refuses_a_raw_sql_delete_of_an_item() -> None:
    item = evidence_capture_text(None, text=TEXT)
    EvidenceContent.objects.filter(item_id=item.pk).delete()  # retention may take the bytes
    _refused("DELETE FROM evidence_evidenceitem WHERE id = %s", [item.pk])
    assert EvidenceItem.objects.filter(pk=item.pk).exists()


def test_the_database_refuses_moving_bytes_to_another_item() -> None:
    first = evidence_capture_text(None, text=TEXT)
    second = evidence_capture_text(None, text="Another message.")
    EvidenceContent.objects.filter(item_id=second.pk).delete()
    _refused(
        "UPDATE evidence_evidencecontent SET item_id = %s WHERE item_id = %s",
        [second.pk, first.pk],
    )


def test_postgres_refuses_to_truncate_the_evidence() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("TRUNCATE exists only on PostgreSQL; SQLite's DELETE trigger covers it")
    evidence_capture_text(None, text=TEXT)
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # PostgreSQL truncates nothing mid-check
    _refused("TRUNCATE evidence_evidenceitem CASCADE", [])
    assert EvidenceItem.objects.count() == 1


def test_swapped_bytes_are_refused_when_read() -> None:
    item = evidence_capture_text(None, text=TEXT)
    assert evidence_bytes_verified(item) == TEXT.encode()
    swap_stored_bytes(item, b"You should stay, with our support.")
    assert not evidence_verify(item)
    with pytest.raises(EvidenceTampered, match="no longer matches the SHA-256") as refused:
        evidence_bytes_verified(item)
    assert refused.value.item_id == item.pk


def test_a_test_database_with_evidence_is_emptied_by_its_owner(transactional_db: None) -> None:
    """After a transactional test the suite empties evidence as the owner; the teardown flush
    would fail here if that did not work, and the tests above check the refusal is back."""
    with transaction.atomic():
        evidence_capture_text(None, text=TEXT)
    assert EvidenceItem.objects.count() == 1
    assert AuditEntry.objects.filter(verb="evidence.capture").count() == 1
