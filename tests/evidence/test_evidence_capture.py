from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from typing import Any

import pytest
from django.db import connection

from upstander.audit.models import AuditEntry
from upstander.evidence.errors import EvidenceTooLarge, EvidenceTypeNotAccepted
from upstander.evidence.models import EvidenceContent, EvidenceItem, ImmutableError
from upstander.evidence.selectors import evidence_bytes_verified, evidence_verify
from upstander.evidence.services import (
    evidence_capture_file,
    evidence_capture_post,
    evidence_capture_text,
)

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def _post(**overrides: Any) -> EvidenceItem:
    values: dict[str, Any] = {
        "platform": "bluesky",
        "uri": "at://did:plc:abc/app.bsky.feed.post/1",
        "url": "https://bsky.app/profile/troll.bsky.social/post/1",
        "author_handle": "troll.bsky.social",
        "author_id": "did:plc:abc",
        "text": "You should quit, or else.",
        "posted_at": datetime(2026, 11, 1, 9, 30, tzinfo=UTC),
        "raw": {"cid": "bafy1"},
    }
    values.update(overrides)
    return evidence_capture_post(None, **values)


@pytest.mark.django_db
def test_a_post_is_stored_as_canonical_json_whose_sha256_is_recorded():
    item = _post()
    stored = evidence_bytes_verified(item)
    assert hashlib.sha256(stored).hexdigest() == item.sha256
    assert json.loads(stored)["text"] == "You should quit, or else."
    assert stored == json.dumps(json.loads(stored), sort_keys=True, separators=(",", ":")).encode()
    assert item.captured_by is None and item.captured_at is not None
    assert item.source_url == "https://bsky.app/profile/troll.bsky.social/post/1"
    assert AuditEntry.objects.filter(verb="evidence.capture", target_id=str(item.pk)).exists()


@pytest.mark.django_db
def test_the_same_post_captured_twice_is_stored_once():
    assert _post().pk == _post().pk
    assert EvidenceItem.objects.count() == 1


@pytest.mark.django_db
def test_a_file_is_typed_by_its_content_not_its_name(caseworker):
    item = evidence_capture_file(caseworker, data=PNG, filename="notes.txt")
    assert item.content_type == "image/png"
    assert item.captured_by == caseworker
    with pytest.raises(EvidenceTypeNotAccepted):
        evidence_capture_file(caseworker, data=b"MZ\x90\x00\x03\x00", filename="photo.png")
    assert EvidenceItem.objects.count() == 1


@pytest.mark.django_db
def test_an_oversized_file_is_refused_and_nothing_is_stored(settings):
    settings.EVIDENCE_MAX_BYTES = 100
    with pytest.raises(EvidenceTooLarge):
        evidence_capture_file(None, data=b"a" * 101, filename="big.txt")
    assert not EvidenceItem.objects.exists()


@pytest.mark.django_db
def test_evidence_cannot_be_changed_or_deleted():
    item = evidence_capture_text(None, text="a message")
    item.filename = "changed"
    with pytest.raises(ImmutableError):
        item.save()
    with pytest.raises(ImmutableError):
        item.delete()
    with pytest.raises(ImmutableError):
        EvidenceItem.objects.filter(pk=item.pk).update(filename="x")
    with pytest.raises(ImmutableError):
        EvidenceItem.objects.all().delete()


@pytest.mark.django_db
def test_evidence_bytes_are_encrypted_at_rest_and_still_verify():
    secret = b"Private address: 1 Example Road"
    item = evidence_capture_text(None, text=secret.decode())
    with connection.cursor() as cursor:
        cursor.execute("SELECT data FROM evidence_evidencecontent WHERE item_id = %s", [item.pk])
        raw = bytes(cursor.fetchone()[0])
    assert secret not in raw
    assert evidence_verify(item)
    assert EvidenceContent.objects.get(item=item).data
