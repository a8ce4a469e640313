"""Capturing evidence: every item is stored once, encrypted, with its SHA-256 and provenance."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from upstander import audit
from upstander.accounts.models import User
from upstander.evidence.conf import evidence_max_bytes
from upstander.evidence.errors import (
    EvidenceContentPurged,
    EvidenceEmpty,
    EvidenceTampered,
    EvidenceTooLarge,
)
from upstander.evidence.models import EvidenceContent, EvidenceItem, EvidenceKind
from upstander.evidence.selectors import evidence_bytes_verified
from upstander.evidence.sniff import sniff_content_type

POST_CONTENT_TYPE = "application/json"


def canonical_json(value: Any) -> bytes:
    """One byte sequence per value: sorted keys, no spaces, UTF-8."""
    return json.dumps(
        value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str
    ).encode("utf-8")


def _refuse_unstorable(data: bytes, what: str) -> None:
    """Raise `EvidenceEmpty` for nothing but white space, `EvidenceTooLarge` over the limit."""
    if not data.strip():
        raise EvidenceEmpty(f"The {what} is empty.")
    if len(data) > evidence_max_bytes():
        raise EvidenceTooLarge(f"This {what} is too large to store as evidence.")


def _store(
    actor: User | None,
    *,
    kind: EvidenceKind,
    data: bytes,
    content_type: str,
    filename: str = "",
    source_url: str = "",
    platform: str = "",
    uri: str = "",
    author_handle: str = "",
    author_id: str = "",
    posted_at: datetime | None = None,
) -> EvidenceItem:
    item = EvidenceItem.objects.create(
        kind=kind,
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
        content_type=content_type,
        filename=filename[:255],
        source_url=source_url[:2048],
        platform=platform,
        uri=uri[:2048],
        author_handle=author_handle[:253],
        author_id=author_id[:2048],
        posted_at=posted_at,
        captured_at=timezone.now(),
        captured_by=actor,
    )
    EvidenceContent.objects.create(item=item, data=data)
    audit.record(
        actor,
        "evidence.capture",
        item,
        {"kind": str(kind), "sha256": item.sha256, "size": item.size},
    )
    return item


@transaction.atomic
def evidence_capture_post(
    actor: User | None,
    *,
    platform: str,
    uri: str,
    url: str,
    author_handle: str,
    author_id: str,
    text: str,
    posted_at: datetime | None,
    raw: dict[str, Any],
) -> EvidenceItem:
    """Store a post as canonical JSON. The same post (same URI and bytes) is stored once."""
    data = canonical_json(
        {
            "platform": platform,
            "uri": uri,
            "url": url,
            "author_handle": author_handle,
            "author_id": author_id,
            "text": text,
            "posted_at": posted_at.isoformat() if posted_at else None,
            "raw": raw,
        }
    )
    _refuse_unstorable(data, "post")
    digest = hashlib.sha256(data).hexdigest()
    existing = EvidenceItem.objects.filter(uri=uri, sha256=digest).first() if uri else None
    if existing is not None:
        return existing
    return _store(
        actor,
        kind=EvidenceKind.POST,
        data=data,
        content_type=POST_CONTENT_TYPE,
        filename="post.json",
        source_url=url,
        platform=platform,
        uri=uri,
        author_handle=author_handle,
        author_id=author_id,
        posted_at=posted_at,
    )


def check_upload(data: bytes) -> str:
    """The content type of an upload, or a domain error saying why it is refused."""
    if not data:
        raise EvidenceEmpty("The file is empty.")
    limit = evidence_max_bytes()
    if len(data) > limit:
        raise EvidenceTooLarge(
            f"This file is larger than {limit // (1024 * 1024)} MB. Please send a smaller one."
        )
    return sniff_content_type(data)


@transaction.atomic
def evidence_capture_file(
    actor: User | None, *, data: bytes, filename: str, source_url: str = ""
) -> EvidenceItem:
    """Store an uploaded file; its type is decided by its content, never by its name."""
    content_type = check_upload(data)
    return _store(
        actor,
        kind=EvidenceKind.FILE,
        data=data,
        content_type=content_type,
        filename=_safe_filename(filename),
        source_url=source_url,
    )


EMAIL_CONTENT_TYPE = "message/rfc822"
EMAIL_HEADERS_CONTENT_TYPE = "text/rfc822-headers"  # RFC 6522: the headers of a message only


@transaction.atomic
def evidence_capture_email(
    actor: User | None,
    *,
    data: bytes,
    filename: str,
    sender_address: str,
    sent_at: datetime | None,
    headers_only: bool = False,
) -> EvidenceItem:
    """Store an email exactly as received (an `.eml`, every header kept), with its sender as
    the item's author; `headers_only` for a message too large to keep whole.

    The bytes are stored as they came, never sniffed: mail is often not UTF-8, and changing
    one byte would break the hash a court may be shown.
    """
    _refuse_unstorable(data, "message")
    return _store(
        actor,
        kind=EvidenceKind.FILE,
        data=data,
        content_type=EMAIL_HEADERS_CONTENT_TYPE if headers_only else EMAIL_CONTENT_TYPE,
        filename=_safe_filename(filename),
        platform="email",
        author_handle=sender_address,
        author_id=sender_address,
        posted_at=sent_at,
    )


@transaction.atomic
def evidence_capture_text(actor: User | None, *, text: str, source_url: str = "") -> EvidenceItem:
    """Store pasted text (a message, an email) as a UTF-8 item."""
    data = text.encode("utf-8")
    _refuse_unstorable(data, "text")
    return _store(
        actor,
        kind=EvidenceKind.TEXT,
        data=data,
        content_type="text/plain; charset=utf-8",
        filename="text.txt",
        source_url=source_url,
    )


@transaction.atomic
def evidence_content_purge(actor: User | None, *, items: list[EvidenceItem], reason: str) -> int:
    """Remove stored bytes (retention); the record of each capture and its hash remain."""
    ids = [item.pk for item in items]
    deleted, _ = EvidenceContent.objects.filter(item_id__in=ids).delete()
    if deleted:
        audit.record(
            actor,
            "evidence.purge",
            ("evidence.evidenceitem", ",".join(map(str, ids))[:80]),
            {"items": ids, "reason": reason},
        )
    return deleted


@transaction.atomic
def evidence_tampering_record(
    actor: User | None, *, items: list[EvidenceItem], found_during: str
) -> None:
    """Put on each item's chain of custody that its bytes failed their hash check here."""
    for item in items:
        audit.record(
            actor,
            "evidence.tampered",
            item,
            {"sha256": item.sha256, "found_during": found_during},
        )


def _safe_filename(name: str) -> str:
    """A display name only (never used as a path): the last part, printable characters."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    cleaned = "".join(ch for ch in base if ch.isprintable() and ch not in '<>:"|?*')
    return cleaned.strip()[:200] or "upload"


@dataclass(frozen=True)
class ShownContent:
    """One item as a reader is shown it: the text of a post or message, or an image or file
    (fetched on its own), or why its content cannot be shown."""

    item: EvidenceItem
    text: str = ""
    is_image: bool = False
    is_file: bool = False
    unavailable: str = ""


def evidence_content_for_reader(
    actor: User | None, item: EvidenceItem, *, found_during: str
) -> ShownContent:
    """What a reader is shown of one item, read through its hash check: a mismatch is recorded
    as tampering (`found_during` says where) and the content is not shown. The caller has
    decided the reader may see it, and audits the showing."""
    if item.content_type.startswith("image/"):
        return ShownContent(item=item, is_image=True)
    if item.kind == EvidenceKind.FILE and not item.content_type.startswith("text/"):
        return ShownContent(item=item, is_file=True)
    try:
        data = evidence_bytes_verified(item)
    except EvidenceContentPurged as error:
        return ShownContent(item=item, unavailable=error.message)
    except EvidenceTampered:
        evidence_tampering_record(actor, items=[item], found_during=found_during)
        return ShownContent(
            item=item,
            unavailable="It no longer matches the hash recorded at capture, so it is not shown.",
        )
    if item.kind == EvidenceKind.POST:
        return ShownContent(item=item, text=str(json.loads(data.decode("utf-8")).get("text") or ""))
    return ShownContent(item=item, text=data.decode("utf-8", errors="replace"))
