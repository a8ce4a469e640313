from __future__ import annotations

import re
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.conftest import signed_in
from upstander.evidence.models import EvidenceItem
from upstander.reports.models import Report, ReportMessage
from upstander.reports.services import report_submit

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
SCRIPT = '<script>alert("x")</script>'


def _form(**overrides: Any) -> dict[str, Any]:
    data = {
        "target_kind": "myself",
        "platform": "x",
        "what_happened": f"He keeps replying {SCRIPT}",
        "post_links": "https://x.com/troll/status/1",
        "offending_accounts": "@troll",
        "uploads": SimpleUploadedFile("shot.png", PNG, content_type="image/png"),
    }
    data.update(overrides)
    return data


def _receipt_from(response) -> str:
    match = re.search(rb'id="receipt-code"><strong>([0-9 ]+)</strong>', response.content)
    assert match, response.content
    return match.group(1).decode()


@pytest.mark.django_db
def test_an_anonymous_report_shows_its_receipt_once_and_opens_with_it(client):
    response = client.post(reverse("reports:new"), _form())
    assert response.status_code == 200
    code = _receipt_from(response)
    assert len(code.replace(" ", "")) == 24
    assert "no-store" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]
    report = Report.objects.get()
    fresh = client.__class__()
    assert fresh.get(reverse("reports:status", args=[report.pk])).status_code == 404
    opened = fresh.post(reverse("reports:receipt"), {"code": code})
    assert opened.status_code == 302
    page = fresh.get(opened["Location"])
    assert b"Received" in page.content and code.encode() not in page.content


@pytest.mark.django_db
def test_a_bad_upload_is_refused_with_a_message_and_nothing_is_stored(client):
    bad = SimpleUploadedFile("cat.png", b"#!/bin/sh\x00rm -rf /", content_type="image/png")
    response = client.post(reverse("reports:new"), _form(uploads=bad))
    assert response.status_code == 400
    assert b"not accepted" in response.content
    assert not Report.objects.exists() and not EvidenceItem.objects.exists()


@pytest.mark.django_db
def test_a_wrong_receipt_gets_a_clear_message_and_guessing_is_throttled(client):
    for _ in range(10):
        response = client.post(reverse("reports:receipt"), {"code": "1" * 24})
        assert response.status_code == 400
        assert b"could not find" in response.content
    response = client.post(reverse("reports:receipt"), {"code": "1" * 24})
    assert response.status_code == 429


@pytest.mark.django_db
def test_behind_the_proxy_one_guesser_does_not_lock_out_every_reporter(client, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    code = report_submit(
        None, target_kind="myself", platform="x", what_happened="Threats in my replies."
    ).receipt_code
    proxy: dict[str, Any] = {"REMOTE_ADDR": "10.0.0.1"}
    for _ in range(11):
        client.post(
            reverse("reports:receipt"),
            {"code": "1" * 24},
            HTTP_X_FORWARDED_FOR="203.0.113.9",
            **proxy,
        )
    guesser = client.post(
        reverse("reports:receipt"), {"code": "1" * 24}, HTTP_X_FORWARDED_FOR="203.0.113.9", **proxy
    )
    assert guesser.status_code == 429
    reporter = client.post(
        reverse("reports:receipt"), {"code": code}, HTTP_X_FORWARDED_FOR="198.51.100.7", **proxy
    )
    assert reporter.status_code == 302


@pytest.mark.django_db
def test_the_reporter_exchanges_messages_and_adds_evidence_with_the_receipt(client):
    response = client.post(reverse("reports:new"), _form())
    report = Report.objects.get()
    client.post(reverse("reports:message", args=[report.pk]), {"body": f"More {SCRIPT}"})
    assert ReportMessage.objects.get().sender == "reporter"
    client.post(
        reverse("reports:evidence", args=[report.pk]),
        {"uploads": SimpleUploadedFile("b.png", PNG + b"1", content_type="image/png")},
    )
    assert report.evidence.count() == 2
    page = client.get(reverse("reports:status", args=[report.pk]))
    assert SCRIPT.encode() not in page.content
    assert b"&lt;script&gt;" in page.content
    assert response.status_code == 200


@pytest.mark.django_db
def test_a_signed_in_reporter_sees_their_reports_in_their_account(client, member):
    signed_in(client, member)
    response = client.post(reverse("reports:new"), _form())
    assert b"receipt-code" not in response.content
    report = Report.objects.get()
    assert report.reporter == member
    listing = client.get(reverse("reports:mine"))
    assert reverse("reports:status", args=[report.pk]).encode() in listing.content
    assert client.get(reverse("reports:status", args=[report.pk])).status_code == 200


@pytest.mark.django_db
def test_disclosing_identity_later_is_recorded_and_final(client, member):
    client.post(reverse("reports:new"), _form())
    report = Report.objects.get()
    signed_in(client, member)
    client.post(reverse("reports:disclose", args=[report.pk]))
    report.refresh_from_db()
    assert report.reporter == member and report.identity_disclosed_at is not None
    response = client.post(reverse("reports:disclose", args=[report.pk]), follow=True)
    assert b"already shows who made it" in response.content
