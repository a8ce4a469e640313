from __future__ import annotations

from typing import Any

import pytest
from django.db import connection

from upstander.evidence.errors import EvidenceTypeNotAccepted
from upstander.evidence.models import EvidenceItem
from upstander.reports.errors import InvalidPostLink
from upstander.reports.models import Report
from upstander.reports.services import SubmittedReport, report_submit

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def _submit(actor: Any = None, **overrides: Any) -> SubmittedReport:
    values: dict[str, Any] = {
        "target_kind": "representative",
        "platform": "bluesky",
        "what_happened": "Dozens of replies calling her a traitor.",
        "post_links": ["HTTPS://BSKY.APP/profile/troll.bsky.social/post/1?utm_source=x#top"],
        "offending_accounts": ["@Troll.bsky.social"],
        "target_name": "Cllr Priya Shah",
        "contact_email": "witness@example.org",
        "files": [("screenshot.png", PNG)],
    }
    values.update(overrides)
    return report_submit(actor, **values)


@pytest.mark.django_db
def test_an_anonymous_report_gets_a_receipt_and_keeps_its_evidence():
    submitted = _submit()
    report = submitted.report
    assert submitted.receipt_code is not None and len(submitted.receipt_code) == 24
    assert report.reporter is None and report.anonymous
    assert report.post_links == ["https://bsky.app/profile/troll.bsky.social/post/1"]
    assert report.offending_accounts == [{"platform": "bluesky", "handle": "troll.bsky.social"}]
    item = report.evidence.get()
    assert item.content_type == "image/png" and item.captured_by is None


@pytest.mark.django_db
def test_a_signed_in_reporter_is_recorded_and_gets_no_receipt(member):
    submitted = _submit(member, source="meeting:7")
    assert submitted.receipt_code is None
    assert submitted.report.reporter == member
    assert submitted.report.source == "meeting:7"


@pytest.mark.django_db
def test_a_signed_in_reporter_may_still_report_anonymously(member):
    submitted = _submit(member, anonymous=True)
    assert submitted.report.reporter is None and submitted.receipt_code
    assert submitted.report.evidence.get().captured_by is None


@pytest.mark.django_db
def test_a_bad_upload_refuses_the_whole_report_and_stores_nothing():
    with pytest.raises(EvidenceTypeNotAccepted):
        _submit(files=[("ok.png", PNG), ("evil.png", b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 8)])
    assert not Report.objects.exists()
    assert not EvidenceItem.objects.exists()


@pytest.mark.django_db
def test_a_malformed_post_link_is_refused_and_nothing_is_stored():
    with pytest.raises(InvalidPostLink):
        _submit(post_links=["javascript:alert(1)"])
    assert not Report.objects.exists()


@pytest.mark.django_db
def test_narrative_and_contact_details_are_encrypted_at_rest():
    report = _submit().report
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT what_happened, contact_email, target_name FROM reports_report WHERE id = %s",
            [report.pk],
        )
        row = cursor.fetchone()
    assert all(value.startswith("enc1:") for value in row)
    assert "traitor" not in row[0] and "witness" not in row[1]
    assert Report.objects.get(pk=report.pk).contact_email == "witness@example.org"
