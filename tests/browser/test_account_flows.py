"""Accounts end to end in a real browser: register, verify, sign in, set up TOTP; staff need MFA."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.core import mail

from tests.browser.helpers import (
    new_context,
    reauthenticate_if_asked,
    sign_in,
    submit_form_of,
    totp_code,
)
from tests.conftest import PASSWORD, enable_totp
from upstander.accounts.models import User

pytestmark = pytest.mark.browser

NEW_EMAIL = "rowan.newcomer@example.org"
NEW_PASSWORD = "a-long-and-unusual-passphrase-42"
TOTP_ACTIVATE = "/accounts/2fa/totp/activate/"


def _verification_path() -> str:
    assert len(mail.outbox) == 1, [m.subject for m in mail.outbox]
    message = mail.outbox[0]
    assert message.to == [NEW_EMAIL]
    links = re.findall(r"https?://\S+/accounts/confirm-email/\S+/", str(message.body))
    assert links, f"no verification link in the mail:\n{message.body}"
    return str(urlsplit(links[0]).path)


def test_a_newcomer_can_register_verify_sign_in_and_set_up_totp(
    live_server: Any, page: Any
) -> None:
    base = live_server.url

    page.goto(f"{base}/accounts/signup/")
    page.fill("input[name=email]", NEW_EMAIL)
    page.fill("input[name=password1]", NEW_PASSWORD)
    page.fill("input[name=password2]", NEW_PASSWORD)
    submit_form_of(page, "input[name=password1]")
    assert "/accounts/confirm-email/" in page.url, page.inner_text("main")
    assert not EmailAddress.objects.filter(email=NEW_EMAIL, verified=True).exists()

    page.goto(f"{base}{_verification_path()}")
    submit_form_of(page, "[type=submit]")
    assert EmailAddress.objects.filter(email=NEW_EMAIL, verified=True).exists()

    # allauth may sign the person in on confirmation; sign out so the real form is used.
    page.context.clear_cookies()
    sign_in(page, base, NEW_EMAIL, NEW_PASSWORD)

    page.goto(f"{base}{TOTP_ACTIVATE}")
    reauthenticate_if_asked(page, NEW_PASSWORD)
    if TOTP_ACTIVATE not in page.url:
        page.goto(f"{base}{TOTP_ACTIVATE}")
    secret = page.input_value("#authenticator_secret")
    assert re.fullmatch(r"[A-Z2-7]{16,}=*", secret), secret
    page.fill("input[name=code]", totp_code(secret))
    submit_form_of(page, "input[name=code]")

    user = User.objects.get(email=NEW_EMAIL)
    assert Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
    assert TOTP_ACTIVATE not in page.url, page.inner_text("main")
    # Recovery codes come with TOTP; allauth shows them (or says TOTP is on) after set-up.
    assert re.search(r"recovery codes|authenticator app", page.inner_text("main"), re.I)


def test_staff_without_mfa_cannot_reach_staff_pages(
    live_server: Any, page: Any, browser: Any, caseworker_without_mfa: User
) -> None:
    base = live_server.url
    email = caseworker_without_mfa.email
    sign_in(page, base, email, PASSWORD)

    # The first try lands on TOTP set-up, through allauth's password re-check that guards it.
    page.goto(f"{base}/staff/")
    reauthenticate_if_asked(page, PASSWORD)
    assert urlsplit(page.url).path == TOTP_ACTIVATE, page.url

    for staff_path in ("/staff/", "/staff/policies/", "/staff/people/roles/", "/admin/"):
        page.goto(f"{base}{staff_path}")
        assert urlsplit(page.url).path == TOTP_ACTIVATE, f"{staff_path} -> {page.url}"
        assert "two-factor authentication" in page.inner_text("main"), staff_path

    secret = enable_totp(caseworker_without_mfa)

    # With TOTP on, a fresh sign-in asks for the code and then the staff area opens.
    fresh = new_context(browser)
    try:
        staff_page = fresh.new_page()
        sign_in(staff_page, base, email, PASSWORD, totp_secret=secret)
        staff_page.goto(f"{base}/staff/")
        assert urlsplit(staff_page.url).path == "/staff/"
        assert staff_page.locator("h1").first.inner_text() == "Staff dashboard"
    finally:
        fresh.close()
