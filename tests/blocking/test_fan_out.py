"""Fan-out to every opted-in account, through Mastodon.py against a local Mastodon API server."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.db import transaction
from django.utils import timezone

from tests.blocking.conftest import capture, connect_mastodon
from tests.cases.helpers import consulted_case
from tests.conftest import make_person
from tests.platforms.mastodon_server import MastodonServer
from upstander.accounts.models import Role, User
from upstander.audit.models import AuditEntry
from upstander.blocking.models import (
    Action,
    BlockEntry,
    BlockingAccount,
    Delivery,
    DeliveryState,
    EntryStatus,
    Method,
)
from upstander.blocking.selectors import time_to_block_weekly
from upstander.blocking.services import (
    block_approve,
    block_request,
    block_unblock,
    blocking_account_revoke,
    deliveries_run_due,
    delivery_run,
)

TROLL = "troll@evil.example"


def people(n: int) -> list[User]:
    return [make_person(f"person{i}@example.org", Role.PROTECTED_PERSON) for i in range(n)]


def requested(
    server: MastodonServer, caseworker: User, **extra: Any
) -> tuple[BlockEntry, dict[str, Any]]:
    troll = server.add_account("troll", remote="evil.example")
    evidence = capture("mastodon", troll["uri"], TROLL)
    entry = block_request(
        caseworker,
        platform="mastodon",
        account_id=troll["uri"],
        handle=TROLL,
        reason="Threats in replies",
        evidence_ids=[evidence.pk],
        **extra,
    )
    return entry, troll


def blocked_by(server: MastodonServer, token: str, troll: dict[str, Any]) -> bool:
    return (server.tokens[token], troll["id"]) in server.blocks


def test_an_approved_block_reaches_every_opted_in_account_and_is_confirmed(
    mastodon: MastodonServer,
    caseworker: User,
    safeguarding_lead: User,
    django_capture_on_commit_callbacks: Any,
) -> None:
    tokens = [connect_mastodon(mastodon, person, f"p{i}")[1] for i, person in enumerate(people(3))]
    entry, troll = requested(mastodon, caseworker)
    with django_capture_on_commit_callbacks(execute=True):
        block_approve(safeguarding_lead, entry=entry)
    assert all(blocked_by(mastodon, token, troll) for token in tokens)
    deliveries = list(entry.deliveries.all())
    assert len(deliveries) == 3
    assert {d.state for d in deliveries} == {DeliveryState.CONFIRMED}
    assert {d.record_ref for d in deliveries} == {troll["id"]}
    entry.refresh_from_db()
    assert entry.completed_at == max(d.confirmed_at for d in deliveries if d.confirmed_at)
    assert entry.completed_at >= entry.first_seen_at


def test_a_retry_after_a_crash_mid_fan_out_sends_nothing_twice(
    mastodon: MastodonServer,
    caseworker: User,
    safeguarding_lead: User,
    django_capture_on_commit_callbacks: Any,
) -> None:
    tokens = [connect_mastodon(mastodon, person, f"p{i}")[1] for i, person in enumerate(people(4))]
    entry, troll = requested(mastodon, caseworker)
    with django_capture_on_commit_callbacks(execute=False):
        block_approve(safeguarding_lead, entry=entry)  # the tasks never ran: the worker died
    first_two = list(entry.deliveries.order_by("pk")[:2])

    class Crash(Exception):
        pass

    for delivery in first_two:
        # The worker wrote to Mastodon, then died before its database transaction committed.
        with pytest.raises(Crash), transaction.atomic():
            assert delivery_run(delivery_id=delivery.pk) == "confirmed"
            raise Crash
    assert all(blocked_by(mastodon, token, troll) for token in tokens[:2])
    assert set(entry.deliveries.values_list("state", flat=True)) == {DeliveryState.QUEUED}

    with django_capture_on_commit_callbacks(execute=True):
        deliveries_run_due()
    assert set(entry.deliveries.values_list("state", flat=True)) == {DeliveryState.CONFIRMED}
    assert [mastodon.writes_by(token, "/block") for token in tokens] == [1, 1, 1, 1]


def test_unblock_reaches_everywhere_the_block_went(
    mastodon: MastodonServer,
    caseworker: User,
    safeguarding_lead: User,
    django_capture_on_commit_callbacks: Any,
) -> None:
    tokens = [connect_mastodon(mastodon, person, f"p{i}")[1] for i, person in enumerate(people(3))]
    entry, troll = requested(mastodon, caseworker)
    with django_capture_on_commit_callbacks(execute=True):
        block_approve(safeguarding_lead, entry=entry)
    with django_capture_on_commit_callbacks(execute=True):
        block_unblock(safeguarding_lead, entry=entry, reason="Appeal upheld: a mistaken identity")
    assert not any(blocked_by(mastodon, token, troll) for token in tokens)
    unblocks = entry.deliveries.filter(action=Action.UNBLOCK)
    assert unblocks.count() == 3
    assert set(unblocks.values_list("state", flat=True)) == {DeliveryState.CONFIRMED}
    entry.refresh_from_db()
    assert entry.status == EntryStatus.UNBLOCKED
    assert entry.unblock_reason == "Appeal upheld: a mistaken identity"


def test_lifting_a_block_needs_the_lead_and_a_reason(
    mastodon: MastodonServer, caseworker: User, safeguarding_lead: User
) -> None:
    from upstander.blocking.errors import ReasonRequired
    from upstander.core.errors import NotPermitted

    entry, _ = requested(mastodon, caseworker)
    block_approve(safeguarding_lead, entry=entry)
    with pytest.raises(NotPermitted):
        block_unblock(caseworker, entry=entry, reason="I changed my mind")
    with pytest.raises(ReasonRequired):
        block_unblock(safeguarding_lead, entry=entry, reason="")


def test_a_rate_limited_answer_is_retried_with_backoff(
    mastodon: MastodonServer,
    caseworker: User,
    safeguarding_lead: User,
    django_capture_on_commit_callbacks: Any,
) -> None:
    _, token = connect_mastodon(mastodon, people(1)[0], "p0")
    mastodon.throttle[token] = 1  # the next answer is 429
    entry, troll = requested(mastodon, caseworker)
    with django_capture_on_commit_callbacks(execute=True):
        block_approve(safeguarding_lead, entry=entry)
    delivery = Delivery.objects.get(entry=entry)
    assert delivery.state == DeliveryState.QUEUED
    assert "slow down" in delivery.last_error
    assert delivery.next_attempt_at > timezone.now()
    assert deliveries_run_due() == 0  # not due yet: it waits out the backoff
    with (
        time_machine.travel(delivery.next_attempt_at + timedelta(seconds=1)),
        django_capture_on_commit_callbacks(execute=True),
    ):
        deliveries_run_due()
    delivery.refresh_from_db()
    assert delivery.state == DeliveryState.CONFIRMED
    assert delivery.attempts == 2
    assert blocked_by(mastodon, token, troll)


def _approved_with_a_revoked_token(
    mastodon: MastodonServer, caseworker: User, lead: User, on_commit: Any
) -> tuple[BlockingAccount, Delivery]:
    """A block approved for delivery through one account whose token the server revoked."""
    account, token = connect_mastodon(mastodon, people(1)[0], "p0")
    mastodon.revoked.add(token)
    entry, _ = requested(mastodon, caseworker)
    with on_commit(execute=True):
        block_approve(lead, entry=entry)
    return account, Delivery.objects.get(entry=entry)


def test_a_revoked_token_fails_permanently_and_alerts_the_lead(
    mastodon: MastodonServer,
    caseworker: User,
    safeguarding_lead: User,
    django_capture_on_commit_callbacks: Any,
) -> None:
    account, delivery = _approved_with_a_revoked_token(
        mastodon, caseworker, safeguarding_lead, django_capture_on_commit_callbacks
    )
    assert delivery.state == DeliveryState.FAILED
    assert "revoked" in delivery.last_error
    assert delivery.attempts == 1
    account.refresh_from_db()
    assert "connect the account again" in account.last_error
    assert [m.to for m in mail.outbox] == [[safeguarding_lead.email]]
    assert "could not be delivered" in mail.outbox[0].subject


def test_a_failed_delivery_is_audited_by_its_cause_never_the_platforms_words(
    mastodon: MastodonServer,
    caseworker: User,
    safeguarding_lead: User,
    django_capture_on_commit_callbacks: Any,
) -> None:
    account, delivery = _approved_with_a_revoked_token(
        mastodon, caseworker, safeguarding_lead, django_capture_on_commit_callbacks
    )
    failed = AuditEntry.objects.get(verb="block.delivery_failed")
    assert failed.details == {
        "delivery": delivery.pk,
        "account": account.pk,
        "cause": "AuthenticationFailed",
        "permanent": True,
        "attempts": 1,
    }
    assert delivery.last_error, "the platform's words stay on the delivery for the leads"


def test_writes_to_one_account_are_spaced_by_its_rate_limit(
    mastodon: MastodonServer,
    caseworker: User,
    safeguarding_lead: User,
    monkeypatch: pytest.MonkeyPatch,
    django_capture_on_commit_callbacks: Any,
) -> None:
    monkeypatch.setenv("BLOCKING_MASTODON_WRITE_INTERVAL_MS", "60000")
    account, token = connect_mastodon(mastodon, people(1)[0], "p0")
    BlockingAccount.objects.filter(pk=account.pk).update(
        next_write_at=timezone.now() + timedelta(seconds=30)
    )
    entry, troll = requested(mastodon, caseworker)
    with django_capture_on_commit_callbacks(execute=True):
        block_approve(safeguarding_lead, entry=entry)
    delivery = Delivery.objects.get(entry=entry)
    assert delivery.state == DeliveryState.QUEUED
    assert delivery.attempts == 0
    assert not blocked_by(mastodon, token, troll)
    with (
        time_machine.travel(timezone.now() + timedelta(seconds=31)),
        django_capture_on_commit_callbacks(execute=True),
    ):
        deliveries_run_due()
    delivery.refresh_from_db()
    assert delivery.state == DeliveryState.CONFIRMED


def test_a_withdrawn_account_gets_no_new_blocks(
    mastodon: MastodonServer,
    caseworker: User,
    safeguarding_lead: User,
    django_capture_on_commit_callbacks: Any,
) -> None:
    person = people(1)[0]
    account, token = connect_mastodon(mastodon, person, "p0")
    blocking_account_revoke(person, account=account)
    entry, troll = requested(mastodon, caseworker)
    with django_capture_on_commit_callbacks(execute=True):
        block_approve(safeguarding_lead, entry=entry)
    assert not entry.deliveries.exists()
    assert not blocked_by(mastodon, token, troll)


def test_mute_is_offered_instead_of_a_block(
    mastodon: MastodonServer,
    caseworker: User,
    safeguarding_lead: User,
    django_capture_on_commit_callbacks: Any,
) -> None:
    _, token = connect_mastodon(mastodon, people(1)[0], "p0", method=Method.MUTE)
    entry, troll = requested(mastodon, caseworker)
    with django_capture_on_commit_callbacks(execute=True):
        block_approve(safeguarding_lead, entry=entry)
    owner = mastodon.tokens[token]
    assert (owner, troll["id"]) in mastodon.mutes
    assert (owner, troll["id"]) not in mastodon.blocks


def test_a_report_goes_to_the_moderators_with_the_posts_and_is_forwarded(
    mastodon: MastodonServer,
    caseworker: User,
    safeguarding_lead: User,
    django_capture_on_commit_callbacks: Any,
) -> None:
    person = people(1)[0]
    connect_mastodon(mastodon, person, "p0")
    # A report names the person targeted: from their case, where they asked for it.
    case = consulted_case(caseworker, person, wishes=("block", "platform_report"))
    entry, troll = requested(mastodon, caseworker, report_to_platform=True, case_id=case.pk)
    with django_capture_on_commit_callbacks(execute=True):
        block_approve(safeguarding_lead, entry=entry)
    report = Delivery.objects.get(entry=entry, action=Action.REPORT)
    assert report.state == DeliveryState.CONFIRMED
    [sent] = mastodon.reports
    assert sent["forwarded"] is True
    assert sent["status_ids"] == ["1"]
    assert sent["target_account"]["uri"] == troll["uri"]


def test_time_to_block_is_measured_from_the_first_post_to_the_last_confirmation(
    mastodon: MastodonServer,
    caseworker: User,
    safeguarding_lead: User,
    django_capture_on_commit_callbacks: Any,
) -> None:
    connect_mastodon(mastodon, people(1)[0], "p0")
    arrived = timezone.now() - timedelta(minutes=10)
    entry, _ = requested(mastodon, caseworker, first_seen_at=arrived)
    with django_capture_on_commit_callbacks(execute=True):
        block_approve(safeguarding_lead, entry=entry)
    entry.refresh_from_db()
    assert entry.first_seen_at == arrived
    assert entry.completed_at is not None
    weeks = time_to_block_weekly()
    assert len(weeks) == 1
    assert weeks[0].blocks == 1
    assert 600 <= weeks[0].median_s < 660
    assert weeks[0].p90_s == weeks[0].median_s


def test_an_expired_block_is_lifted_everywhere(
    mastodon: MastodonServer,
    caseworker: User,
    safeguarding_lead: User,
    django_capture_on_commit_callbacks: Any,
) -> None:
    from upstander.blocking.services import blocks_expire

    _, token = connect_mastodon(mastodon, people(1)[0], "p0")
    entry, troll = requested(mastodon, caseworker, expires_at=timezone.now() + timedelta(days=30))
    with django_capture_on_commit_callbacks(execute=True):
        block_approve(safeguarding_lead, entry=entry)
    assert blocked_by(mastodon, token, troll)
    with django_capture_on_commit_callbacks(execute=True):
        assert blocks_expire() == 0
        assert blocks_expire(now=timezone.now() + timedelta(days=31)) == 1
    entry.refresh_from_db()
    assert entry.status == EntryStatus.UNBLOCKED
    assert "expiry" in entry.unblock_reason
    assert not blocked_by(mastodon, token, troll)


def test_a_batch_claimed_by_a_worker_that_died_is_taken_over_when_the_claim_expires(
    mastodon: MastodonServer,
    caseworker: User,
    safeguarding_lead: User,
    django_capture_on_commit_callbacks: Any,
) -> None:
    from upstander.blocking.writers import mastodon_for

    account, token = connect_mastodon(mastodon, people(1)[0], "p0")
    entry, troll = requested(mastodon, caseworker)
    with django_capture_on_commit_callbacks(execute=False):
        block_approve(safeguarding_lead, entry=entry)
    # The dead worker had committed its claim and written the block, then vanished.
    Delivery.objects.filter(entry=entry).update(
        claimed_until=timezone.now() + timedelta(seconds=120), claim_token="dead", attempts=1
    )
    mastodon_for(account).block(troll["uri"], handle=TROLL)
    assert deliveries_run_due() == 0  # still held
    with (
        time_machine.travel(timezone.now() + timedelta(seconds=121)),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert deliveries_run_due() == 1
    delivery = Delivery.objects.get(entry=entry)
    assert delivery.state == DeliveryState.CONFIRMED
    assert delivery.attempts == 2
    assert mastodon.writes_by(token, "/block") == 1


def answers_junk_to(monkeypatch: pytest.MonkeyPatch, token: str) -> None:
    """The server behind this token answers something its adapter cannot read: the adapter
    fails as it would on an answer of the wrong shape (here, a dict where a list belongs)."""
    from upstander.platforms.mastodon import MastodonAdapter

    real = MastodonAdapter.is_blocking

    def is_blocking(self: MastodonAdapter, local_id: str) -> bool:
        if self.api.access_token == token:
            return bool({"error": "surprise"}[0])  # type: ignore[index]
        return real(self, local_id)

    monkeypatch.setattr(MastodonAdapter, "is_blocking", is_blocking)


def test_a_malformed_answer_from_one_server_does_not_stop_the_other_deliveries(
    mastodon: MastodonServer,
    caseworker: User,
    safeguarding_lead: User,
    monkeypatch: pytest.MonkeyPatch,
    django_capture_on_commit_callbacks: Any,
) -> None:
    (junk_account, junk), (good_account, good) = [
        connect_mastodon(mastodon, person, f"p{i}") for i, person in enumerate(people(2))
    ]
    answers_junk_to(monkeypatch, junk)
    entry, troll = requested(mastodon, caseworker)
    with django_capture_on_commit_callbacks(execute=False):
        block_approve(safeguarding_lead, entry=entry)  # queued: the sweeper runs both at once

    with django_capture_on_commit_callbacks(execute=True):
        assert deliveries_run_due() == 2

    bad = Delivery.objects.get(entry=entry, account=junk_account)
    assert bad.state == DeliveryState.QUEUED
    assert bad.last_error == "Unexpected KeyError from the platform."
    assert bad.next_attempt_at > timezone.now()  # it backs off rather than coming first again
    assert bad.claimed_until is None
    other = Delivery.objects.get(entry=entry, account=good_account)
    assert other.state == DeliveryState.CONFIRMED
    assert blocked_by(mastodon, good, troll)


def test_a_server_that_keeps_answering_junk_fails_its_delivery_and_alerts_the_lead(
    mastodon: MastodonServer,
    caseworker: User,
    safeguarding_lead: User,
    monkeypatch: pytest.MonkeyPatch,
    django_capture_on_commit_callbacks: Any,
) -> None:
    monkeypatch.setenv("BLOCKING_MAX_ATTEMPTS", "2")
    _, junk = connect_mastodon(mastodon, people(1)[0], "p0")
    answers_junk_to(monkeypatch, junk)
    entry, _ = requested(mastodon, caseworker)
    with django_capture_on_commit_callbacks(execute=True):
        block_approve(safeguarding_lead, entry=entry)
    delivery = Delivery.objects.get(entry=entry)
    assert (delivery.state, delivery.attempts) == (DeliveryState.QUEUED, 1)
    with (
        time_machine.travel(delivery.next_attempt_at + timedelta(seconds=1)),
        django_capture_on_commit_callbacks(execute=True),
    ):
        deliveries_run_due()
    delivery.refresh_from_db()
    assert delivery.state == DeliveryState.FAILED
    assert delivery.last_error == "Gave up after 2 tries: Unexpected KeyError from the platform."
    assert [m.to for m in mail.outbox] == [[safeguarding_lead.email]]
    assert "could not be delivered" in mail.outbox[0].subject
