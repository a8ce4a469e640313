"""A staff session reaches no staff page or file until it has passed the second factor, and it
ends when idle or too old."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import timedelta

import pytest
import time_machine
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib.auth import SESSION_KEY
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from django.urls.resolvers import RegexPattern, RoutePattern
from django.utils import timezone

from tests.conftest import (
    PASSWORD,
    enable_totp,
    make_person,
    signed_in,
    signed_in_with_password_only,
)
from upstander.accounts.models import Role, User
from upstander.accounts.staff_sessions import PUBLIC_PAGES

pytestmark = pytest.mark.django_db

# Values for path converters and regex groups: the first that fits the group is used.
_SAMPLES = ("1", "accounts", "abc")


@pytest.fixture
def superuser(db: None) -> User:
    user = User.objects.create_superuser(email="sam.super@example.org", password=PASSWORD)
    EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=True)
    enable_totp(user)
    return user


def _concrete(pattern: RoutePattern | RegexPattern) -> str:
    """The pattern with each converter or group filled with a sample value."""
    if isinstance(pattern, RoutePattern):
        return re.sub(
            r"<(?:(\w+):)?(\w+)>",
            lambda m: "abc" if m.group(1) in ("str", "slug") else "1",
            str(pattern),
        )
    text = str(pattern).lstrip("^").rstrip("$")

    def fill(match: re.Match[str]) -> str:
        return next(s for s in _SAMPLES if re.fullmatch(match.group(2), s))

    return re.sub(r"\(\?P<(\w+)>([^()]*)\)", fill, text)


def every_url(
    patterns: list[URLPattern | URLResolver] | None = None, prefix: str = "/"
) -> Iterator[str]:
    """Every URL the URLconf serves, with sample values in its variable parts."""
    if patterns is None:
        patterns = get_resolver().url_patterns
    for entry in patterns:
        here = prefix + _concrete(entry.pattern)  # type: ignore[arg-type]
        if isinstance(entry, URLResolver):
            yield from every_url(entry.url_patterns, here)
        else:
            yield here


def _is_public(path: str) -> bool:
    return resolve(path).view_name in PUBLIC_PAGES


def test_every_url_is_listed() -> None:
    urls = set(every_url())
    for path in (
        "/staff/cases/",
        "/admin/",
        "/networks/",
        "/discipline/letters/1/",
        "/discipline/letters/1.pdf",
        "/staff/cases/1/evidence-pack/",
    ):
        assert path in urls
    assert len(urls) > 200


def test_password_only_session_reaches_no_staff_data(client: Client, superuser: User) -> None:
    signed_in_with_password_only(client, superuser)
    reauthenticate = reverse("mfa_reauthenticate")
    guarded = [path for path in every_url() if not _is_public(path)]
    assert len(guarded) > 200
    for path in guarded:
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"].startswith(reauthenticate), path
    # The same person, once this session has passed the second factor, gets the pages.
    signed_in(client, superuser)
    for path in ("/staff/cases/", "/admin/", "/networks/"):
        assert client.get(path).status_code == 200, path


@pytest.mark.parametrize("path", ["/networks/", "/discipline/letters/", "/discipline/letters/1/"])
def test_staff_without_an_authenticator_reach_no_member_page_either(
    client: Client, path: str
) -> None:
    lead = make_person("nia.lead@example.org", Role.SAFEGUARDING_LEAD, Role.MEMBER)
    response = signed_in(client, lead).get(path)
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")


def test_a_script_prefix_does_not_bypass_the_second_factor(client: Client, superuser: User) -> None:
    signed_in_with_password_only(client, superuser)
    response = client.get("/staff/cases/", SCRIPT_NAME="/upstander")
    assert response.status_code == 302
    assert reverse("mfa_reauthenticate") in response["Location"]


def test_public_pages_stay_open_to_a_password_only_session(client: Client, superuser: User) -> None:
    signed_in_with_password_only(client, superuser)
    for name in ("web:home", "reports:new", "reports:sent", "mfa_reauthenticate", "account_logout"):
        assert client.get(reverse(name)).status_code == 200, name


def test_admin_login_form_cannot_skip_second_factor(client: Client, superuser: User) -> None:
    assert Authenticator.objects.filter(user=superuser).exists()
    response = client.post(
        "/admin/login/?next=/admin/",
        {"username": superuser.email, "password": PASSWORD, "next": "/admin/"},
    )
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert SESSION_KEY not in client.session
    for path in ("/admin/", "/staff/cases/", "/staff/"):
        assert client.get(path).status_code == 302, path
    # allauth's own form asks for the code before signing the person in.
    response = client.post(
        reverse("account_login"), {"login": superuser.email, "password": PASSWORD}
    )
    assert response["Location"] == reverse("mfa_authenticate")
    assert SESSION_KEY not in client.session
    assert client.get("/admin/").status_code == 302


def test_the_administrator_with_both_factors_opens_the_admin(
    client: Client, superuser: User
) -> None:
    assert signed_in(client, superuser).get("/admin/").status_code == 200


def test_staff_session_expires_when_idle(client: Client, caseworker: User) -> None:
    with time_machine.travel(timezone.now(), tick=False) as clock:
        signed_in(client, caseworker)
        assert client.get("/staff/").status_code == 200
        clock.shift(timedelta(minutes=29))
        assert client.get("/staff/").status_code == 200
        clock.shift(timedelta(minutes=31))
        response = client.get("/staff/")
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))
        assert SESSION_KEY not in client.session


def test_staff_session_ends_after_its_lifetime_however_busy(
    client: Client, caseworker: User
) -> None:
    with time_machine.travel(timezone.now(), tick=False) as clock:
        signed_in(client, caseworker)
        for _ in range(12 * 3 + 1):  # every 20 minutes, up to 12 h after signing in
            assert client.get("/staff/").status_code == 200
            clock.shift(timedelta(minutes=20))
        response = client.get("/staff/")
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))


def test_members_sessions_do_not_time_out_as_staff_do(client: Client, member: User) -> None:
    with time_machine.travel(timezone.now(), tick=False) as clock:
        signed_in(client, member)
        clock.shift(timedelta(hours=2))
        assert client.get(reverse("web:account_home")).status_code == 200
