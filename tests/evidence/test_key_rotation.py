"""Rotating the field keys re-encrypts every encrypted byte, evidence content included.

After rotation the old key can be dropped and every evidence item still reads and verifies
against the SHA-256 recorded at capture. Rotation runs in audited batches and resumes.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from io import StringIO

import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command
from django.db import connection
from pytest_django.fixtures import Settings

from upstander.audit.models import AuditEntry
from upstander.core.crypto import reset_key_cache
from upstander.evidence.errors import EvidenceTampered
from upstander.evidence.models import EvidenceItem
from upstander.evidence.selectors import evidence_bytes_verified, evidence_verify
from upstander.evidence.services import (
    evidence_capture_file,
    evidence_capture_post,
    evidence_capture_text,
)

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
def keys(settings: Settings) -> Iterator[tuple[str, str]]:
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.FIELD_ENCRYPTION_KEYS = [old]
    reset_key_cache()
    yield old, new
    reset_key_cache()


def _use(settings: Settings, *keys: str) -> None:
    settings.FIELD_ENCRYPTION_KEYS = list(keys)
    reset_key_cache()


def _evidence(n: int) -> list[EvidenceItem]:
    items = []
    for i in range(n):
        items.append(evidence_capture_text(None, text=f"Abusive message number {i}"))
        items.append(
            evidence_capture_post(
                None,
                platform="bluesky",
                uri=f"at://did:plc:abc/app.bsky.feed.post/{i}",
                url=f"https://bsky.app/profile/troll.bsky.social/post/{i}",
                author_handle="troll.bsky.social",
                author_id="did:plc:abc",
                text=f"Quit, or else ({i}).",
                posted_at=datetime(2026, 11, 1, 9, 30, tzinfo=UTC),
                raw={"cid": f"bafy{i}"},
            )
        )
    items.append(evidence_capture_file(None, data=PNG, filename="screenshot.png"))
    return items


def _stored_tokens() -> dict[int, bytes]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT item_id, data FROM evidence_evidencecontent")
        return {pk: bytes(data) for pk, data in cursor.fetchall()}


@pytest.mark.django_db
def test_key_rotation_keeps_every_evidence_item_readable(
    keys: tuple[str, str], settings: Settings
) -> None:
    old, new = keys
    items = _evidence(3)
    before = _stored_tokens()

    _use(settings, new, old)
    call_command("rotate_field_keys", stdout=StringIO())
    after = _stored_tokens()
    assert set(after) == {item.pk for item in items}
    assert all(after[pk] != before[pk] for pk in before)

    _use(settings, new)
    assert all(evidence_verify(item) for item in EvidenceItem.objects.all())
    assert EvidenceItem.objects.count() == len(items)


@pytest.mark.django_db
def test_without_rotation_dropping_the_old_key_loses_the_evidence(
    keys: tuple[str, str], settings: Settings
) -> None:
    _old, new = keys
    item = _evidence(1)[0]
    _use(settings, new)
    assert not evidence_verify(item)
    with pytest.raises(EvidenceTampered, match="cannot be decrypted with any configured key"):
        evidence_bytes_verified(item)


@pytest.mark.django_db
def test_rotation_resumes_in_batches_and_audits_ids_and_counts_only(
    keys: tuple[str, str], settings: Settings
) -> None:
    old, new = keys
    items = _evidence(3)  # 7 evidence rows
    _use(settings, new, old)

    out = StringIO()
    call_command("rotate_field_keys", "--batch-size=2", "--max-batches=2", stdout=out)
    assert "run the command again" in out.getvalue()
    batches = AuditEntry.objects.filter(verb="crypto.rotate_batch")
    assert batches.count() == 2
    assert sum(entry.details["rows"] for entry in batches) == 4

    call_command("rotate_field_keys", "--batch-size=2", stdout=out)
    rotated = AuditEntry.objects.filter(verb="crypto.rotate_batch")
    assert sum(entry.details["rows"] for entry in rotated) == len(items)
    runs = AuditEntry.objects.filter(verb="crypto.rotate").order_by("sequence")
    assert [entry.details["complete"] for entry in runs] == [False, True]

    # A third run finds nothing left to do.
    call_command("rotate_field_keys", stdout=out)
    assert AuditEntry.objects.filter(verb="crypto.rotate_batch").count() == rotated.count()

    _use(settings, new)
    assert all(evidence_verify(item) for item in items)
    logged = json.dumps(
        [entry.details for entry in AuditEntry.objects.filter(verb__startswith="crypto.")]
    )
    assert "Abusive" not in logged and "Quit" not in logged and "enc1:" not in logged
