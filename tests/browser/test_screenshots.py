"""README screenshots at 1280x900; only with UPSTANDER_SCREENSHOTS=1, so the suite writes nothing.

UPSTANDER_SCREENSHOTS=1 .venv/bin/python -m pytest tests/browser/test_screenshots.py -q
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from tests.browser.helpers import sign_in
from tests.conftest import enable_totp
from upstander.accounts.models import User
from upstander.web.management.commands.seed_demo import DEMO_PASSWORD

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        os.environ.get("UPSTANDER_SCREENSHOTS") != "1",
        reason="writes docs/screenshots/*.png; set UPSTANDER_SCREENSHOTS=1 to refresh them",
    ),
]

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def test_readme_screenshots_show_the_demo_site(live_server: Any, page: Any) -> None:
    call_command("seed_demo", quiet=True)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    base = live_server.url

    for name, path in [
        ("home", "/"),
        ("behaviour-policy", "/policies/behaviour/"),
        ("sign-in", "/accounts/login/"),
    ]:
        page.goto(f"{base}{path}")
        page.screenshot(path=str(SCREENSHOTS / f"{name}.png"))

    admin = User.objects.get(email="admin@demo.upstander.test")
    secret = enable_totp(admin)
    sign_in(page, base, admin.email, DEMO_PASSWORD, totp_secret=secret)
    page.goto(f"{base}/staff/")
    assert page.url.endswith("/staff/"), page.url
    page.screenshot(path=str(SCREENSHOTS / "staff-dashboard.png"))

    for name in ("home", "behaviour-policy", "sign-in", "staff-dashboard"):
        assert (SCREENSHOTS / f"{name}.png").stat().st_size > 10_000, name
