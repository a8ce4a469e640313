"""Sessions are Django's database sessions, except that the database holds only a hash of each
key: a copy of the database signs no one in."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.test import Client
from django.utils import timezone

from tests.conftest import signed_in
from upstander.accounts.models import HashedSession, User
from upstander.accounts.sessions import SessionStore, key_hash

pytestmark = pytest.mark.django_db


def test_a_saved_session_is_read_back() -> None:
    store = SessionStore()
    store["case_worker"] = "kit"
    store.save()
    assert store.session_key is not None
    assert SessionStore(session_key=store.session_key)["case_worker"] == "kit"


def test_an_expired_session_is_not_read_and_gets_a_new_key() -> None:
    store = SessionStore()
    store["case_worker"] = "kit"
    store.save()
    assert store.session_key is not None
    HashedSession.objects.filter(pk=key_hash(store.session_key)).update(
        expire_date=timezone.now() - timedelta(seconds=1)
    )
    again = SessionStore(session_key=store.session_key)
    assert "case_worker" not in again
    assert again.session_key is None


def test_an_unknown_key_reads_as_an_empty_session() -> None:
    assert dict(SessionStore(session_key="x" * 32).items()) == {}


def test_a_deleted_session_is_gone() -> None:
    store = SessionStore()
    store["case_worker"] = "kit"
    store.save()
    key = store.session_key
    store.delete()
    assert not store.exists(key)
    assert not HashedSession.objects.exists()


def test_the_database_holds_no_live_session_key(client: Client, caseworker: User) -> None:
    signed_in(client, caseworker)
    assert client.get("/staff/").status_code == 200
    live_key = client.cookies[settings.SESSION_COOKIE_NAME].value
    rows = list(HashedSession.objects.all())
    assert [row.session_key for row in rows] == [key_hash(live_key)]
    assert all(live_key not in row.session_data for row in rows)
    # What a dump holds, put in a cookie, signs no one in.
    thief = Client()
    thief.cookies[settings.SESSION_COOKIE_NAME] = rows[0].session_key
    assert thief.get("/staff/").status_code == 302
    assert SESSION_KEY not in SessionStore(session_key=rows[0].session_key)
