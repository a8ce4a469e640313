from __future__ import annotations

import io
import json
import zipfile
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from tests.cases.helpers import PNG, consulted_case
from tests.conftest import signed_in
from tests.evidence.tampering import swap_stored_bytes
from upstander.audit.models import AuditEntry
from upstander.reports.services import report_submit


@pytest.mark.django_db
def test_subject_access_exports_a_persons_data_with_third_parties_redacted(
    client, caseworker, safeguarding_lead, protected_person
):
    case = consulted_case(caseworker, protected_person)
    report_submit(
        protected_person,
        target_kind="myself",
        platform="x",
        what_happened="More replies from the same account.",
        contact_phone="07700 900123",
        files=[("mine.png", PNG + b"mine")],
    )
    response = signed_in(client, safeguarding_lead).post(
        reverse("cases:subject_access"), {"email": protected_person.email}
    )
    assert response.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    data = json.loads(archive.read("data.json"))
    text = json.dumps(data)
    assert data["person"]["email"] == protected_person.email
    [made] = data["reports_you_made"]
    assert made["your_contact_details"]["phone"] == "07700 900123"
    assert archive.read(made["evidence"][0]["file"]) == PNG + b"mine"
    [about] = data["cases_about_you"]
    assert about["reference"] == case.reference
    assert about["consultations"][0]["wishes"] == ["block", "police"]
    # Third parties: the offending account, the other reporter's contact details, staff names.
    assert "troll.bsky.social" not in text
    assert "witness@example.org" not in text
    assert caseworker.email not in text
    assert about["evidence"][0]["file"] is None
    assert AuditEntry.objects.filter(
        verb="subject_access.export", target_id=str(protected_person.pk)
    ).exists()


@pytest.mark.django_db
def test_only_leads_and_administrators_may_export(client, caseworker, protected_person):
    response = signed_in(client, caseworker).post(
        reverse("cases:subject_access"), {"email": protected_person.email}
    )
    assert response.status_code == 403


def _export(client, user, person) -> dict[str, Any]:
    response = signed_in(client, user).post(
        reverse("cases:subject_access"), {"email": person.email}
    )
    assert response.status_code == 200
    data: dict[str, Any] = json.loads(
        zipfile.ZipFile(io.BytesIO(response.content)).read("data.json")
    )
    return data


@pytest.mark.django_db
def test_subject_access_export_respects_need_to_know(
    client, caseworker, safeguarding_lead, administrator, protected_person
):
    case = consulted_case(caseworker, protected_person)
    # The administrator is not on the case's need-to-know: the case's notes stay out, and the
    # export says it is incomplete and which cases a lead must complete.
    data = _export(client, administrator, protected_person)
    text = json.dumps(data)
    assert data["complete"] is False
    assert data["staff_notes_withheld_from"] == [case.reference]
    [about] = data["cases_about_you"]
    assert about["reference"] == case.reference
    assert "withheld" in about
    for secret in (
        "She is frightened to canvass alone.",  # the consultation's notes
        "Threats against the councillor",  # the case summary
        "Mobile after 6pm",  # the preferred contact
        "A pile-on of abusive replies",  # the report as the case holds it
    ):
        assert secret not in text
    assert "consultations" not in about
    assert "evidence" not in about
    # A safeguarding lead may open every case: the same export is complete.
    full = _export(client, safeguarding_lead, protected_person)
    assert full["complete"] is True
    assert full["staff_notes_withheld_from"] == []
    assert full["cases_about_you"][0]["consultations"][0]["notes"] == (
        "She is frightened to canvass alone."
    )


def refused_export(*args: str) -> str:
    with pytest.raises(CommandError) as refused:
        call_command("subject_access_export", *args, stdout=StringIO(), stderr=StringIO())
    assert refused.value.returncode == 2
    assert "\n" not in str(refused.value)
    assert not AuditEntry.objects.filter(verb="subject_access.export").exists()
    return str(refused.value)


@pytest.mark.django_db
def test_the_export_command_refuses_a_missing_folder_and_writes_nothing(tmp_path, protected_person):
    output = tmp_path / "not-made-yet" / "export.zip"
    refusal = refused_export(protected_person.email, str(output))
    assert refusal == f"No folder {output.parent} to write export.zip into; create it first."
    assert not output.parent.exists()


@pytest.mark.django_db
def test_the_export_command_refuses_a_folder_as_the_output(tmp_path, protected_person):
    assert refused_export(protected_person.email, str(tmp_path)) == (
        f"{tmp_path} is a folder; give a file name."
    )
    assert list(tmp_path.iterdir()) == []


@pytest.mark.django_db
def test_the_export_command_refuses_an_unknown_person(tmp_path):
    output = tmp_path / "export.zip"
    refusal = refused_export("nobody@example.org", str(output))
    assert refusal == "Nobody with a login has the address nobody@example.org."
    assert not output.exists()


@pytest.mark.django_db
def test_the_export_command_writes_the_zip_and_audits_it(tmp_path, protected_person):
    output = tmp_path / "export.zip"
    call_command("subject_access_export", protected_person.email, str(output), stdout=StringIO())
    assert "data.json" in zipfile.ZipFile(output).namelist()
    assert [p.name for p in tmp_path.iterdir()] == ["export.zip"]
    assert AuditEntry.objects.filter(verb="subject_access.export").count() == 1


@pytest.mark.django_db
def test_a_tampered_file_is_withheld_from_the_export_and_audited(
    client, safeguarding_lead, protected_person
):
    submitted = report_submit(
        protected_person,
        target_kind="myself",
        platform="x",
        what_happened="More replies from the same account.",
        files=[("mine.png", PNG + b"mine")],
    )
    item = submitted.report.evidence.get()
    swap_stored_bytes(item, PNG + b"not mine")
    response = signed_in(client, safeguarding_lead).post(
        reverse("cases:subject_access"), {"email": protected_person.email}
    )
    assert response.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    [made] = json.loads(archive.read("data.json"))["reports_you_made"]
    assert made["evidence"][0]["file"] is None
    assert made["evidence"][0]["note"].startswith("withheld")
    assert archive.namelist() == ["data.json"]
    assert AuditEntry.objects.filter(verb="evidence.tampered", target_id=str(item.pk)).exists()
