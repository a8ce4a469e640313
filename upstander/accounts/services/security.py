"""Security events of a person's own account: signing in, failing to, second factors, passwords.

Called from signal receivers (accounts.signals). Details hold ids and kinds only: no email
address, no IP address, no secret.
"""

from __future__ import annotations

from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib.auth.models import Permission
from django.db import transaction

from upstander import audit
from upstander.accounts.models import Role, User
from upstander.accounts.permissions import require_role


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


@transaction.atomic
def totp_create(actor: User | None, *, user: User) -> str:
    """Give `user` a TOTP authenticator and return its secret (the demo data: its staff could
    not get past two-factor set-up without an authenticator app). Never for a real account."""
    require_role(actor, Role.ADMINISTRATOR)
    secret = str(generate_totp_secret())
    authenticator = TOTP.activate(user, secret).instance
    audit.record(
        actor, "user.second_factor_add", user, {"kind": "totp", "authenticator": authenticator.pk}
    )
    return secret


@transaction.atomic
def admin_site_access_grant(actor: User | None, *, user: User) -> None:
    """Let `user` open the Django admin to look at every model (view permissions only)."""
    require_role(actor, Role.ADMINISTRATOR)
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    user.user_permissions.add(*Permission.objects.filter(codename__startswith="view_"))
    audit.record(actor, "user.admin_site_access_grant", user, {"permissions": "view"})
