"""The admin only reads: every change goes through a service, and so into the audit log."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.admin.options import InlineModelAdmin
from django.core.exceptions import PermissionDenied
from django.db.models import Model
from django.http import HttpRequest
from django.test import Client, RequestFactory
from django.urls import NoReverseMatch, resolve, reverse

from tests.conftest import enable_totp, make_person, signed_in
from upstander.accounts.models import Branch, Role, RoleGrant, User
from upstander.accounts.services import member_create, subscription_request
from upstander.policies.models import PolicyKind
from upstander.policies.services import policy_acknowledge, policy_draft_create, policy_publish

# Admin actions that only read (and so need no service); any other action fails the test.
READ_ONLY_ACTIONS = {"export_subscribers"}


def _request(user: User, method: str = "get", data: dict[str, Any] | None = None) -> HttpRequest:
    request: HttpRequest = getattr(RequestFactory(), method)("/admin/", data or {})
    request.user = user
    # The test client does this too: CSRF must not be what refuses the write.
    request._dont_enforce_csrf_checks = True  # type: ignore[attr-defined]
    return request


def _writes(
    model_admin: admin.ModelAdmin[Any] | InlineModelAdmin[Any, Any],
    request: HttpRequest,
    obj: Model | None,
) -> list[str]:
    found = []
    if isinstance(model_admin, InlineModelAdmin):
        if model_admin.has_add_permission(request, obj):
            found.append("add")
    elif model_admin.has_add_permission(request):
        found.append("add")
    if model_admin.has_change_permission(request, obj):
        found.append("change")
    if model_admin.has_delete_permission(request, obj):
        found.append("delete")
    return found


@pytest.fixture
def superuser(db: None) -> User:
    return User.objects.create_superuser("root@example.org", "correct-horse-battery-staple")


@pytest.fixture
def key_rows(db: None) -> list[Model]:
    """One row of each model whose admin once wrote past its service."""
    administrator = make_person("ada.admin@example.org", Role.ADMINISTRATOR)
    grant = RoleGrant.objects.get(user=administrator, role=Role.ADMINISTRATOR)
    member = member_create(
        administrator,
        membership_number="M1",
        given_name="Sam",
        family_name="Lee",
        joined_on=date(2020, 1, 1),
        branch="Hackney",
    )
    document = policy_draft_create(
        administrator, kind=PolicyKind.CODE_OF_CONDUCT, title="Code", summary="s", body="b"
    )
    document = policy_publish(administrator, document=document)
    acknowledgement = policy_acknowledge(administrator, document=document)
    return [
        administrator,
        grant,
        member,
        Branch.objects.get(name="Hackney"),
        subscription_request(email="sub@example.org"),
        document,
        acknowledgement,
    ]


@pytest.mark.django_db
def test_no_admin_can_write(superuser: User, key_rows: list[Model]) -> None:
    request = _request(superuser)
    registry = admin.site._registry
    failures: list[str] = []
    for model in {*apps.get_models(), *registry}:
        label = model._meta.label
        model_admin = registry.get(model)
        if model_admin is None:
            # Not in the admin at all: no page can add, change or delete it.
            with pytest.raises(NoReverseMatch):
                reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_change", args=[1])
            continue
        failures += [f"{label}: {verb}" for verb in _writes(model_admin, request, None)]
        obj = model._default_manager.first()
        if obj is not None:
            failures += [f"{label} (row): {verb}" for verb in _writes(model_admin, request, obj)]
        for inline in model_admin.get_inline_instances(request, obj):
            failures += [
                f"{label} inline {inline.model._meta.label}: {verb}"
                for verb in _writes(inline, request, obj)
            ]
        for name in model_admin.get_actions(request):
            if name not in READ_ONLY_ACTIONS:
                failures.append(f"{label}: action {name}")
    assert failures == []


@pytest.mark.django_db
def test_admin_refuses_posted_adds_changes_and_deletes_of_key_models(
    superuser: User, key_rows: list[Model]
) -> None:
    """A superuser posting straight to the add form, the change form or the delete view is refused,
    and the row is as it was."""
    posted = {"post": "yes", "revoked_at_0": "2026-01-01", "revoked_at_1": "00:00", "name": "X"}
    for obj in key_rows:
        meta = obj._meta
        before = {f.attname: getattr(obj, f.attname) for f in meta.concrete_fields}
        for view, args in (("change", [str(obj.pk)]), ("delete", [str(obj.pk)]), ("add", [])):
            url = reverse(f"admin:{meta.app_label}_{meta.model_name}_{view}", args=args)
            match = resolve(url)
            with pytest.raises(PermissionDenied):
                match.func(_request(superuser, "post", posted), *match.args, **match.kwargs)
        obj.refresh_from_db()
        assert {f.attname: getattr(obj, f.attname) for f in meta.concrete_fields} == before


@pytest.mark.django_db
def test_every_admin_list_and_row_still_opens_for_reading(
    superuser: User, key_rows: list[Model]
) -> None:
    enable_totp(superuser)  # staff pages need two-factor
    client = signed_in(Client(), superuser)
    for model, model_admin in admin.site._registry.items():
        meta = model._meta
        response = client.get(reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist"))
        assert response.status_code == 200, meta.label
        obj = model_admin.get_queryset(_request(superuser)).first()
        if obj is not None:
            url = reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk])
            assert client.get(url).status_code == 200, meta.label
