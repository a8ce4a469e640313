from __future__ import annotations

import re
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.conftest import signed_in
from upstander.accounts.models import HashedSession
from upstander.accounts.sessions import SessionStore
from upstander.core.submissions import submission_key_new
from upstander.evidence.models import EvidenceItem
from upstander.reports.models import Report, ReportMessage
from upstander.reports.services import report_submit
from upstander.reports.views import FRESH_RECEIPT_KEY, SESSION_KEY

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
        # What the rendered form carries: a fresh key for each page.
        "submission_key": submission_key_new(),
    }
    data.update(overrides)
    return data


def _receipt_from(response) -> str:
    match = re.search(rb'id="receipt-code"><strong>([0-9 ]+)</strong>', response.content)
    assert match, response.content
    return match.group(1).decode()


@pytest.mark.django_db
def test_an_anonymous_report_shows_its_receipt_once_and_opens_with_it(client):
    sent = client.post(reverse("reports:new"), _form())
    assert sent.status_code == 302 and sent["Location"] == reverse("reports:sent")
    response = client.get(sent["Location"])
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
def test_the_receipt_code_waiting_for_its_page_is_not_readable_in_the_session_table(client):
    sent = client.post(reverse("reports:new"), _form())
    # What a copy of the database holds: the rows' data, decoded as anyone can (signed only).
    rows = HashedSession.objects.values_list("session_data", flat=True)
    stored = [SessionStore().decode(row) for row in rows]
    code = _receipt_from(client.get(sent["Location"]))
    held = [data[FRESH_RECEIPT_KEY]["receipt"] for data in stored if FRESH_RECEIPT_KEY in data]
    assert len(held) == 1
    assert code not in held[0] and code.replace(" ", "") not in held[0]


@pytest.mark.django_db
def test_an_anonymous_report_by_a_signed_in_member_is_not_tied_to_their_login(client, member):
    browser = signed_in(client, member)
    sent = browser.post(reverse("reports:new"), _form(anonymous="on"))
    assert sent.status_code == 302
    report = Report.objects.get()
    assert report.reporter is None
    # A copy of the database holds the session rows (signed, readable): none ties them.
    rows = HashedSession.objects.values_list("session_data", flat=True)
    for data in (SessionStore().decode(row) for row in rows):
        if str(data.get("_auth_user_id")) == str(member.pk):
            assert report.pk not in data.get(SESSION_KEY, [])
            assert "report" not in data.get(FRESH_RECEIPT_KEY, {})
    code = _receipt_from(browser.get(sent["Location"]))
    opened = browser.post(reverse("reports:receipt"), {"code": code})  # they follow it up so
    assert opened.status_code == 302


@pytest.mark.django_db
def test_a_bad_upload_is_refused_with_a_message_and_nothing_is_stored(client):
    bad = SimpleUploadedFile("cat.png", b"#!/bin/sh\x00rm -rf /", content_type="image/png")
    response = client.post(reverse("reports:new"), _form(uploads=bad))
    assert response.status_code == 400
    assert b"not accepted" in response.content
    assert not Report.objects.exists() and not EvidenceItem.objects.exists()


@pytest.mark.usefixtures("one_rate_limit_window")
@pytest.mark.django_db
def test_a_wrong_receipt_gets_a_clear_message_and_guessing_is_throttled(client):
    for _ in range(10):
        response = client.post(reverse("reports:receipt"), {"code": "1" * 24})
        assert response.status_code == 400
        assert b"could not find" in response.content
    response = client.post(reverse("reports:receipt"), {"code": "1" * 24})
    assert response.status_code == 429


@pytest.mark.usefixtures("one_rate_limit_window")
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
    assert response.status_code == 302


@pytest.mark.django_db
def test_a_signed_in_reporter_sees_their_reports_in_their_account(client, member):
    signed_in(client, member)
    response = client.post(reverse("reports:new"), _form(), follow=True)
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


@pytest.mark.django_db
def test_reloading_the_receipt_page_files_nothing(client):
    sent = client.post(reverse("reports:new"), _form())
    assert sent.status_code == 302 and sent["Location"] == reverse("reports:sent")
    first = client.get(sent["Location"])
    code = _receipt_from(first)
    reloaded = client.get(sent["Location"])
    assert reloaded.status_code == 200
    # The code was shown once; the reload shows no code, old or new, and files nothing.
    assert b"receipt-code" not in reloaded.content
    assert code.encode() not in reloaded.content
    assert b"receipt-already-shown" in reloaded.content
    assert Report.objects.count() == 1


@pytest.mark.django_db
def test_double_submit_creates_one_report(client):
    form = _form()
    first = client.post(reverse("reports:new"), form)
    form["uploads"].seek(0)
    second = client.post(reverse("reports:new"), form)
    assert first["Location"] == second["Location"] == reverse("reports:sent")
    assert Report.objects.count() == 1
    # The first sending's receipt is still there to be shown, once.
    page = client.get(reverse("reports:sent"))
    assert b"already sent" in page.content
    _receipt_from(page)


@pytest.mark.django_db
def test_a_report_without_its_form_key_is_refused_with_a_clear_message(client):
    form = _form()
    del form["submission_key"]
    response = client.post(reverse("reports:new"), form)
    assert response.status_code == 400
    assert b"not sent in full" in response.content
    assert not Report.objects.exists()
    # The page comes back with a fresh key, so sending it again works.
    key = re.search(rb'name="submission_key" value="([^"]+)"', response.content)
    assert key is not None and len(key.group(1)) >= 16


@pytest.mark.django_db
def test_a_file_over_the_evidence_limit_is_refused_by_its_size_before_it_is_read(client, settings):
    settings.EVIDENCE_MAX_BYTES = 1024
    large = SimpleUploadedFile("big.png", PNG + b"\x00" * 2048, content_type="image/png")

    response = client.post(reverse("reports:new"), _form(uploads=large))

    assert response.status_code == 400
    assert "big.png: larger than 1.0\xa0KB" in response.content.decode()
    assert not Report.objects.exists() and not EvidenceItem.objects.exists()


@pytest.mark.django_db
def test_a_refused_message_from_the_reporter_keeps_what_they_typed(client):
    client.post(reverse("reports:new"), _form())
    report = Report.objects.get()
    message = "He has started again from a new account, @troll2, every night this week. " * 150
    response = client.post(reverse("reports:message", args=[report.pk]), {"body": message})
    assert response.status_code == 400
    body = response.content.decode()
    assert "Your message to the case worker: Ensure this value has at most 10000" in body
    assert message.strip() in body
    assert not ReportMessage.objects.exists()


@pytest.mark.django_db
def test_refused_evidence_from_the_reporter_keeps_the_text_and_asks_for_the_files_again(client):
    client.post(reverse("reports:new"), _form())
    report = Report.objects.get()
    text = "21:04 @troll: you will not make it to the count"
    bad = SimpleUploadedFile("cat.png", b"#!/bin/sh\x00rm -rf /", content_type="image/png")
    response = client.post(
        reverse("reports:evidence", args=[report.pk]), {"uploads": bad, "text": text}
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Nothing was added. This file type is not accepted." in body
    assert text in body
    assert 'id="id_uploads_not_kept"' in body and "Please choose them again." in body
    file_input = re.search(r'<input type="file"[^>]*>', body)
    assert (
        file_input
        and 'aria-describedby="id_uploads_not_kept id_uploads_error"' in file_input.group(0)
    )
    assert report.evidence.count() == 1
