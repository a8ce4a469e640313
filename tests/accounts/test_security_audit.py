"""Signing in, failing to, setting up or removing a second factor and changing a password are
audited, with ids only: no address, no secret."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import pytest
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.test import Client
from django.urls import reverse

from tests.conftest import PASSWORD, make_person, signed_in
from upstander.accounts.models import Role, User
from upstander.audit.models import AuditEntry

pytestmark = pytest.mark.django_db


def _entries(verb: str) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(verb=verb).order_by("sequence"))


def _no_personal_data(entry: AuditEntry, user: User) -> None:
    assert user.email not in str(entry.details)
    assert "127.0.0.1" not in str(entry.details)


def test_signing_in_is_audited(client: Client, outsider: User) -> None:
    response = client.post(
        reverse("account_login"), {"login": outsider.email, "password": PASSWORD}
    )
    assert response.status_code == 302
    [entry] = _entries("user.sign_in")
    assert (entry.actor_user_id, entry.target_id) == (outsider.pk, str(outsider.pk))
    assert entry.details == {"methods": ["password"]}
    _no_personal_data(entry, outsider)


def test_a_failed_sign_in_is_audited(client: Client, outsider: User) -> None:
    client.post(reverse("account_login"), {"login": outsider.email, "password": "wrong-guess-1"})
    client.post(reverse("account_login"), {"login": "nobody@example.org", "password": "x" * 12})
    known, unknown = _entries("user.sign_in_failed")
    assert (known.target_id, known.details) == (str(outsider.pk), {"known_account": True})
    assert (unknown.target_id, unknown.details) == ("", {"known_account": False})
    assert "nobody@example.org" not in str(unknown.details)
    assert not _entries("user.sign_in")


def _current_code(secret: str) -> str:
    return str(format_hotp_value(hotp_value(secret, int(time.time()) // mfa_settings.TOTP_PERIOD)))


def test_second_factor_set_up_and_removal_are_audited(
    client: Client, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    user = make_person("case.worker2@example.org")
    signed_in(client, user)
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})  # allauth asks
    client.get(reverse("mfa_activate_totp"))
    secret = client.session["mfa.totp.secret"]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("mfa_activate_totp"), {"code": _current_code(secret)})
    assert response.status_code == 302
    totp = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
    added = _entries("user.second_factor_add")
    assert {"kind": "totp", "authenticator": totp.pk} in [e.details for e in added]
    assert secret not in str([e.details for e in added])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("mfa_deactivate_totp"))
    assert response.status_code == 302
    assert not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
    removed = _entries("user.second_factor_remove")
    assert {"kind": "totp", "authenticator": totp.pk} in [e.details for e in removed]


def test_a_password_change_is_audited(client: Client, outsider: User) -> None:
    response = signed_in(client, outsider).post(
        reverse("account_change_password"),
        {
            "oldpassword": PASSWORD,
            "password1": "a-new-long-passphrase",
            "password2": "a-new-long-passphrase",
        },
    )
    assert response.status_code == 302
    [entry] = _entries("user.password_change")
    assert (entry.actor_user_id, entry.details) == (outsider.pk, {"how": "changed"})
    assert "a-new-long-passphrase" not in str(entry.details)


def test_setting_up_totp_counts_as_this_sessions_second_factor(
    client: Client, transactional_db: None
) -> None:
    # Transactional: allauth announces the new authenticator on commit, within the request.
    user = make_person("new.lead@example.org", Role.SAFEGUARDING_LEAD)
    signed_in(client, user)
    assert client.get("/staff/").status_code == 302
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    client.get(reverse("mfa_activate_totp"))
    secret = client.session["mfa.totp.secret"]
    client.post(reverse("mfa_activate_totp"), {"code": _current_code(secret)})
    assert client.get("/staff/").status_code == 200
