"""The admin only reads: every change goes through a service, and so into the audit log.

`ReadOnlyAdmin` and `ReadOnlyInline` are the one read-only admin every app's admin.py uses.
This module also decides, once, what the third-party apps put in the admin. It is imported by
admin autodiscovery in INSTALLED_APPS order, after auth, django_tasks_db and allauth have
registered theirs, so it can replace them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar

from allauth.account.admin import EmailAddressAdmin
from allauth.account.models import EmailAddress, EmailConfirmation
from allauth.mfa.admin import AuthenticatorAdmin
from allauth.mfa.models import Authenticator
from django.contrib import admin
from django.contrib.auth.models import Group
from django.db.models import Model
from django.http import HttpRequest

_M = TypeVar("_M", bound=Model)
_P = TypeVar("_P", bound=Model)


class ReadOnlyAdmin(admin.ModelAdmin[_M]):
    """Changes go through services (and their audit entries), never through the admin."""

    actions: Sequence[Any] = ()  # an admin action that writes would bypass the services

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: _M | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: _M | None = None) -> bool:
        return False


class ReadOnlyInline(admin.TabularInline[_M, _P]):
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: _P | None = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: _P | None = None) -> bool:  # type: ignore[override]
        return False

    def has_delete_permission(self, request: HttpRequest, obj: _P | None = None) -> bool:  # type: ignore[override]
        return False


# Site-wide "delete selected": bulk deletes with no service and no audit entry.
admin.site.disable_action("delete_selected")

# django_tasks_db's own DBTaskResultAdmin is kept as it is: it already refuses add, change and
# delete (operators see queued and failed tasks; the worker alone changes them), and
# tests/core/test_admin.py holds it to that.

# Groups: access is by role grants (audited, "keep one administrator"); a Django group would
# grant permissions beside them, so the admin does not offer groups at all.
admin.site.unregister(Group)

# Confirmation keys are sign-up secrets (registered only without HMAC confirmations).
if admin.site.is_registered(EmailConfirmation):
    admin.site.unregister(EmailConfirmation)

# Replaced below by read-only versions of the same pages.
for _model in (EmailAddress, Authenticator):
    admin.site.unregister(_model)


@admin.register(EmailAddress)
class ReadOnlyEmailAddressAdmin(ReadOnlyAdmin[EmailAddress], EmailAddressAdmin):  # type: ignore[misc]
    """Kept: support can see whether an address is verified (the "make verified" action is gone:
    verification is the person's own, through the emailed link)."""


@admin.register(Authenticator)
class ReadOnlyAuthenticatorAdmin(ReadOnlyAdmin[Authenticator], AuthenticatorAdmin):  # type: ignore[misc]
    """Kept: who has two-factor set up, and when it was last used; never the secret itself."""

    exclude = ("data",)  # the TOTP secret and recovery codes
