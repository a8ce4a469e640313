"""The public report form follows the GOV.UK patterns for questions and errors."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from upstander.core.submissions import submission_key_new
from upstander.reports.forms import ReportForm
from upstander.reports.models import Report

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def _form(**overrides: Any) -> dict[str, Any]:
    data = {
        "target_kind": "myself",
        "platform": "bluesky",
        "what_happened": "Replies calling me a traitor.",
        "post_links": "https://bsky.app/profile/troll.bsky.social/post/1",
        "submission_key": submission_key_new(),
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def _summary(html: str) -> str:
    match = re.search(r'<div class="error-summary"[^>]*>(.*?)</div>', html, re.S)
    assert match, html
    return match.group(0)


@pytest.mark.django_db
def test_the_error_summary_links_to_each_failing_field(client):
    response = client.post(
        reverse("reports:new"),
        _form(target_kind=None, platform=None, what_happened="", post_links="http://localhost"),
    )
    assert response.status_code == 400
    html = response.content.decode()
    summary = _summary(html)
    assert 'role="alert"' in summary and 'tabindex="-1"' in summary and "autofocus" in summary
    assert "There is a problem" in summary
    links = re.findall(r'<a href="#([^"]+)">', summary)
    assert links == ["id_target_kind", "id_platform", "id_post_links", "id_what_happened"]
    for anchor in links:
        assert f'id="{anchor}"' in html
    assert not Report.objects.exists()


@pytest.mark.django_db
def test_errors_are_shown_at_their_field_and_described_to_assistive_technology(client):
    response = client.post(reverse("reports:new"), _form(what_happened=""))
    html = response.content.decode()
    textarea = re.search(r'<textarea name="what_happened"[^>]*>', html)
    assert textarea is not None
    assert 'aria-invalid="true"' in textarea.group(0)
    assert 'aria-describedby="id_what_happened_error"' in textarea.group(0)
    assert re.search(r'id="id_what_happened_error"><li>Tell us what happened.</li>', html)


@pytest.mark.django_db
def test_the_form_key_still_makes_one_report_after_the_page_is_corrected(client):
    form = _form(platform=None)
    refused = client.post(reverse("reports:new"), form)
    assert refused.status_code == 400
    key = re.search(rb'name="submission_key" value="([^"]+)"', refused.content)
    assert key is not None and key.group(1).decode() == form["submission_key"]
    form["platform"] = "bluesky"
    assert client.post(reverse("reports:new"), form).status_code == 302
    assert client.post(reverse("reports:new"), form).status_code == 302
    assert Report.objects.count() == 1


def test_no_platform_is_chosen_by_default_and_one_must_be_chosen():
    html = str(ReportForm()["platform"])
    assert '<option value="" selected>Choose…</option>' in html
    assert html.count("selected") == 1
    form = ReportForm(data=_form(platform=None))
    assert not form.is_valid()
    assert form.errors["platform"] == ["Choose where it happened."]


@pytest.mark.django_db
def test_a_bluesky_link_without_a_scheme_is_accepted_and_stored_with_https(client):
    response = client.post(reverse("reports:new"), _form(post_links="bsky.app/profile/x/post/y"))
    assert response.status_code == 302
    assert Report.objects.get().post_links == ["https://bsky.app/profile/x/post/y"]


@pytest.mark.parametrize(
    "link",
    [
        "http://localhost",
        "http://localhost:8000/admin/",
        "localhost:8000/x",
        "http://127.0.0.1/x",
        "http://[::1]/",
        "http://10.0.0.7/post",
        "http://192.168.1.1/",
        "http://169.254.169.254/latest/meta-data",
        "javascript:alert(1)",
        "ftp://example.org/post",
        "file:///etc/passwd",
    ],
)
@pytest.mark.django_db
def test_localhost_private_addresses_and_other_schemes_are_refused_at_the_links_field(client, link):
    response = client.post(reverse("reports:new"), _form(post_links=link))
    assert response.status_code == 400
    html = response.content.decode()
    error = re.search(r'<ul class="errorlist" id="id_post_links_error">(.*?)</ul>', html, re.S)
    assert error is not None, html
    assert "local or private address" in error.group(1) or "not a link to a web page" in (
        error.group(1)
    )
    assert '<a href="#id_post_links">' in _summary(html)
    assert not Report.objects.exists()


@pytest.mark.django_db
def test_after_an_error_the_file_field_asks_for_the_files_again(client):
    shot = SimpleUploadedFile("shot.png", PNG, content_type="image/png")
    response = client.post(reverse("reports:new"), _form(what_happened="", uploads=shot))
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="id_uploads_not_kept"' in html
    assert ReportForm.FILES_NOT_KEPT in html
    file_input = re.search(r'<input type="file" name="uploads"[^>]*>', html)
    assert file_input is not None
    assert 'aria-describedby="id_uploads_not_kept"' in file_input.group(0)


@pytest.mark.django_db
def test_without_chosen_files_no_message_about_files_is_shown(client):
    response = client.post(reverse("reports:new"), _form(what_happened=""))
    assert "id_uploads_not_kept" not in response.content.decode()


@pytest.mark.django_db
def test_a_refused_upload_is_shown_at_the_file_field(client):
    bad = SimpleUploadedFile("cat.png", b"#!/bin/sh\x00rm -rf /", content_type="image/png")
    response = client.post(reverse("reports:new"), _form(uploads=bad))
    assert response.status_code == 400
    html = response.content.decode()
    assert '<a href="#id_uploads">' in _summary(html)
    assert 'id="id_uploads_error"' in html and 'id="id_uploads_not_kept"' in html
