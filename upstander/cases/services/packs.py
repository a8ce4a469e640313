"""The police evidence pack: a PDF (case summary, the offending accounts with their stable ids,
the posts with their URLs and capture times, the timeline, and each item's content, SHA-256,
source, capture and full chain of custody from the audit log, with staff named as they are at
export) zipped with the original files and a manifest.json, so anyone can re-hash the files and
compare.

The pack is written to a temporary file on disk, one item at a time, and handed back open for
streaming: a pack of hundreds of photos never sits in memory whole.
"""

from __future__ import annotations

import io
import json
import logging
import tempfile
import zipfile
from dataclasses import dataclass
from typing import IO, Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from fpdf import FPDF
from PIL import Image

from upstander import audit
from upstander.accounts.models import User
from upstander.accounts.selectors import people_named
from upstander.audit.models import AuditEntry
from upstander.audit.selectors import audit_custody
from upstander.cases.errors import EvidencePackRefused
from upstander.cases.models import Case, OffendingAccount, PoliceReferral
from upstander.cases.selectors import case_evidence, case_timeline, evidence_homes
from upstander.cases.services.access import require_need_to_know
from upstander.core.fonts import DEJAVU_SANS, DEJAVU_SANS_BOLD
from upstander.evidence.errors import EvidenceContentPurged, EvidenceTampered
from upstander.evidence.models import EvidenceItem, EvidenceKind
from upstander.evidence.selectors import EvidenceUse, evidence_bytes_verified, evidence_check
from upstander.evidence.services import evidence_tampering_record

# fpdf2 subsets the font through fontTools, which logs every table at INFO: keep logs readable.
logging.getLogger("fontTools").setLevel(logging.WARNING)

_EXTENSIONS = {
    "image/png": "png",
    "image/jpeg": "jpg",
    "image/gif": "gif",
    "image/webp": "webp",
    "application/pdf": "pdf",
    "application/json": "json",
}
_IMAGE_TYPES = {"image/png", "image/jpeg", "image/gif", "image/webp"}
# The PDF shows each image scaled down to a legible size on A4 (the original is in the zip): the
# PDF library holds every image until it writes the file, so this bounds a large pack's memory.
_IMAGE_PIXELS = 800
_IMAGE_QUALITY = 70
_IMAGE_MM = 120.0

# Where an item's chain of custody is written besides the entries on the item itself: the
# entries on every case and report holding it that list it (added, opened, packed), and these
# verbs, written elsewhere, that list it (disclosed to a panel, purged under retention).
CUSTODY_VERBS = ("proceeding.notice_send", "evidence.purge")
CUSTODY_KEYS = ("items", "evidence", "tampered", "disclosed")
_NOBODY = "the system or an anonymous person"


@dataclass(frozen=True)
class _Packed:
    item: EvidenceItem
    name: str | None  # the file in the zip; None when its bytes were removed under retention
    custody: list[dict[str, Any]]


class _People:
    """Staff named as they are at export (display name and email), never as bare ids."""

    def __init__(self, ids: set[int]) -> None:
        self._names = people_named(ids)

    def name(self, user_id: int | None) -> str:
        if user_id is None:
            return _NOBODY
        return self._names.get(user_id, f"account {user_id} (no longer on record)")

    def of_entry(self, entry: AuditEntry) -> str:
        return self.name(entry.actor_user_id)


def _file_name(item: EvidenceItem) -> str:
    extension = _EXTENSIONS.get(item.content_type.split(";")[0], "txt")
    return f"evidence/{item.pk:06d}-sha256-{item.sha256[:12]}.{extension}"


def _when(moment: Any) -> str:
    return f"{moment:%Y-%m-%d %H:%M:%S %Z}" if moment is not None else "(unknown)"


class _Pdf(FPDF):
    def __init__(self) -> None:
        super().__init__()
        self.add_font("DejaVu", "", str(DEJAVU_SANS))
        self.add_font("DejaVu", "B", str(DEJAVU_SANS_BOLD))
        self.set_font("DejaVu", size=10)

    def title_line(self, text: str) -> None:
        self.set_font("DejaVu", "B", 16)
        self.multi_cell(0, 10, text, new_x="LMARGIN", new_y="NEXT")
        self.set_font("DejaVu", size=10)

    def heading(self, text: str, *, size: int = 13) -> None:
        self.set_font("DejaVu", "B", size)
        self.multi_cell(0, 8 if size > 10 else 6, text, new_x="LMARGIN", new_y="NEXT")
        self.set_font("DejaVu", size=10)

    def line_text(self, text: str) -> None:
        self.multi_cell(0, 5, text, new_x="LMARGIN", new_y="NEXT")

    def hash_line(self, text: str) -> None:
        """Hex digests in a core font: written uncompressed, they stay greppable in the file."""
        self.set_font("Courier", size=9)
        self.multi_cell(0, 5, text, new_x="LMARGIN", new_y="NEXT")
        self.set_font("DejaVu", size=10)

    def picture(self, data: bytes) -> bool:
        """The image, scaled down to fit; False when it cannot be decoded."""
        try:
            with Image.open(io.BytesIO(data)) as image:
                image.thumbnail((_IMAGE_PIXELS, _IMAGE_PIXELS))
                scaled = io.BytesIO()
                image.convert("RGB").save(scaled, "JPEG", quality=_IMAGE_QUALITY)
                width, height = image.size
        except Exception:  # any undecodable upload: the original is in the zip
            return False
        scale = min(_IMAGE_MM / width, _IMAGE_MM / height, self.epw / width)
        self.image(scaled, w=width * scale, h=height * scale)
        self.ln(2)
        return True


def _content(pdf: _Pdf, item: EvidenceItem, name: str | None, data: bytes | None) -> None:
    """What the item shows: the post or text verbatim, the image drawn, other files named."""
    if data is None or name is None:
        pdf.line_text("Content: removed under the retention policy (the record above remains).")
        return
    kind = item.content_type.split(";")[0]
    if item.kind == EvidenceKind.POST:
        post = json.loads(data)
        pdf.line_text(
            f"Post by @{post.get('author_handle') or item.author_handle} "
            f"(stable id {post.get('author_id') or item.author_id or 'not known'}), "
            f"posted {post.get('posted_at') or 'at an unknown time'}, at "
            f"{post.get('url') or item.source_url or item.uri}:"
        )
        pdf.line_text(str(post.get("text") or "(no text)"))
    elif item.kind == EvidenceKind.TEXT or kind.startswith("text/"):
        pdf.line_text("Content:")
        pdf.line_text(data.decode("utf-8", "replace"))
    elif kind in _IMAGE_TYPES:
        if not pdf.picture(data):
            pdf.line_text(f"Content: an image that cannot be drawn here; the original is {name}.")
    else:
        pdf.line_text(f"Content: a {kind} file; the original is {name}.")


def _accounts(case: Case, items: list[EvidenceItem]) -> list[dict[str, str]]:
    """The case's offending accounts, then any other author of a captured post."""
    rows: list[OffendingAccount] = list(case.offending_accounts.order_by("platform", "handle"))
    # A captured post carries its author's stable id even where the account row has none yet.
    authors = {(i.platform, i.author_handle): i.author_id for i in items if i.author_id}
    accounts = [
        {
            "platform": a.platform,
            "handle": a.handle,
            "stable_id": a.stable_id or authors.get((a.platform, a.handle), ""),
            "route": a.route,
        }
        for a in rows
    ]
    known = {(a.platform, a.handle) for a in rows}
    for item in items:
        if item.author_handle and (item.platform, item.author_handle) not in known:
            known.add((item.platform, item.author_handle))
            accounts.append(
                {
                    "platform": item.platform,
                    "handle": item.author_handle,
                    "stable_id": item.author_id,
                    "route": "",
                }
            )
    return accounts


def _posts(case: Case, items: list[EvidenceItem]) -> list[dict[str, Any]]:
    """Every post URL: those captured (with capture time), then links reported but not captured."""
    posts: list[dict[str, Any]] = [
        {
            "url": item.source_url,
            "item": item.pk,
            "captured_at": item.captured_at.isoformat(),
            "posted_at": item.posted_at.isoformat() if item.posted_at else None,
            "author": item.author_handle,
            "author_id": item.author_id,
        }
        for item in items
        if item.source_url
    ]
    captured = {post["url"] for post in posts}
    reported = case.report.post_links if case.report is not None else []
    posts += [
        {"url": link, "item": None, "captured_at": None, "posted_at": None}
        for link in reported
        if link not in captured
    ]
    return posts


def _front_matter(
    pdf: _Pdf,
    case: Case,
    *,
    people: _People,
    actor: User,
    accounts: list[dict[str, str]],
    posts: list[dict[str, Any]],
    referrals: list[PoliceReferral],
    timeline: list[AuditEntry],
) -> None:
    pdf.set_title(f"Evidence pack {case.reference}")
    pdf.add_page()
    pdf.title_line(f"Evidence pack: case {case.reference}")
    pdf.line_text(
        f"{settings.PARTY_NAME}. Generated {timezone.now():%Y-%m-%d %H:%M %Z} "
        f"by {people.name(actor.pk)}."
    )
    pdf.heading("Case summary")
    pdf.line_text(
        f"Category: {case.get_category_display()}. Severity: {case.get_severity_display()}. "
        f"Platform: {case.get_platform_display()}. Opened: {case.created_at:%Y-%m-%d %H:%M}."
    )
    if case.summary:
        pdf.line_text(case.summary)
    if case.report is not None and case.report.what_happened:
        pdf.line_text(f"As reported: {case.report.what_happened}")
    for referral in referrals:
        pdf.line_text(
            f"Police referral: {referral.force}, "
            f"reference {referral.crime_reference or '(none yet)'}, "
            f"referred {referral.referred_on:%Y-%m-%d}. Victim consent: "
            f"{'yes' if referral.victim_consent else 'no (safeguarding override)'}."
        )
    pdf.heading(f"Offending accounts ({len(accounts)})")
    for account in accounts:
        pdf.line_text(
            f"{account['platform']}: @{account['handle']}, stable id "
            f"{account['stable_id'] or '(not resolved)'}"
        )
    pdf.heading(f"Posts ({len(posts)})")
    for post in posts:
        if post["captured_at"] is None:
            pdf.line_text(f"{post['url']} (reported; not captured)")
        else:
            pdf.line_text(
                f"{post['url']} captured {post['captured_at']} as item {post['item']}"
                + (f", posted {post['posted_at']}" if post["posted_at"] else "")
            )
    pdf.heading("Timeline")
    for entry in timeline:
        pdf.line_text(f"{_when(entry.created_at)} {entry.verb} by {people.of_entry(entry)}")


def _custody_rows(entries: list[AuditEntry], people: _People) -> list[dict[str, Any]]:
    return [
        {
            "sequence": entry.sequence,
            "at": entry.created_at.isoformat(),
            "verb": entry.verb,
            "by": people.of_entry(entry),
            "on": f"{entry.target_type}:{entry.target_id}",
            "entry_hash": entry.entry_hash,
        }
        for entry in entries
    ]


def _item_section(pdf: _Pdf, packed: _Packed, data: bytes | None, people: _People) -> None:
    item = packed.item
    pdf.heading(f"Item {item.pk}: {item.get_kind_display()}", size=10)
    pdf.line_text(f"File: {packed.name or '(removed under retention)'}")
    pdf.hash_line(f"SHA-256: {item.sha256}")
    pdf.line_text(f"Type: {item.content_type}, {item.size} bytes")
    pdf.line_text(f"Source: {item.source_url or '(uploaded)'}")
    pdf.line_text(f"Captured: {_when(item.captured_at)} by {people.name(item.captured_by_id)}")
    _content(pdf, item, packed.name, data)
    pdf.line_text(f"Chain of custody ({len(packed.custody)} events):")
    for row in packed.custody:
        pdf.line_text(f"#{row['sequence']} {row['at']} {row['verb']} by {row['by']} on {row['on']}")
        pdf.hash_line(f"  entry {row['entry_hash']}")


def evidence_pack_build(actor: User, *, case: Case) -> IO[bytes]:
    """The zip for the police, as an open temporary file at its start (the caller closes it);
    building it is audited with the hashes it holds.

    Every item's bytes are re-hashed as they are packed: if any no longer matches its SHA-256,
    nothing is handed out, the refusal is audited (on the case and each item's custody) and the
    error says which items failed.
    """
    with transaction.atomic():
        require_need_to_know(actor, case)
        items = case_evidence(case)
        # The pack goes to the police: the same evidence rule as every other path (consent or a
        # lead's recorded override).
        evidence_check(actor, [item.pk for item in items], use=EvidenceUse.POLICE, case_id=case.pk)
        # Handed back open (the response streams it, then closes and so deletes it).
        archive = tempfile.TemporaryFile(suffix=".zip")  # noqa: SIM115
        try:
            tampered = _write_pack(actor, case=case, items=items, into=archive)
        except BaseException:
            archive.close()
            raise
        if not tampered:
            archive.seek(0)
            return archive
        archive.close()
        evidence_tampering_record(actor, items=tampered, found_during=f"evidence pack {case.pk}")
        audit.record(
            actor,
            "case.evidence_pack_refused",
            case,
            {"tampered": [{"id": item.pk, "sha256": item.sha256} for item in tampered]},
        )
    # Raised after the block commits, so the refusal stays in the audit log.
    ids = ", ".join(str(item.pk) for item in tampered)
    raise EvidencePackRefused(
        f"The evidence pack was not built: evidence item{'s' if len(tampered) > 1 else ''} "
        f"{ids} no longer match{'' if len(tampered) > 1 else 'es'} the SHA-256 recorded when "
        "captured, so the stored bytes were changed outside the application. Nothing was packed. "
        "Restore the original bytes from a backup before sending evidence to the police; the "
        "refusal is in the audit log."
    )


def _write_pack(
    actor: User, *, case: Case, items: list[EvidenceItem], into: IO[bytes]
) -> list[EvidenceItem]:
    """Write the zip into `into`, one item's bytes at a time; the items that failed their hash
    check (when any did, the pack is incomplete and must be thrown away, and is not audited)."""
    item_ids = [item.pk for item in items]
    custody = audit_custody(
        "evidence.evidenceitem",
        item_ids,
        listed_by=CUSTODY_VERBS,
        within=evidence_homes(item_ids),
        keys=CUSTODY_KEYS,
    )
    timeline = case_timeline(case)
    entries = [entry for history in custody.values() for entry in history] + timeline
    people = _People(
        {actor.pk}
        | {item.captured_by_id for item in items if item.captured_by_id is not None}
        | {entry.actor_user_id for entry in entries if entry.actor_user_id is not None}
    )
    referrals = list(case.police_referrals.all())
    accounts = _accounts(case, items)
    posts = _posts(case, items)
    pdf = _Pdf()
    pdf.set_compression(False)  # so the listed hashes can be found in the file as written
    _front_matter(
        pdf,
        case,
        people=people,
        actor=actor,
        accounts=accounts,
        posts=posts,
        referrals=referrals,
        timeline=timeline,
    )
    pdf.heading(f"Evidence ({len(items)} items)")
    packed: list[_Packed] = []
    tampered: list[EvidenceItem] = []
    with zipfile.ZipFile(into, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for item in items:
            try:
                data: bytes | None = evidence_bytes_verified(item)
            except EvidenceContentPurged:
                data = None
            except EvidenceTampered:
                tampered.append(item)
                continue
            if tampered:
                continue  # the pack will not be handed out: only find the other failures
            name = _file_name(item) if data is not None else None
            if name is not None and data is not None:
                archive.writestr(name, data)
            done = _Packed(item, name, _custody_rows(custody[item.pk], people))
            _item_section(pdf, done, data, people)
            packed.append(done)
            del data  # one item's bytes in memory at a time
        if tampered:
            return tampered
        # fpdf2 gives a bytearray: written as it is, not copied into bytes first.
        archive.writestr(f"evidence-pack-{case.reference}.pdf", pdf.output())
        manifest = _manifest(
            case=case,
            actor=actor,
            people=people,
            packed=packed,
            accounts=accounts,
            posts=posts,
            referrals=referrals,
        )
        archive.writestr("manifest.json", json.dumps(manifest, indent=2, ensure_ascii=False))
    audit.record(
        actor,
        "case.evidence_pack",
        case,
        {"items": [{"id": p.item.pk, "sha256": p.item.sha256} for p in packed]},
    )
    return []


def _manifest(
    *,
    case: Case,
    actor: User,
    people: _People,
    packed: list[_Packed],
    accounts: list[dict[str, str]],
    posts: list[dict[str, Any]],
    referrals: list[PoliceReferral],
) -> dict[str, Any]:
    return {
        "case": case.reference,
        "generated_at": timezone.now().isoformat(),
        "generated_by": people.name(actor.pk),
        "police_referrals": [
            {
                "force": referral.force,
                "crime_reference": referral.crime_reference,
                "referred_on": referral.referred_on.isoformat(),
                "victim_consent": referral.victim_consent,
            }
            for referral in referrals
        ],
        "offending_accounts": accounts,
        "posts": posts,
        "items": [
            {
                "id": p.item.pk,
                "kind": p.item.kind,
                "file": p.name,
                "sha256": p.item.sha256,
                "size": p.item.size,
                "content_type": p.item.content_type,
                "source_url": p.item.source_url,
                "captured_at": p.item.captured_at.isoformat(),
                "captured_by": people.name(p.item.captured_by_id),
                "custody": p.custody,
            }
            for p in packed
        ],
    }
