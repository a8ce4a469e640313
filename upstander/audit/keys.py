"""The audit signing keys, read from settings (the environment), never from the database."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from upstander.audit.chain import key_id_for


def signing_key() -> tuple[str, str]:
    """The current key as `(key_id, key)`: every new entry is signed with it."""
    key = str(getattr(settings, "AUDIT_SIGNING_KEY", ""))
    if not key:
        raise ImproperlyConfigured("AUDIT_SIGNING_KEY is not set; the audit log cannot be signed.")
    return key_id_for(key), key


def verification_keys() -> dict[str, str]:
    """Every key an entry may have been signed with, by key id: the current and the old ones."""
    keys = [signing_key()[1], *getattr(settings, "AUDIT_SIGNING_KEYS_OLD", [])]
    return {key_id_for(key): key for key in keys if key}
