"""The roles page: administrators grant and revoke through the audited services."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests.conftest import signed_in
from upstander.accounts.models import Role, User
from upstander.accounts.permissions import has_role

pytestmark = pytest.mark.django_db


def test_an_administrator_grants_a_role_from_the_page(
    client: Client, administrator: User, member: User
) -> None:
    response = signed_in(client, administrator).post(
        reverse("accounts:staff_roles"),
        {"email": member.email, "role": Role.PANEL_MEMBER, "action": "grant"},
    )
    assert response.status_code == 302
    assert has_role(User.objects.get(pk=member.pk), Role.PANEL_MEMBER)


def test_an_unknown_person_is_reported_and_nothing_changes(
    client: Client, administrator: User
) -> None:
    response = signed_in(client, administrator).post(
        reverse("accounts:staff_roles"),
        {"email": "nobody@example.org", "role": Role.PANEL_MEMBER, "action": "grant"},
    )
    assert response.status_code == 400
    assert "Nobody with a login" in response.content.decode()


def test_a_refused_change_shows_the_rule(client: Client, administrator: User) -> None:
    response = signed_in(client, administrator).post(
        reverse("accounts:staff_roles"),
        {"email": administrator.email, "role": Role.ADMINISTRATOR, "action": "revoke"},
    )
    assert response.status_code == 400
    assert "at least one administrator" in response.content.decode()
