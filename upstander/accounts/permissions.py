"""Who may do what: role checks shared by every app's services and views."""

from __future__ import annotations

from typing import TYPE_CHECKING

from upstander.accounts.models import STAFF_ROLES, Role, RoleGrant, User
from upstander.core.errors import NotPermitted

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser
    from django.http import HttpRequest


def active_roles(user: User | AnonymousUser | None) -> frozenset[str]:
    if user is None or not user.is_authenticated:
        return frozenset()
    # Read once per request (the staff-session middleware asks on every page), cached on the
    # user object, which lives as long as the request.
    cached: frozenset[str] | None = user.__dict__.get("_upstander_roles")
    if cached is None:
        cached = frozenset(
            RoleGrant.objects.filter(user_id=user.pk, revoked_at__isnull=True).values_list(
                "role", flat=True
            )
        )
        user.__dict__["_upstander_roles"] = cached
    return cached


def forget_roles(user: User) -> None:
    """Drop the per-request cache after a grant or revocation."""
    user.__dict__.pop("_upstander_roles", None)


def has_role(user: User | AnonymousUser | None, *roles: str) -> bool:
    if user is not None and user.is_authenticated and user.is_superuser:
        return True
    return bool(active_roles(user) & set(roles))


def is_staff_person(user: User | AnonymousUser | None) -> bool:
    """Anyone whose work shows them other people's cases or data (and so needs MFA)."""
    if user is None or not user.is_authenticated:
        return False
    return user.is_staff or user.is_superuser or bool(active_roles(user) & STAFF_ROLES)


def signed_in_user(request: HttpRequest) -> User | None:
    """The signed-in user, or None for an anonymous visitor.

    This None is a visitor, not the system that `require_role` lets through: give it only to a
    service written for visitors (a report, a meeting registration), or use it behind
    `login_required`, where it is never None.
    """
    return request.user if isinstance(request.user, User) else None


def request_user(request: HttpRequest) -> User:
    """The user of a view behind `login_required` or the admin site's `admin_view` (asserted:
    for the type checker, and against a view that lost its decorator)."""
    assert isinstance(request.user, User)
    return request.user


def require_role(actor: User | None, *roles: Role) -> None:
    """`actor=None` is the system itself (a management command, the demo seed)."""
    if actor is None:
        return
    if not has_role(actor, *roles):
        names = " or ".join(role.label.lower() for role in roles)
        raise NotPermitted(f"Only a {names} may do this.")
