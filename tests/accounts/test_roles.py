"""Role grants and revocations go through services, only for administrators, and are audited."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client, RequestFactory
from django.urls import reverse

from upstander.accounts.errors import LastAdministrator, RoleAlreadyHeld, RoleNotHeld
from upstander.accounts.models import Role, RoleGrant, User
from upstander.accounts.permissions import has_role, request_user, signed_in_user
from upstander.accounts.services import role_grant, role_revoke
from upstander.audit.models import AuditEntry
from upstander.core.errors import NotPermitted

pytestmark = pytest.mark.django_db


def test_an_administrator_grants_a_role_and_it_is_audited(
    administrator: User, member: User
) -> None:
    role_grant(administrator, user=member, role=Role.CASE_WORKER)
    assert has_role(member, Role.CASE_WORKER)
    entry = AuditEntry.objects.order_by("-sequence").first()
    assert entry is not None
    assert (entry.verb, entry.actor_user_id, entry.details) == (
        "role.grant",
        administrator.pk,
        {"role": "case_worker"},
    )


def test_a_case_worker_cannot_grant_roles(caseworker: User, member: User) -> None:
    before = AuditEntry.objects.count()
    with pytest.raises(NotPermitted):
        role_grant(caseworker, user=member, role=Role.SAFEGUARDING_LEAD)
    assert not has_role(member, Role.SAFEGUARDING_LEAD)
    assert AuditEntry.objects.count() == before


def test_a_role_cannot_be_granted_twice(administrator: User, caseworker: User) -> None:
    with pytest.raises(RoleAlreadyHeld):
        role_grant(administrator, user=caseworker, role=Role.CASE_WORKER)


def test_revoking_keeps_the_history_of_the_grant(administrator: User, caseworker: User) -> None:
    role_revoke(administrator, user=caseworker, role=Role.CASE_WORKER)
    assert not has_role(caseworker, Role.CASE_WORKER)
    grant = RoleGrant.objects.get(user=caseworker, role=Role.CASE_WORKER)
    assert grant.revoked_at is not None
    assert grant.revoked_by == administrator
    assert AuditEntry.objects.filter(verb="role.revoke", target_id=str(caseworker.pk)).exists()


def test_revoking_a_role_not_held_is_refused(administrator: User, member: User) -> None:
    with pytest.raises(RoleNotHeld):
        role_revoke(administrator, user=member, role=Role.PANEL_MEMBER)


def test_the_last_administrator_cannot_be_removed(administrator: User) -> None:
    with pytest.raises(LastAdministrator):
        role_revoke(administrator, user=administrator, role=Role.ADMINISTRATOR)
    assert has_role(administrator, Role.ADMINISTRATOR)


def test_the_signed_in_user_is_the_user_and_a_visitor_is_none(member: User) -> None:
    request = RequestFactory().get("/")
    request.user = member
    assert signed_in_user(request) == member
    request.user = AnonymousUser()
    assert signed_in_user(request) is None


def test_the_user_of_a_signed_in_view_is_the_user_and_a_visitor_is_refused(member: User) -> None:
    request = RequestFactory().get("/")
    request.user = member
    assert request_user(request) == member
    request.user = AnonymousUser()
    with pytest.raises(AssertionError):
        request_user(request)


# The views that hand `request_user(request)` to a service typed for a User: a visitor is sent
# to sign in before any of them runs (and so never reaches the assertion).
SIGNED_IN_VIEWS = [
    ("get", "web:account_home", ()),
    ("get", "web:staff_dashboard", ()),
    ("post", "policies:acknowledge", (1,)),
    ("post", "policies:welcome_accept", ()),
    ("post", "policies:staff_list", ()),
    ("post", "policies:staff_publish", (1,)),
    ("get", "meetings:mine", (1,)),
    ("get", "blocking:block_detail", (1,)),
    ("post", "reports:disclose", (1,)),
    ("get", "reports:mine", ()),
    ("post", "accounts:staff_roles", ()),
    ("post", "accounts:staff_members", ()),
    ("get", "accounts:staff_subscribers_export", ()),
    ("post", "accounts:staff_email_updates", ()),
    # These services take None as the system itself, which require_role lets through.
    ("post", "meetings:staff_list", ()),
    ("get", "meetings:staff_detail", (1,)),
    ("post", "meetings:staff_rotate_password", (1,)),
    ("post", "meetings:staff_revoke", (1,)),
    ("post", "meetings:staff_incident", (1,)),
    ("post", "policies:staff_welcome_packs", ()),
]


@pytest.mark.parametrize(("method", "name", "args"), SIGNED_IN_VIEWS)
def test_a_visitor_is_sent_to_sign_in_before_a_signed_in_view(
    client: Client, method: str, name: str, args: tuple[int, ...]
) -> None:
    response = getattr(client, method)(reverse(name, args=args))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize(
    ("method", "path", "data"),
    [
        ("get", "/admin/accounts/member/import/", {}),
        ("post", "/admin/accounts/subscriber/", {"action": "export_subscribers"}),
    ],
)
def test_a_visitor_is_sent_to_the_admin_sign_in_before_an_admin_write(
    client: Client, method: str, path: str, data: dict[str, str]
) -> None:
    response = getattr(client, method)(path, data)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
