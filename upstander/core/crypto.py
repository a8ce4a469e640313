"""Encryption at rest for special category data, narratives and platform credentials.

Keys come from FIELD_ENCRYPTION_KEYS (comma-separated Fernet keys, newest first) or are generated
into var/field_encryption_keys on first run. Rotation: put a new key first, keep the old ones
after it, run `manage.py rotate_field_keys` (core.rotation: every EncryptedField of every model)
until it says every value is under the newest key (its last run rebuilds the blind indexes,
whose key derives from the newest key), then drop the old keys.
"""

from __future__ import annotations

import json
from functools import cache
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.db import models

PREFIX = "enc1:"


@cache
def _fernet() -> MultiFernet:
    keys = [key.strip() for key in settings.FIELD_ENCRYPTION_KEYS if key.strip()]
    if not keys:
        raise RuntimeError("FIELD_ENCRYPTION_KEYS is empty; at least one key is needed.")
    return MultiFernet([Fernet(key.encode()) for key in keys])


@cache
def _newest() -> Fernet:
    return Fernet(settings.FIELD_ENCRYPTION_KEYS[0].strip().encode())


def reset_key_cache() -> None:
    _fernet.cache_clear()
    _newest.cache_clear()


def encrypt_text(plain: str) -> str:
    return PREFIX + _fernet().encrypt(plain.encode("utf-8")).decode("ascii")


def decrypt_text(stored: str) -> str:
    if not stored.startswith(PREFIX):
        raise ValueError("This value was not encrypted by Upstander.")
    try:
        return _fernet().decrypt(stored[len(PREFIX) :].encode("ascii")).decode("utf-8")
    except InvalidToken as error:
        raise ValueError("No configured key decrypts this value (was a key removed?).") from error


def rotate_text(stored: str) -> str:
    """Re-encrypt under the newest key (the value itself is unchanged)."""
    try:
        token = _fernet().rotate(stored[len(PREFIX) :].encode("ascii"))
    except InvalidToken as error:
        raise ValueError("No configured key decrypts this value (was a key removed?).") from error
    return PREFIX + token.decode("ascii")


def rotate_bytes(stored: bytes) -> bytes:
    """Re-encrypt a token under the newest key (the bytes it holds are unchanged)."""
    try:
        return _fernet().rotate(stored)
    except InvalidToken as error:
        raise ValueError("No configured key decrypts this value (was a key removed?).") from error


def is_current_token(stored: bytes) -> bool:
    """True when the newest key alone decrypts this token, so rotation can skip it."""
    try:
        _newest().decrypt(stored)
    except InvalidToken:
        return False
    return True


def encrypt_bytes(plain: bytes) -> bytes:
    return _fernet().encrypt(plain)


def decrypt_bytes(stored: bytes) -> bytes:
    try:
        return _fernet().decrypt(stored)
    except InvalidToken as error:
        raise ValueError("No configured key decrypts this file (was a key removed?).") from error


class EncryptedField:
    """Marker for every encrypted field class: key rotation finds fields by it."""

    #: Stored values are `str` tokens (with PREFIX) or raw `bytes` tokens.
    stores_text: bool = True


class EncryptedTextField(EncryptedField, models.TextField):  # type: ignore[type-arg]
    """Text stored encrypted; Python code reads and writes plain str.

    Encrypted values cannot be searched or filtered in the database: keep such fields for
    content (narratives, contact details, credentials), never for lookups.
    """

    description = "Text encrypted at rest (Fernet, rotatable keys)"

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> str | None:
        if value is None or value == "":
            return value
        return decrypt_text(value)

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return encrypt_text(str(value))


class EncryptedBinaryField(EncryptedField, models.BinaryField):  # type: ignore[type-arg]
    """Bytes stored encrypted (a raw Fernet token); Python code reads and writes plain bytes."""

    description = "Bytes encrypted at rest (Fernet, rotatable keys)"
    stores_text = False

    def from_db_value(
        self, value: bytes | memoryview | None, expression: Any, connection: Any
    ) -> bytes | None:
        if value is None:
            return None
        return decrypt_bytes(bytes(value))

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if value is None:
            return None
        return encrypt_bytes(bytes(value))


class EncryptedJSONField(EncryptedTextField):
    """A JSON value (list, bool, ...) stored encrypted; Python code reads and writes the value.

    An ordinary EncryptedTextField underneath, so key rotation treats it like any other: the
    ciphertext is of the value's JSON text. `False` and `[]` are stored (encrypted) too.
    """

    description = "JSON encrypted at rest (Fernet, rotatable keys)"
    # What the django-stubs plugin types the attribute as: any JSON value.
    _pyi_private_set_type: Any
    _pyi_private_get_type: Any

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> Any:
        if value is None or value == "":
            return None
        return json.loads(decrypt_text(value))

    def to_python(self, value: Any) -> Any:
        return value

    def get_prep_value(self, value: Any) -> Any:
        if value is None:
            return None
        return encrypt_text(json.dumps(value, sort_keys=True))

    def value_to_string(self, obj: models.Model) -> str:
        return json.dumps(self.value_from_object(obj))
