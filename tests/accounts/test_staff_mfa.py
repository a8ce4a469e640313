"""Every staff role must have two-factor authentication before it reaches any staff page."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests.conftest import enable_totp, signed_in
from upstander.accounts.models import User

pytestmark = pytest.mark.django_db

STAFF_PAGES = ["/staff/", "/staff/policies/", "/staff/people/roles/", "/admin/"]


@pytest.mark.parametrize("path", STAFF_PAGES)
def test_staff_without_mfa_are_sent_to_set_it_up(
    client: Client, caseworker_without_mfa: User, path: str
) -> None:
    response = signed_in(client, caseworker_without_mfa).get(path)
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")


def test_staff_with_mfa_reach_the_dashboard(client: Client, caseworker_without_mfa: User) -> None:
    enable_totp(caseworker_without_mfa)
    response = signed_in(client, caseworker_without_mfa).get("/staff/")
    assert response.status_code == 200
    assert "Staff dashboard" in response.content.decode()


def test_members_get_403_on_staff_pages(client: Client, member: User) -> None:
    assert signed_in(client, member).get("/staff/").status_code == 403


def test_members_without_mfa_use_member_pages_freely(client: Client, member: User) -> None:
    assert signed_in(client, member).get(reverse("web:account_home")).status_code == 200


def test_anonymous_visitors_are_sent_to_sign_in(client: Client, db: None) -> None:
    response = client.get("/staff/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize(
    "path", ["/staff/people/roles/", "/staff/people/members/", "/staff/policies/"]
)
def test_case_workers_with_mfa_cannot_open_administrator_pages(
    client: Client, caseworker: User, path: str
) -> None:
    assert signed_in(client, caseworker).get(path).status_code == 403
