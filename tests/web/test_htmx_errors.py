"""One place in the layout shows why an htmx action failed; the script obeys the CSP."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.test import Client

pytestmark = pytest.mark.django_db

REGION = (
    '<div id="htmx-error" class="htmx-error" role="alert" aria-live="assertive" '
    'aria-atomic="true"></div>'
)


def test_the_base_layout_has_one_error_region_and_loads_its_script(client: Client) -> None:
    html = client.get("/").content.decode()
    assert html.count('id="htmx-error"') == 1
    assert REGION in html
    assert '<script src="/static/web/htmx-errors.js" defer></script>' in html


def test_the_error_script_is_a_static_file_the_csp_allows() -> None:
    found = finders.find("web/htmx-errors.js")
    assert found is not None
    script = Path(str(found)).read_text(encoding="utf-8")
    for event in ("htmx:responseError", "htmx:sendError", "htmx:beforeRequest"):
        assert event in script
    # Server text goes in as text, never as markup.
    assert "textContent" in script
    assert ".innerHTML" not in script
    # Self-hosted script only: no inline script or eval needed.
    assert settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]["script-src"] == ["'self'"]


def test_the_layout_has_no_inline_script(client: Client) -> None:
    html = client.get("/").content.decode()
    assert "<script>" not in html
    assert html.count("<script ") == html.count("<script src=")
