from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from django.db import transaction
from django.http import HttpRequest

from upstander import audit
from upstander.core.crypto import PREFIX, decrypt_text, encrypt_text

# Where allauth keeps an authenticator's secrets in its JSON column (TOTP key, recovery seed).
MFA_SECRET_KEYS = ("secret", "seed")


class AccountAdapter(DefaultAccountAdapter):  # type: ignore[misc]
    """Sign-ups are state changes too, so each one is written to the audit log."""

    def save_user(self, request: HttpRequest, user: Any, form: Any, commit: bool = True) -> Any:
        # One transaction: the account and its audit entry are kept together or not at all.
        with transaction.atomic():
            saved = super().save_user(request, user, form, commit=commit)
            if commit:
                audit.record(saved, "user.register", saved)
        return saved


class MFAAdapter(DefaultMFAAdapter):  # type: ignore[misc]
    """TOTP keys and recovery-code seeds are encrypted at rest like every other secret
    (allauth's default stores them as they are). A value written before this (no prefix) is
    read as it is; the accounts migration 0007 encrypted those already stored."""

    def encrypt(self, text: str) -> str:
        return encrypt_text(text)

    def decrypt(self, encrypted_text: str) -> str:
        if encrypted_text.startswith(PREFIX):
            return decrypt_text(encrypted_text)
        return encrypted_text
