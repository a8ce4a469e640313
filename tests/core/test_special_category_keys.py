"""After a key rotation, special category fields still read and blind indexes still find."""

from __future__ import annotations

from collections.abc import Iterator
from io import StringIO

import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command

from tests.cases.helpers import consulted_case
from upstander.accounts.models import User
from upstander.accounts.selectors import members_list
from upstander.accounts.services import members_import_csv
from upstander.cases.models import Consultation
from upstander.core.crypto import reset_key_cache

REGISTER = (
    "membership_number,given_name,family_name,email,status,joined_on\n"
    "M-10,Priya,Shah,priya@example.org,active,2021-03-01\n"
)


@pytest.fixture
def old_key(settings: object) -> Iterator[str]:
    key = Fernet.generate_key().decode()
    settings.FIELD_ENCRYPTION_KEYS = [key]  # type: ignore[attr-defined]
    reset_key_cache()
    yield key
    reset_key_cache()


def _rotate_and_drop_old(settings: object, old_key: str) -> None:
    new_key = Fernet.generate_key().decode()
    settings.FIELD_ENCRYPTION_KEYS = [new_key, old_key]  # type: ignore[attr-defined]
    reset_key_cache()
    call_command("rotate_field_keys", stdout=StringIO())
    settings.FIELD_ENCRYPTION_KEYS = [new_key]  # type: ignore[attr-defined]
    reset_key_cache()


@pytest.mark.django_db
def test_a_refused_consent_reads_after_rotation(
    settings: object, old_key: str, caseworker: User
) -> None:
    case = consulted_case(caseworker, consent_police=False, consent_panel=False)
    _rotate_and_drop_old(settings, old_key)
    consultation = Consultation.objects.get(case=case)
    assert (consultation.consent_police, consultation.consent_panel) == (False, False)


@pytest.mark.django_db
def test_the_register_search_finds_members_after_rotation(
    settings: object, old_key: str, administrator: User
) -> None:
    members_import_csv(administrator, text=REGISTER)
    _rotate_and_drop_old(settings, old_key)
    assert [m.membership_number for m in members_list(search="priya@example.org")] == ["M-10"]
