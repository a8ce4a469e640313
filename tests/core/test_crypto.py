"""Sensitive text is encrypted at rest, and keys can be rotated without losing anything."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from cryptography.fernet import Fernet
from pytest_django.fixtures import Settings

from upstander.core.crypto import decrypt_text, encrypt_text, reset_key_cache


@pytest.fixture
def keys(settings: Settings) -> Iterator[list[str]]:
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.FIELD_ENCRYPTION_KEYS = [old]
    reset_key_cache()
    yield [old, new]
    reset_key_cache()


def test_ciphertext_does_not_contain_the_text(keys: list[str]) -> None:
    stored = encrypt_text("She lives at 12 Acacia Avenue")
    assert "Acacia" not in stored
    assert decrypt_text(stored) == "She lives at 12 Acacia Avenue"


def test_old_values_still_read_after_a_new_key_is_added(
    keys: list[str], settings: Settings
) -> None:
    stored = encrypt_text("narrative")
    settings.FIELD_ENCRYPTION_KEYS = [keys[1], keys[0]]
    reset_key_cache()
    assert decrypt_text(stored) == "narrative"
    rewritten = encrypt_text("narrative")
    settings.FIELD_ENCRYPTION_KEYS = [keys[1]]
    reset_key_cache()
    assert decrypt_text(rewritten) == "narrative"
    with pytest.raises(ValueError, match="No configured key"):
        decrypt_text(stored)


def test_plain_text_is_never_mistaken_for_ciphertext(keys: list[str]) -> None:
    with pytest.raises(ValueError, match="not encrypted"):
        decrypt_text("hello")
