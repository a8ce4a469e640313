"""Security events of a person's own account: signing in, failing to, second factors, passwords.

Called from signal receivers (accounts.signals). Details hold ids and kinds only: no email
address, no IP address, no secret.
"""

from __future__ import annotations

from django.db import transaction

from upstander import audit
from upstander.accounts.models import User


@transaction.atomic
def sign_in_audit(user: User, *, methods: list[str]) -> None:
    audit.record(user, "user.sign_in", user, {"methods": methods})


@transaction.atomic
def sign_in_failure_audit(user: User | None) -> None:
    """A failed sign-in; `user` is the account the address named, when it names one."""
    audit.record(None, "user.sign_in_failed", user, {"known_account": user is not None})


@transaction.atomic
def second_factor_add_audit(user: User, *, kind: str, authenticator_id: int) -> None:
    audit.record(
        user, "user.second_factor_add", user, {"kind": kind, "authenticator": authenticator_id}
    )


@transaction.atomic
def second_factor_remove_audit(user: User, *, kind: str, authenticator_id: int | None) -> None:
    audit.record(
        user,
        "user.second_factor_remove",
        user,
        {"kind": kind, "authenticator": authenticator_id},
    )


@transaction.atomic
def password_change_audit(user: User, *, how: str) -> None:
    audit.record(user, "user.password_change", user, {"how": how})
