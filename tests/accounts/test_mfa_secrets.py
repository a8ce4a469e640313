"""TOTP keys and recovery-code seeds are secrets: encrypted at rest and through key rotation."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator
from io import StringIO

import pytest
from allauth.mfa.adapter import get_adapter
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP
from cryptography.fernet import Fernet
from django.apps import apps
from django.core.management import call_command
from django.db import connection
from pytest_django.fixtures import Settings

from tests.conftest import enable_totp, make_person
from upstander.accounts.management.commands.demo_totp import current_code
from upstander.accounts.models import Role, User
from upstander.core.crypto import PREFIX, encrypt_text, reset_key_cache

pytestmark = pytest.mark.django_db
migration = importlib.import_module("upstander.accounts.migrations.0007_encrypt_mfa_secrets")


def stored_data(user: User) -> list[str]:
    """The authenticators' JSON column as the database holds it (no model, no adapter)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT data FROM mfa_authenticator WHERE user_id = %s", [user.pk])
        return [str(row[0]) for row in cursor.fetchall()]


@pytest.fixture
def old_key(settings: Settings) -> Iterator[str]:
    key = Fernet.generate_key().decode()
    settings.FIELD_ENCRYPTION_KEYS = [key]
    reset_key_cache()
    yield key
    reset_key_cache()


def test_a_totp_key_is_not_stored_in_the_clear(
    caseworker: User, totp_secret: Callable[[User], str]
) -> None:
    secret = totp_secret(caseworker)
    (stored,) = stored_data(caseworker)
    assert secret not in stored
    assert PREFIX in stored
    totp = TOTP(Authenticator.objects.get(user=caseworker, type=Authenticator.Type.TOTP))
    assert totp.validate_code(current_code(secret))  # and it still signs them in


def test_a_recovery_code_seed_is_not_stored_in_the_clear(caseworker: User) -> None:
    codes = RecoveryCodes.activate(caseworker)
    stored_seed = codes.instance.data["seed"]
    assert stored_seed.startswith(PREFIX)
    plain_seed = get_adapter().decrypt(stored_seed)
    assert all(plain_seed not in row for row in stored_data(caseworker))
    assert codes.validate_code(codes.get_unused_codes()[0])


def test_totp_keys_stay_usable_after_a_key_rotation(settings: Settings, old_key: str) -> None:
    lead = make_person("lee.lead@example.org", Role.SAFEGUARDING_LEAD)
    secret = enable_totp(lead)
    new_key = Fernet.generate_key().decode()
    settings.FIELD_ENCRYPTION_KEYS = [new_key, old_key]
    reset_key_cache()
    call_command("rotate_field_keys", stdout=StringIO())
    settings.FIELD_ENCRYPTION_KEYS = [new_key]  # the old key is gone
    reset_key_cache()
    totp = TOTP(Authenticator.objects.get(user=lead, type=Authenticator.Type.TOTP))
    assert totp.validate_code(current_code(secret))


def test_the_migration_encrypts_keys_stored_before_and_can_undo_it(caseworker: User) -> None:
    authenticator = Authenticator.objects.get(user=caseworker, type=Authenticator.Type.TOTP)
    plain = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
    Authenticator.objects.filter(pk=authenticator.pk).update(data={"secret": plain})
    migration.encrypt(apps, None)
    (stored,) = stored_data(caseworker)
    assert plain not in stored
    totp = TOTP(Authenticator.objects.get(pk=authenticator.pk))
    assert totp.validate_code(current_code(plain))
    migration.decrypt(apps, None)
    assert Authenticator.objects.get(pk=authenticator.pk).data == {"secret": plain}
    migration.encrypt(apps, None)
    once = Authenticator.objects.get(pk=authenticator.pk).data["secret"]
    migration.encrypt(apps, None)  # a second run leaves encrypted values alone
    assert Authenticator.objects.get(pk=authenticator.pk).data["secret"] == once
    assert once != encrypt_text(plain)  # Fernet tokens differ each time: it was not redone
