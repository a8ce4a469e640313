"""Receivers for Django's and allauth's account signals: audit entries and staff-session clocks."""

from __future__ import annotations

from typing import Any

from allauth.account import signals as account_signals
from allauth.account.authentication import get_authentication_records
from allauth.account.internal.flows.login import record_authentication
from allauth.mfa import signals as mfa_signals
from allauth.mfa.models import Authenticator
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.db.models.signals import pre_delete
from django.dispatch import receiver
from django.http import HttpRequest

from upstander.accounts.models import User
from upstander.accounts.services.security import (
    password_change_audit,
    second_factor_add_audit,
    second_factor_remove_audit,
    sign_in_audit,
    sign_in_failure_audit,
)
from upstander.accounts.staff_sessions import start_staff_session


@receiver(user_logged_in, dispatch_uid="upstander.accounts.signed_in")
def _signed_in(sender: Any, request: HttpRequest | None, user: User, **kwargs: Any) -> None:
    methods: list[str] = []
    if request is not None and hasattr(request, "session"):
        start_staff_session(request)
        methods = [str(r.get("method")) for r in get_authentication_records(request, user)]
    sign_in_audit(user, methods=methods)


@receiver(user_login_failed, dispatch_uid="upstander.accounts.sign_in_failed")
def _sign_in_failed(sender: Any, credentials: dict[str, Any], **kwargs: Any) -> None:
    address = credentials.get("email") or credentials.get("username") or ""
    user = User.objects.filter(email__iexact=str(address)).first() if address else None
    sign_in_failure_audit(user)


@receiver(mfa_signals.authenticator_added, dispatch_uid="upstander.accounts.mfa_added")
def _second_factor_added(
    sender: Any, request: HttpRequest | None, user: User, authenticator: Authenticator, **kw: Any
) -> None:
    second_factor_add_audit(user, kind=str(authenticator.type), authenticator_id=authenticator.pk)
    # Setting up TOTP means entering a code from it: this session has passed the second factor.
    if request is not None and authenticator.type == Authenticator.Type.TOTP:
        record_authentication(request, user, "mfa", id=authenticator.pk, type="totp")


@receiver(mfa_signals.authenticator_removed, dispatch_uid="upstander.accounts.mfa_removed")
def _second_factor_removed(
    sender: Any, request: HttpRequest | None, user: User, authenticator: Authenticator, **kw: Any
) -> None:
    # The row is gone by now and Django has cleared the instance's pk: use the id kept below.
    authenticator_id = authenticator.pk or authenticator.__dict__.get(_DELETED_ID)
    second_factor_remove_audit(
        user, kind=str(authenticator.type), authenticator_id=authenticator_id
    )


_DELETED_ID = "_upstander_deleted_id"


@receiver(pre_delete, sender=Authenticator, dispatch_uid="upstander.accounts.mfa_deleting")
def _keep_deleted_id(sender: Any, instance: Authenticator, **kwargs: Any) -> None:
    instance.__dict__[_DELETED_ID] = instance.pk


@receiver(account_signals.password_changed, dispatch_uid="upstander.accounts.password_changed")
def _password_changed(sender: Any, request: HttpRequest, user: User, **kwargs: Any) -> None:
    password_change_audit(user, how="changed")


@receiver(account_signals.password_set, dispatch_uid="upstander.accounts.password_set")
def _password_set(sender: Any, request: HttpRequest, user: User, **kwargs: Any) -> None:
    password_change_audit(user, how="set")


@receiver(account_signals.password_reset, dispatch_uid="upstander.accounts.password_reset")
def _password_reset(sender: Any, request: HttpRequest, user: User, **kwargs: Any) -> None:
    password_change_audit(user, how="reset")
