from __future__ import annotations

import io
import json
import zipfile

import pytest
from django.urls import reverse

from tests.cases.helpers import PNG, consulted_case
from tests.conftest import signed_in
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
