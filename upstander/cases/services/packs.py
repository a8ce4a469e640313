"""The police evidence pack: a PDF (case summary, timeline, each item with its SHA-256, source,
capture time and who captured it, and the chain of custody from the audit log) zipped with the
original files and a manifest.json, so anyone can re-hash the files and compare.
"""

from __future__ import annotations

import io
import json
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from fpdf import FPDF

from upstander import audit
from upstander.accounts.models import User
from upstander.audit.models import AuditEntry
from upstander.cases.errors import EvidencePackRefused
from upstander.cases.lookups import case_evidence, case_timeline
from upstander.cases.models import Case, PoliceReferral
from upstander.cases.services.access import require_need_to_know
from upstander.evidence.errors import EvidenceContentPurged, EvidenceTampered
from upstander.evidence.models import EvidenceItem
from upstander.evidence.selectors import EvidenceUse, evidence_bytes_verified, evidence_check
from upstander.evidence.services import evidence_tampering_record

_EXTENSIONS = {
    "image/png": "png",
    "image/jpeg": "jpg",
    "image/gif": "gif",
    "image/webp": "webp",
    "application/pdf": "pdf",
    "application/json": "json",
}


@dataclass(frozen=True)
class PackFile:
    item: EvidenceItem
    name: str
    data: bytes | None


def _latin1(text: str) -> str:
    """The PDF's built-in fonts cover Latin-1; anything else shows as '?' (the files are exact)."""
    return text.encode("latin-1", "replace").decode("latin-1")


def _who(item: EvidenceItem) -> str:
    if item.captured_by_id is None:
        return "the system or an anonymous reporter"
    return f"user:{item.captured_by_id}"


def _file_name(item: EvidenceItem) -> str:
    extension = _EXTENSIONS.get(item.content_type.split(";")[0], "txt")
    return f"evidence/{item.pk:06d}-sha256-{item.sha256[:12]}.{extension}"


def _custody(items: list[EvidenceItem]) -> dict[int, list[AuditEntry]]:
    by_item: dict[int, list[AuditEntry]] = {item.pk: [] for item in items}
    entries = AuditEntry.objects.filter(
        Q(target_type="evidence.evidenceitem", target_id__in=[str(pk) for pk in by_item])
    ).order_by("sequence")
    for entry in entries:
        by_item[int(entry.target_id)].append(entry)
    return by_item


class _Pdf(FPDF):
    def heading(self, text: str) -> None:
        self.set_font("Helvetica", "B", 13)
        self.multi_cell(0, 8, _latin1(text), new_x="LMARGIN", new_y="NEXT")
        self.set_font("Helvetica", size=10)

    def line_text(self, text: str, *, mono: bool = False) -> None:
        self.set_font("Courier" if mono else "Helvetica", size=9 if mono else 10)
        self.multi_cell(0, 5, _latin1(text), new_x="LMARGIN", new_y="NEXT")
        self.set_font("Helvetica", size=10)


def _pdf(
    case: Case,
    files: list[PackFile],
    referrals: list[PoliceReferral],
    actor: User,
) -> bytes:
    pdf = _Pdf()
    pdf.set_compression(False)  # plain text inside, so the listed hashes can be checked
    pdf.set_title(_latin1(f"Evidence pack {case.reference}"))
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 16)
    pdf.multi_cell(
        0, 10, _latin1(f"Evidence pack: case {case.reference}"), new_x="LMARGIN", new_y="NEXT"
    )
    pdf.line_text(
        f"{settings.PARTY_NAME}. Generated {timezone.now():%Y-%m-%d %H:%M %Z} by user:{actor.pk}."
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
    pdf.heading("Timeline")
    for entry in case_timeline(case):
        pdf.line_text(f"{entry.created_at:%Y-%m-%d %H:%M:%S} {entry.verb} by {entry.actor_label}")
    pdf.heading(f"Evidence ({len(files)} items)")
    custody = _custody([f.item for f in files])
    for pack_file in files:
        item = pack_file.item
        pdf.set_font("Helvetica", "B", 10)
        pdf.multi_cell(
            0,
            6,
            _latin1(f"Item {item.pk}: {item.get_kind_display()}"),
            new_x="LMARGIN",
            new_y="NEXT",
        )
        stored = pack_file.name if pack_file.data is not None else "(removed under retention)"
        pdf.line_text(f"File: {stored}")
        pdf.line_text(f"SHA-256: {item.sha256}", mono=True)
        pdf.line_text(f"Type: {item.content_type}, {item.size} bytes")
        pdf.line_text(f"Source: {item.source_url or '(uploaded)'}")
        pdf.line_text(f"Captured: {item.captured_at:%Y-%m-%d %H:%M:%S %Z} by {_who(item)}")
        for entry in custody[item.pk]:
            pdf.line_text(
                f"Custody: #{entry.sequence} {entry.created_at:%Y-%m-%d %H:%M:%S} "
                f"{entry.verb} by {entry.actor_label}; entry {entry.entry_hash[:16]}",
                mono=True,
            )
    return bytes(pdf.output())


def evidence_pack_build(actor: User, *, case: Case) -> bytes:
    """The zip for the police; building it is audited with the hashes it holds.

    Every item's bytes are re-hashed first: if any no longer matches its SHA-256, nothing is
    packed, the refusal is audited (on the case and each item's custody) and the error says
    which items failed.
    """
    with transaction.atomic():
        require_need_to_know(actor, case)
        items = case_evidence(case)
        # The pack goes to the police: the same evidence rule as every other path (consent or a
        # lead's recorded override).
        evidence_check(actor, [item.pk for item in items], use=EvidenceUse.POLICE, case_id=case.pk)
        files: list[PackFile] = []
        tampered: list[EvidenceItem] = []
        for item in items:
            try:
                data: bytes | None = evidence_bytes_verified(item)
            except EvidenceContentPurged:
                data = None
            except EvidenceTampered:
                tampered.append(item)
                continue
            files.append(PackFile(item, _file_name(item), data))
        if not tampered:
            return _pack(actor, case=case, files=files)
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


def _pack(actor: User, *, case: Case, files: list[PackFile]) -> bytes:
    referrals = list(case.police_referrals.all())
    pdf = _pdf(case, files, referrals, actor)
    manifest = {
        "case": case.reference,
        "generated_at": timezone.now().isoformat(),
        "items": [
            {
                "id": f.item.pk,
                "file": f.name if f.data is not None else None,
                "sha256": f.item.sha256,
                "size": f.item.size,
                "content_type": f.item.content_type,
                "source_url": f.item.source_url,
                "captured_at": f.item.captured_at.isoformat(),
                "captured_by": _who(f.item),
            }
            for f in files
        ],
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(f"evidence-pack-{case.reference}.pdf", pdf)
        archive.writestr("manifest.json", json.dumps(manifest, indent=2))
        for pack_file in files:
            if pack_file.data is not None:
                archive.writestr(pack_file.name, pack_file.data)
    audit.record(
        actor,
        "case.evidence_pack",
        case,
        {"items": [{"id": f.item.pk, "sha256": f.item.sha256} for f in files]},
    )
    return buffer.getvalue()
