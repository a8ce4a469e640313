"""Sessions read through a prepared query behave as Django's database sessions."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.utils import timezone

from upstander.accounts.sessions import SessionStore


@pytest.mark.django_db
def test_a_saved_session_is_read_back():
    store = SessionStore()
    store["case_worker"] = "kit"
    store.save()
    assert SessionStore(session_key=store.session_key)["case_worker"] == "kit"


@pytest.mark.django_db
def test_an_expired_session_is_not_read_and_gets_a_new_key():
    store = SessionStore()
    store["case_worker"] = "kit"
    store.save()
    Session.objects.filter(pk=store.session_key).update(
        expire_date=timezone.now() - timedelta(seconds=1)
    )
    again = SessionStore(session_key=store.session_key)
    assert "case_worker" not in again
    assert again.session_key is None


@pytest.mark.django_db
def test_an_unknown_key_reads_as_an_empty_session():
    assert dict(SessionStore(session_key="x" * 32).items()) == {}
