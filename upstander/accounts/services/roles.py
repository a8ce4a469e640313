from __future__ import annotations

from allauth.account.models import EmailAddress
from django.db import transaction
from django.utils import timezone

from upstander import audit
from upstander.accounts import revocation
from upstander.accounts.errors import LastAdministrator, RoleAlreadyHeld, RoleNotHeld
from upstander.accounts.models import Role, RoleGrant, User
from upstander.accounts.permissions import forget_roles, require_role


@transaction.atomic
def user_create(
    actor: User | None,
    *,
    email: str,
    password: str | None,
    display_name: str = "",
    email_verified: bool = False,
) -> User:
    """Create a login directly (demo data, operators); people normally register themselves."""
    require_role(actor, Role.ADMINISTRATOR)
    user = User.objects.create_user(email=email, password=password, display_name=display_name)
    EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=email_verified)
    audit.record(actor, "user.create", user, {"email_verified": email_verified})
    return user


@transaction.atomic
def role_grant(actor: User | None, *, user: User, role: Role) -> RoleGrant:
    require_role(actor, Role.ADMINISTRATOR)
    if RoleGrant.objects.filter(user=user, role=role, revoked_at__isnull=True).exists():
        raise RoleAlreadyHeld(f"{user} already holds the role {role.label}.")
    grant = RoleGrant.objects.create(user=user, role=role, granted_by=actor)
    forget_roles(user)
    audit.record(actor, "role.grant", user, {"role": str(role)})
    return grant


@transaction.atomic
def role_revoke(actor: User | None, *, user: User, role: Role) -> RoleGrant:
    require_role(actor, Role.ADMINISTRATOR)
    grant = (
        RoleGrant.objects.select_for_update()
        .filter(user=user, role=role, revoked_at__isnull=True)
        .first()
    )
    if grant is None:
        raise RoleNotHeld(f"{user} does not hold the role {role.label}.")
    if role == Role.ADMINISTRATOR and (
        RoleGrant.objects.filter(role=Role.ADMINISTRATOR, revoked_at__isnull=True).count() <= 1
    ):
        raise LastAdministrator("The party must keep at least one administrator.")
    grant.revoked_at = timezone.now()
    grant.revoked_by = actor
    grant.save(update_fields=["revoked_at", "revoked_by"])
    forget_roles(user)
    audit.record(actor, "role.revoke", user, {"role": str(role)})
    # What the role opened (seats in proceedings...) ends in the same transaction.
    revocation.role_revoked(actor, user=user, role=role)
    return grant
