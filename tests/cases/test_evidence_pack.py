from __future__ import annotations

import hashlib
import io
import json
import zipfile
from datetime import date

import pytest
from django.urls import reverse

from tests.cases.helpers import consulted_case
from tests.conftest import signed_in
from tests.evidence.tampering import swap_stored_bytes
from upstander.audit.models import AuditEntry
from upstander.cases.errors import EvidencePackRefused
from upstander.cases.lookups import case_evidence
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
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    manifest = json.loads(archive.read("manifest.json"))
    pdf = archive.read(f"evidence-pack-{case.reference}.pdf")
    assert pdf.startswith(b"%PDF-")
    assert len(manifest["items"]) == 3
    for entry in manifest["items"]:
        digest = hashlib.sha256(archive.read(entry["file"])).hexdigest()
        assert digest == entry["sha256"]
        # The PDF is written uncompressed, so its text (the listed hashes) is readable bytes.
        assert f"SHA-256: {digest}".encode() in pdf
    assert b"GMP-42" in pdf and b"evidence.capture" in pdf
    assert AuditEntry.objects.filter(verb="case.evidence_pack", target_id=str(case.pk)).exists()


@pytest.mark.django_db
def test_a_tampered_file_no_longer_matches_the_pdf(caseworker):
    case = consulted_case(caseworker)
    archive = zipfile.ZipFile(io.BytesIO(evidence_pack_build(caseworker, case=case)))
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
