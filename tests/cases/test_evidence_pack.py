from __future__ import annotations

import hashlib
import io
import json
import zipfile
from datetime import date

import pytest
from django.urls import reverse
from PIL import Image

from tests.cases.helpers import consulted_case
from tests.conftest import signed_in
from tests.evidence.tampering import swap_stored_bytes
from upstander.audit.models import AuditEntry
from upstander.cases.errors import EvidencePackRefused
from upstander.cases.selectors import case_evidence
from upstander.cases.services import case_evidence_add, police_referral_record
from upstander.cases.services.packs import evidence_pack_build

JPEG = b"\xff\xd8\xff\xe0" + bytes(range(256)) * 4


@pytest.mark.django_db
def test_the_evidence_pack_files_rehash_to_the_hashes_listed_in_its_pdf(client, caseworker):
    case = consulted_case(caseworker)
    case_evidence_add(
        caseworker, case=case, files=[("photo.jpg", JPEG)], text="DM: «we know where you live»",
        source_url="https://x.com/troll/status/1",
    )  # fmt: skip
    police_referral_record(
        caseworker, case=case, force="Greater Manchester Police", crime_reference="GMP-42",
        referred_on=date(2026, 11, 3),
    )  # fmt: skip
    response = signed_in(client, caseworker).get(reverse("cases:evidence_pack", args=[case.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"].startswith("attachment;")
    archive = zipfile.ZipFile(io.BytesIO(response.getvalue()))
    manifest = json.loads(archive.read("manifest.json"))
    pdf = archive.read(f"evidence-pack-{case.reference}.pdf")
    assert pdf.startswith(b"%PDF-")
    assert len(manifest["items"]) == 3
    for entry in manifest["items"]:
        digest = hashlib.sha256(archive.read(entry["file"])).hexdigest()
        assert digest == entry["sha256"]
        # The PDF is written uncompressed, with the hashes in a core font: readable bytes.
        assert f"SHA-256: {digest}".encode() in pdf
        assert "evidence.capture" in [event["verb"] for event in entry["custody"]]
    assert manifest["police_referrals"][0]["crime_reference"] == "GMP-42"
    assert AuditEntry.objects.filter(verb="case.evidence_pack", target_id=str(case.pk)).exists()


@pytest.mark.django_db
def test_a_tampered_file_no_longer_matches_the_pdf(caseworker):
    case = consulted_case(caseworker)
    archive = zipfile.ZipFile(evidence_pack_build(caseworker, case=case))
    pdf = archive.read(f"evidence-pack-{case.reference}.pdf")
    name = json.loads(archive.read("manifest.json"))["items"][0]["file"]
    tampered = archive.read(name) + b"!"
    assert hashlib.sha256(tampered).hexdigest().encode() not in pdf


@pytest.mark.django_db
def test_tampered_evidence_is_refused_in_the_pack(client, safeguarding_lead):
    case = consulted_case(safeguarding_lead)
    case_evidence_add(
        safeguarding_lead, case=case, files=[("photo.jpg", JPEG)], text="DM: «we know where»"
    )
    tampered = case_evidence(case)[-1]  # one of the items just added
    swap_stored_bytes(tampered, b"\xff\xd8\xff\xe0 a different photo")

    response = signed_in(client, safeguarding_lead).get(
        reverse("cases:evidence_pack", args=[case.pk]), follow=True
    )

    assert response.redirect_chain[-1][0] == reverse("cases:detail", args=[case.pk])
    assert response["Content-Type"].startswith("text/html")  # a page, no zip
    shown = [str(m) for m in response.context["messages"]]
    assert len(shown) == 1
    assert f"evidence pack was not built: evidence item {tampered.pk} no longer" in shown[0]
    assert "Nothing was packed" in shown[0]
    assert not AuditEntry.objects.filter(verb="case.evidence_pack").exists()
    refusal = AuditEntry.objects.get(verb="case.evidence_pack_refused", target_id=str(case.pk))
    assert refusal.details["tampered"] == [{"id": tampered.pk, "sha256": tampered.sha256}]
    assert AuditEntry.objects.filter(verb="evidence.tampered", target_id=str(tampered.pk)).exists()
    with pytest.raises(EvidencePackRefused):
        evidence_pack_build(safeguarding_lead, case=case)


@pytest.mark.django_db
def test_a_tampered_download_shows_a_clear_error_not_the_bytes(client, caseworker):
    case = consulted_case(caseworker)
    item = case_evidence(case)[0]  # the reporter's screenshot
    swap_stored_bytes(item, b"planted")

    response = signed_in(client, caseworker).get(
        reverse("cases:evidence_item", args=[case.pk, item.pk])
    )

    assert response.status_code == 409
    assert "Content-Disposition" not in response
    page = response.content.decode()
    assert "failed its integrity check" in page
    assert f"Evidence item {item.pk} no longer matches the SHA-256" in page
    assert AuditEntry.objects.filter(verb="evidence.tampered", target_id=str(item.pk)).exists()


def _png(colour: tuple[int, int, int]) -> bytes:
    image = io.BytesIO()
    Image.new("RGB", (64, 48), colour).save(image, "PNG")
    return image.getvalue()


def _maps_to_unicode(pdf: bytes, text: str) -> bool:
    """The PDF's ToUnicode maps (uncompressed) give every letter of `text` a glyph of its own, so
    the text was drawn in an embedded Unicode font, not replaced by '?'."""
    return all(f"<{ord(ch):04X}>".encode() in pdf for ch in set(text) if not ch.isspace())


@pytest.mark.django_db
def test_police_pack_holds_content_accounts_and_full_custody(client, caseworker):
    caseworker.display_name = "Кит Ковальчук"
    caseworker.save(update_fields=["display_name"])
    case = consulted_case(caseworker, accounts=("troll.bsky.social", "did:plc:trollstable42"))
    threat = "Мы знаем, где ты живёшь"
    (text,) = case_evidence_add(
        caseworker, case=case, text=threat, source_url="https://bsky.app/profile/troll/post/9"
    )
    (photo,) = case_evidence_add(caseworker, case=case, files=[("photo.png", _png((200, 0, 0)))])
    signed_in(client, caseworker).get(reverse("cases:evidence_item", args=[case.pk, text.pk]))
    evidence_pack_build(caseworker, case=case).close()  # an earlier export is custody too

    response = client.get(reverse("cases:evidence_pack", args=[case.pk]))

    archive = zipfile.ZipFile(io.BytesIO(response.getvalue()))
    manifest = json.loads(archive.read("manifest.json"))
    pdf = archive.read(f"evidence-pack-{case.reference}.pdf")
    staff = "Кит Ковальчук <kit.caseworker@example.org>"
    assert manifest["generated_by"] == staff
    # The offending accounts, with the stable id where the report gave one.
    accounts = {a["handle"]: a["stable_id"] for a in manifest["offending_accounts"]}
    assert accounts["did:plc:trollstable42"] == "did:plc:trollstable42"
    assert "troll.bsky.social" in accounts
    # Every post URL: the captured one with its capture time, the reported link too.
    posts = {post["url"]: post for post in manifest["posts"]}
    assert posts["https://bsky.app/profile/troll/post/9"]["captured_at"] == (
        text.captured_at.isoformat()
    )
    assert "https://bsky.app/profile/troll.bsky.social/post/1" in posts
    # The content itself: the text's bytes, the photo drawn in the PDF and its file in the zip.
    items = {item["id"]: item for item in manifest["items"]}
    assert archive.read(items[text.pk]["file"]).decode() == threat
    assert hashlib.sha256(archive.read(items[photo.pk]["file"])).hexdigest() == photo.sha256
    assert b"/Subtype /Image" in pdf
    # Staff by name as at export; every custody event, in order, each by name.
    assert items[text.pk]["captured_by"] == staff
    custody = items[text.pk]["custody"]
    assert [event["verb"] for event in custody] == [
        "evidence.capture", "case.evidence_add", "case.view", "case.evidence_pack",
    ]  # fmt: skip
    assert {event["by"] for event in custody} == {staff}
    assert [e["sequence"] for e in custody] == sorted(e["sequence"] for e in custody)
    reported = items[case_evidence(case)[0].pk]["custody"]  # the reporter's screenshot
    assert [event["verb"] for event in reported][:2] == ["evidence.capture", "report.submit"]
    assert reported[0]["by"] == "the system or an anonymous person"
    assert "user:" not in json.dumps(manifest)
    # A Unicode font is embedded and draws the Cyrillic text and name, not '?'.
    assert b"DejaVuSans" in pdf and b"/FontFile2" in pdf
    assert _maps_to_unicode(pdf, threat + "Кит Ковальчук")
