from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from django.db import transaction
from django.http import HttpRequest

from upstander import audit


class AccountAdapter(DefaultAccountAdapter):  # type: ignore[misc]
    """Sign-ups are state changes too, so each one is written to the audit log."""

    def save_user(self, request: HttpRequest, user: Any, form: Any, commit: bool = True) -> Any:
        # One transaction: the account and its audit entry are kept together or not at all.
        with transaction.atomic():
            saved = super().save_user(request, user, form, commit=commit)
            if commit:
                audit.record(saved, "user.register", saved)
        return saved
