"""Watched accounts need consent; credentials are encrypted and deleted on revocation;
case workers follow people as delegates."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection

from upstander.accounts.models import Platform, User
from upstander.core.errors import NotPermitted
from upstander.monitoring.errors import (
    AccountAlreadyWatched,
    ConsentRequired,
    DelegateMustBeCaseWorker,
)
from upstander.monitoring.models import Delegation, WatchedAccount
from upstander.monitoring.services import (
    delegate_assign,
    delegate_end,
    watched_account_connect,
    watched_account_revoke,
)

from .conftest import CONSENT, WATCHED_DID

pytestmark = pytest.mark.django_db


def connect(actor: User | None, person: User, **overrides: Any) -> WatchedAccount:
    options: dict[str, Any] = {
        "person": person,
        "platform": Platform.BLUESKY,
        "handle": "@Priya.test",
        "stable_id": WATCHED_DID,
        "consent_statement": CONSENT,
        "credential": "app-pass-word-1234",
    }
    options.update(overrides)
    return watched_account_connect(actor, **options)


def test_an_account_is_watched_only_with_recorded_consent(protected_person):
    with pytest.raises(ConsentRequired):
        connect(protected_person, protected_person, consent_statement="  ")
    assert not WatchedAccount.objects.exists()
    account = connect(protected_person, protected_person)
    assert account.consent_statement == CONSENT
    assert account.consent_given_at is not None
    assert account.handle == "priya.test"


def test_only_protected_people_are_watched(member):
    with pytest.raises(ConsentRequired):
        connect(member, member)


def test_nobody_else_connects_a_persons_account(protected_person, caseworker):
    with pytest.raises(NotPermitted):
        connect(caseworker, protected_person)


def test_an_account_is_watched_once(protected_person):
    connect(protected_person, protected_person)
    with pytest.raises(AccountAlreadyWatched):
        connect(protected_person, protected_person)


def test_credentials_are_encrypted_at_rest(protected_person):
    account = connect(protected_person, protected_person)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT credential FROM monitoring_watchedaccount WHERE id = %s", [account.pk]
        )
        stored = cursor.fetchone()[0]
    assert stored.startswith("enc1:")
    assert "app-pass-word-1234" not in stored
    assert WatchedAccount.objects.get().credential == "app-pass-word-1234"


def test_revoking_consent_stops_monitoring_and_deletes_the_credentials(protected_person):
    account = connect(protected_person, protected_person)
    watched_account_revoke(protected_person, account=account)
    account.refresh_from_db()
    assert account.revoked_at is not None
    assert (account.credential, account.session) == ("", "")
    # The same account can be connected again later, with consent given again.
    connect(protected_person, protected_person)
    assert WatchedAccount.objects.filter(revoked_at__isnull=True).count() == 1


def test_delegates_must_be_case_workers(protected_person, safeguarding_lead, member):
    with pytest.raises(DelegateMustBeCaseWorker):
        delegate_assign(safeguarding_lead, person=protected_person, delegate=member)


def test_a_case_worker_cannot_assign_themselves(protected_person, caseworker):
    with pytest.raises(NotPermitted):
        delegate_assign(caseworker, person=protected_person, delegate=caseworker)


def test_the_person_sees_and_changes_who_follows_them(
    protected_person, safeguarding_lead, caseworker
):
    delegation = delegate_assign(safeguarding_lead, person=protected_person, delegate=caseworker)
    delegate_end(protected_person, delegation=delegation)
    assert not Delegation.objects.filter(ended_at__isnull=True).exists()
    delegate_assign(protected_person, person=protected_person, delegate=caseworker)
    assert Delegation.objects.filter(ended_at__isnull=True).count() == 1
