"""A request reads the person's roles once, through the ORM, however often it asks."""

from __future__ import annotations

from typing import Any

import pytest

from upstander.accounts.models import Role, User
from upstander.accounts.permissions import active_roles, forget_roles, has_role, is_staff_person

pytestmark = pytest.mark.django_db


def test_roles_are_read_once_per_user_object(
    caseworker: User, django_assert_num_queries: Any
) -> None:
    person = User.objects.get(pk=caseworker.pk)  # a fresh object, as each request loads
    with django_assert_num_queries(1):
        assert active_roles(person) == frozenset({Role.CASE_WORKER})
        assert is_staff_person(person)
        assert has_role(person, Role.CASE_WORKER)
        assert not has_role(person, Role.ADMINISTRATOR)
    forget_roles(person)
    with django_assert_num_queries(1):
        assert active_roles(person) == frozenset({Role.CASE_WORKER})
