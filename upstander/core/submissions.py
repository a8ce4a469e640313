"""Create forms are sent once: a double click or a resent POST makes one row, not two.

Every rendering of a create form carries a fresh random key in a hidden field. The service
that makes the row claims the key in the same transaction, before it writes anything else,
and records what it made. A second POST with the same key finds it taken, and the view sends
the person to what the first POST made. A failed attempt rolls its claim back with everything
else, so the same page can be corrected and sent again.

A form posted without a (well-formed) key is refused with a form error and gets a fresh key,
so the page can simply be sent again. Services called from code (demos, commands, tests)
pass no key and are not deduplicated: only a browser resends a form.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from typing import Any

from django import forms
from django.db import IntegrityError, transaction
from django.http import QueryDict
from django.utils import timezone

from upstander.core.errors import DomainError
from upstander.core.models import SubmissionKey

FIELD = "submission_key"
_WELL_FORMED = re.compile(r"[A-Za-z0-9_-]{16,64}")
MISSING = (
    "This form was not sent in full, or it is out of date. Nothing was saved: please check "
    "it and send it again."
)


def submission_key_new() -> str:
    return secrets.token_urlsafe(24)


class SubmittedOnceForm(forms.Form):
    """Base for create forms: a hidden one-time key, issued when the form is rendered."""

    # Checked in clean(), not here, so a missing or mangled key is one clear non-field error.
    submission_key = forms.CharField(
        widget=forms.HiddenInput, required=False, initial=submission_key_new
    )

    def clean_submission_key(self) -> str:
        key: str = self.cleaned_data.get(FIELD) or ""
        return key if _WELL_FORMED.fullmatch(key) else ""

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not cleaned.get(FIELD):
            # The page is shown again with a new key, so sending it again works.
            data = self.data.copy() if isinstance(self.data, QueryDict) else dict(self.data)
            data[self.add_prefix(FIELD)] = submission_key_new()
            self.data = data
            raise forms.ValidationError(MISSING, code="submission_key")
        return cleaned


class AlreadySubmitted(DomainError):
    """This form was already sent; `result_id` is what the first sending made."""

    def __init__(self, message: str, *, kind: str, result_id: int | None) -> None:
        super().__init__(message)
        self.kind = kind
        self.result_id = result_id


@dataclass(frozen=True)
class Claim:
    """A key claimed by the current transaction; `done` records what the service made."""

    row: SubmissionKey | None

    def done(self, result_id: int) -> None:
        if self.row is not None:
            self.row.result_id = result_id
            self.row.save(update_fields=["result_id"])


def submission_claim(key: str | None, *, kind: str) -> Claim:
    """Claim `key` for a `kind` of create, inside the caller's transaction.

    Raises AlreadySubmitted when the key was claimed before. Under PostgreSQL a second,
    concurrent claim waits on the unique index until the first commits (then fails) or
    rolls back (then succeeds), so only one of two simultaneous POSTs creates.
    """
    if key is None:
        return Claim(None)
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("A submission key is claimed inside the create's transaction.")
    try:
        with transaction.atomic():
            row = SubmissionKey.objects.create(key=key, kind=kind, created_at=timezone.now())
    except IntegrityError:
        first = SubmissionKey.objects.filter(key=key).first()
        same_kind = first is not None and first.kind == kind
        raise AlreadySubmitted(
            "This form was already sent, so nothing new was made.",
            kind=kind,
            result_id=first.result_id if first is not None and same_kind else None,
        ) from None
    return Claim(row)
