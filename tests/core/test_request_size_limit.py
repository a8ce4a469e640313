from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.reports.test_report_pages import PNG, _form
from upstander.evidence.models import EvidenceItem
from upstander.reports.models import Report


@pytest.mark.django_db
def test_an_upload_over_the_request_limit_is_refused_unread_with_a_clear_page(client, settings):
    settings.UPLOAD_MAX_REQUEST_BYTES = 64 * 1024
    large = SimpleUploadedFile("shot.png", PNG + b"\x00" * 100_000, content_type="image/png")

    response = client.post(reverse("reports:new"), _form(uploads=large))

    assert response.status_code == 413
    page = response.content.decode()
    assert "This upload is too large" in page
    assert "at most 64.0\xa0KB can be sent at once" in page and "Nothing was saved" in page
    assert not Report.objects.exists() and not EvidenceItem.objects.exists()


@pytest.mark.django_db
def test_an_htmx_upload_over_the_limit_gets_the_reason_as_text(client, settings):
    settings.UPLOAD_MAX_REQUEST_BYTES = 1024 * 1024
    large = SimpleUploadedFile("shot.png", PNG + b"\x00" * 1_200_000, content_type="image/png")

    response = client.post(reverse("reports:new"), _form(uploads=large), HTTP_HX_REQUEST="true")

    assert response.status_code == 413
    assert response["Content-Type"].startswith("text/plain")
    assert "at most 1.0\xa0MB can be sent at once" in response.content.decode()


@pytest.mark.django_db
def test_an_upload_under_the_limit_goes_through(client, settings):
    settings.UPLOAD_MAX_REQUEST_BYTES = 64 * 1024

    response = client.post(reverse("reports:new"), _form())

    assert response.status_code == 302
    assert Report.objects.count() == 1
