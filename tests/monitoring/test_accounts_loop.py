"""A per-account source that cannot be read says why, through a service and its audit entry."""

from __future__ import annotations

import pytest

from tests.monitoring.conftest import CONSENT, OTHER_WATCHED_DID, WATCHED_DID
from upstander.accounts.models import Platform, User
from upstander.audit.models import AuditEntry
from upstander.monitoring import accounts_loop
from upstander.monitoring.models import MonitorSource, WatchedAccount
from upstander.monitoring.pipeline import Monitor, RunStats
from upstander.monitoring.services import watched_account_connect
from upstander.platforms.errors import AuthenticationFailed, PlatformError
from upstander.platforms.types import Page


@pytest.mark.django_db
def test_an_unreadable_account_notes_each_new_error_on_its_source_with_an_audit_entry(
    watched: WatchedAccount, monkeypatch: pytest.MonkeyPatch
) -> None:
    errors = iter(
        [
            AuthenticationFailed("Invalid app password."),
            AuthenticationFailed("Invalid app password."),  # the same again: nothing new
            PlatformError("Service unavailable."),
        ]
    )

    def refuse(account: WatchedAccount) -> None:
        raise next(errors)

    monkeypatch.setattr(accounts_loop, "adapter_for", refuse)
    monitor = Monitor(owner="monitor-1")
    source_name = f"bluesky-notifications:{watched.pk}"
    notes = []
    for _ in range(3):
        accounts_loop.poll_account(monitor, watched, RunStats())
        notes.append(MonitorSource.objects.get(name=source_name).last_error)

    assert notes == ["Invalid app password.", "Invalid app password.", "Service unavailable."]
    source = MonitorSource.objects.get(name=source_name)
    entries = AuditEntry.objects.filter(verb="monitoring.source_error").order_by("sequence")
    assert [(e.target_id, e.details["error"]) for e in entries] == [
        (str(source.pk), "Invalid app password."),
        (str(source.pk), "Service unavailable."),
    ]


def connected(person: User, did: str, handle: str) -> WatchedAccount:
    return watched_account_connect(
        person,
        person=person,
        platform=Platform.BLUESKY,
        handle=handle,
        stable_id=did,
        consent_statement=CONSENT,
        credential="app-pass-word-1234",
    )


@pytest.mark.django_db
def test_one_account_whose_server_answers_junk_is_noted_and_the_next_account_is_still_read(
    protected_person: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    junk = connected(protected_person, WATCHED_DID, "priya.test")
    fine = connected(protected_person, OTHER_WATCHED_DID, "priya-too.test")
    read: list[int] = []

    class Reader:
        """The adapter of each account: one of them cannot make sense of its server's answer."""

        def __init__(self, account: WatchedAccount) -> None:
            self.account = account

        def mentions_page(self, *, cursor: str | None = None) -> Page:
            if self.account.pk == junk.pk:
                raise AttributeError("'str' object has no attribute 'get'")
            read.append(self.account.pk)
            return Page(interactions=[], cursor=None)

    monkeypatch.setattr(accounts_loop, "adapter_for", Reader)

    accounts_loop.run_accounts(Monitor(owner="monitor-1"), platform="bluesky", once=True)

    assert read == [fine.pk]
    noted = MonitorSource.objects.get(name=f"bluesky-notifications:{junk.pk}")
    assert noted.last_error == "Unexpected AttributeError from the platform."
    entry = AuditEntry.objects.get(verb="monitoring.source_error")
    assert (entry.target_id, entry.details["error"]) == (
        str(noted.pk),
        "Unexpected AttributeError from the platform.",
    )
    other = MonitorSource.objects.get(name=f"bluesky-notifications:{fine.pk}")
    assert (other.last_error, other.last_read_at is not None) == ("", True)
