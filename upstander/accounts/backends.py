"""Authentication backends: Django's and allauth's, finding the signed-in user with a prepared
query.

Every signed-in request loads its user; Django compiles that one-row lookup to SQL each time,
which cost as much as running it. Sign-in itself (passwords, email login) is unchanged.
"""

from __future__ import annotations

from typing import Any

from allauth.account.auth_backends import AuthenticationBackend as AllauthBackend
from django.contrib.auth.backends import ModelBackend as DjangoModelBackend
from django.core.exceptions import ValidationError

from upstander.accounts.models import User
from upstander.core.prepared import PreparedQuery

_user_by_id = PreparedQuery(lambda pk: User.objects.filter(pk=pk).order_by())


class PreparedUserLookup(DjangoModelBackend):
    def get_user(self, user_id: Any) -> User | None:
        try:
            pk = User._meta.pk.to_python(user_id)  # the session holds it as text
        except ValidationError:
            return None
        found = _user_by_id(pk)
        if not found or not self.user_can_authenticate(found[0]):
            return None
        return found[0]


class ModelBackend(PreparedUserLookup):
    """django.contrib.auth's ModelBackend."""


class AuthenticationBackend(PreparedUserLookup, AllauthBackend):  # type: ignore[misc]  # untyped
    """allauth's backend (sign-in by email)."""
