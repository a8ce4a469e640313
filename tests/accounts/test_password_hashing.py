"""Passwords are hashed with Argon2; an older PBKDF2 hash is upgraded at the next sign-in."""

from __future__ import annotations

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.hashers import make_password
from django.test import Client
from django.urls import reverse
from pytest_django.fixtures import Settings

from tests.conftest import PASSWORD, make_person
from upstander.accounts.models import User

pytestmark = pytest.mark.django_db


@pytest.fixture
def production_hashers(settings: Settings) -> None:
    from upstander import settings as project_settings

    settings.PASSWORD_HASHERS = project_settings.PASSWORD_HASHERS


def test_argon2_is_the_project_hasher() -> None:
    from upstander import settings as project_settings

    assert project_settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
    assert django_settings.AUTHENTICATION_BACKENDS == [
        "django.contrib.auth.backends.ModelBackend",
        "allauth.account.auth_backends.AuthenticationBackend",
    ]


def test_pbkdf2_hashes_are_upgraded_to_argon2_at_sign_in(
    client: Client, production_hashers: None
) -> None:
    user = make_person("old.hash@example.org")
    User.objects.filter(pk=user.pk).update(password=make_password(PASSWORD, hasher="pbkdf2_sha256"))
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.password.startswith("argon2$")
