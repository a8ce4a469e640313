"""The demo's staff get past two-factor authentication without an app: seed_demo prints their
TOTP secrets and `demo_totp` prints the current code; the demo administrator opens the admin."""

from __future__ import annotations

import time
from io import StringIO

import pytest
import time_machine
from allauth.mfa.totp.internal.auth import validate_totp_code
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from upstander.accounts.models import User
from upstander.accounts.permissions import is_staff_person
from upstander.web.management.commands.seed_demo import DEMO_PASSWORD

pytestmark = pytest.mark.django_db

STAFF = ["admin@demo.upstander.test", "lead@demo.upstander.test", "caseworker@demo.upstander.test"]
PANEL = [f"{seat}{n}@demo.upstander.test" for seat in ("panel", "appeal") for n in (1, 2, 3)]


def _demo_secrets() -> dict[str, str]:
    out = StringIO()
    call_command("seed_demo", stdout=out)
    lines = out.getvalue().split("TOTP secrets", 1)[1].splitlines()[1:]
    return dict(line.split() for line in lines if line.strip())


def _code(email: str) -> str:
    out = StringIO()
    call_command("demo_totp", email, stdout=out)
    return out.getvalue().strip()


def test_seed_demo_prints_each_staff_accounts_totp_secret() -> None:
    secrets = _demo_secrets()
    assert sorted(secrets) == sorted(STAFF + PANEL)
    for email, secret in secrets.items():
        # Code and check in one instant: across a 30-second boundary they would differ.
        with time_machine.travel(time.time(), tick=False):
            assert validate_totp_code(secret, _code(email))


def test_every_demo_staff_account_passes_the_second_factor_with_demo_totps_code() -> None:
    _demo_secrets()
    staff = [user for user in User.objects.order_by("pk") if is_staff_person(user)]
    assert {user.email for user in staff} == set(STAFF + PANEL)
    for user in staff:
        browser = Client()
        response = browser.post(
            reverse("account_login"), {"login": user.email, "password": DEMO_PASSWORD}
        )
        assert response["Location"] == reverse("mfa_authenticate"), user.email
        with time_machine.travel(time.time(), tick=False):
            response = browser.post(reverse("mfa_authenticate"), {"code": _code(user.email)})
        assert response.status_code == 302, user.email
        assert browser.get(reverse("web:staff_dashboard")).status_code == 200, user.email


def test_demo_totp_shows_codes_for_demo_accounts_only() -> None:
    with pytest.raises(CommandError):
        call_command("demo_totp", "someone@example.org", stdout=StringIO())


def test_the_demo_administrator_signs_in_with_both_factors_and_opens_the_admin(
    client: Client,
) -> None:
    _demo_secrets()
    email = "admin@demo.upstander.test"
    response = client.post(reverse("account_login"), {"login": email, "password": DEMO_PASSWORD})
    assert response["Location"] == reverse("mfa_authenticate")
    response = client.post(reverse("mfa_authenticate"), {"code": _code(email)})
    assert response.status_code == 302
    page = client.get("/admin/")
    assert page.status_code == 200
    assert "Site administration" in page.content.decode()
    assert client.get("/staff/").status_code == 200
