"""A per-account source that cannot be read says why, through a service and its audit entry."""

from __future__ import annotations

import pytest

from upstander.audit.models import AuditEntry
from upstander.monitoring import accounts_loop
from upstander.monitoring.models import MonitorSource, WatchedAccount
from upstander.monitoring.pipeline import Monitor, RunStats
from upstander.platforms.errors import AuthenticationFailed, PlatformError


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
