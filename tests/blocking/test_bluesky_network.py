"""Against a real PDS on loopback (testnet/pds.mjs): the party list, list blocks, blocks.

Skipped where Node 22 and testnet/node_modules are missing, and failed instead in CI
(UPSTANDER_TESTNET_REQUIRED=1). The AppView check needs the dev-env tier (PDS + AppView,
tests/blocking/appview).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import pytest
from django.db import transaction

from tests.blocking.conftest import capture
from tests.conftest import make_person
from tests.platforms.atproto_testnet import PASSWORD, AtprotoNetwork
from upstander.accounts.models import Platform, Role, User
from upstander.blocking import writers
from upstander.blocking.models import Action, BlockEntry, BlockingAccount, DeliveryState, Method
from upstander.blocking.services import (
    block_approve,
    block_request,
    block_unblock,
    blocking_account_connect,
    deliveries_run_due,
    delivery_run,
    party_list_configure,
    party_list_create,
)
from upstander.platforms.bluesky import BlueskyAdapter
from upstander.platforms.bluesky_records import BLOCK, LIST, LISTBLOCK, LISTITEM, MODLIST


def writer(network: AtprotoNetwork, did: str, password: str) -> BlueskyAdapter:
    return BlueskyAdapter.login(
        service=network.pds_url, handle=did, password=password, allow_private=True
    )


@pytest.fixture
def party(bluesky: AtprotoNetwork, administrator: User) -> BlueskyAdapter:
    handle, did, password = bluesky.account("party")
    party_list_configure(
        administrator,
        handle=handle,
        account_id=did,
        service_url=bluesky.pds_url,
        credential=password,
    )
    party_list_create(name="Party blocklist")
    return writer(bluesky, did, password)


def connect(
    bluesky: AtprotoNetwork, person: User, method: str
) -> tuple[BlockingAccount, BlueskyAdapter]:
    handle, did, password = bluesky.account("person")
    account = blocking_account_connect(
        person,
        person=person,
        platform=Platform.BLUESKY,
        handle=handle,
        account_id=did,
        service_url=bluesky.pds_url,
        credential=password,
        method=method,
        consent=True,
    )
    return account, writer(bluesky, did, password)


def request_block(bluesky: AtprotoNetwork, caseworker: User) -> tuple[BlockEntry, str]:
    handle, did, _ = bluesky.account("troll")
    evidence = capture("bluesky", did, handle)
    entry = block_request(
        caseworker,
        platform="bluesky",
        account_id=did,
        handle=handle,
        reason="Threats in replies",
        evidence_ids=[evidence.pk],
    )
    return entry, did


def test_the_party_list_is_a_modlist_and_a_block_adds_one_list_item_for_everyone(
    bluesky: AtprotoNetwork,
    party: BlueskyAdapter,
    caseworker: User,
    safeguarding_lead: User,
    django_capture_on_commit_callbacks: Any,
) -> None:
    [made] = party.records(LIST)
    assert made["value"]["purpose"] == MODLIST
    persons = [make_person(f"p{i}@example.org", Role.PROTECTED_PERSON) for i in range(2)]
    with django_capture_on_commit_callbacks(execute=True):
        subscribed = [connect(bluesky, person, Method.MODLIST) for person in persons]
    for account, repo in subscribed:
        account.refresh_from_db()
        [subscription] = repo.records(LISTBLOCK)
        assert subscription["value"]["subject"] == made["uri"]
        assert account.subscription_uri == subscription["uri"]

    entry, troll = request_block(bluesky, caseworker)
    with django_capture_on_commit_callbacks(execute=True):
        block_approve(safeguarding_lead, entry=entry)
    [item] = party.records(LISTITEM)
    assert item["value"]["subject"] == troll
    assert item["value"]["list"] == made["uri"]
    states = set(entry.deliveries.values_list("state", flat=True))
    assert states == {DeliveryState.CONFIRMED}
    assert entry.deliveries.filter(account__isnull=False).count() == 2
    assert set(
        entry.deliveries.filter(account__isnull=False).values_list("record_ref", flat=True)
    ) == {item["uri"]}
    for _, repo in subscribed:
        assert repo.records(BLOCK) == []  # one list write, not one block per person

    with django_capture_on_commit_callbacks(execute=True):
        block_unblock(safeguarding_lead, entry=entry, reason="Appeal upheld")
    assert party.records(LISTITEM) == []
    unblocks = entry.deliveries.filter(action=Action.UNBLOCK)
    assert set(unblocks.values_list("state", flat=True)) == {DeliveryState.CONFIRMED}


def test_a_direct_block_is_written_once_even_when_a_retry_follows_a_crash(
    bluesky: AtprotoNetwork,
    caseworker: User,
    safeguarding_lead: User,
    django_capture_on_commit_callbacks: Any,
) -> None:
    person = make_person("direct@example.org", Role.PROTECTED_PERSON)
    _, repo = connect(bluesky, person, Method.BLOCK)
    entry, troll = request_block(bluesky, caseworker)
    with django_capture_on_commit_callbacks(execute=False):
        block_approve(safeguarding_lead, entry=entry)
    delivery = entry.deliveries.get()

    class Crash(Exception):
        pass

    with pytest.raises(Crash), transaction.atomic():
        delivery_run(delivery_id=delivery.pk)
        raise Crash  # the write reached the PDS; the database never heard of it
    delivery.refresh_from_db()
    assert delivery.state == DeliveryState.QUEUED
    deliveries_run_due()
    delivery.refresh_from_db()
    assert delivery.state == DeliveryState.CONFIRMED
    blocks = repo.records(BLOCK)
    assert [b["value"]["subject"] for b in blocks] == [troll]
    assert delivery.record_ref == blocks[0]["uri"]

    with django_capture_on_commit_callbacks(execute=True):
        block_unblock(safeguarding_lead, entry=entry, reason="Blocked by mistake")
    assert repo.records(BLOCK) == []


def test_an_app_password_that_stops_working_after_consent_fails_permanently(
    bluesky: AtprotoNetwork,
    caseworker: User,
    safeguarding_lead: User,
    django_capture_on_commit_callbacks: Any,
) -> None:
    person = make_person("wrong@example.org", Role.PROTECTED_PERSON)
    handle, did, password = bluesky.account("person")
    account = blocking_account_connect(
        person,
        person=person,
        platform=Platform.BLUESKY,
        handle=handle,
        account_id=did,
        service_url=bluesky.pds_url,
        credential=password,
        method=Method.BLOCK,
        consent=True,
    )
    # Checked at consent; later the person revokes the app password on Bluesky.
    BlockingAccount.objects.filter(pk=account.pk).update(credential="not-the-password")
    writers.forget_all()
    entry, _ = request_block(bluesky, caseworker)
    with django_capture_on_commit_callbacks(execute=True):
        block_approve(safeguarding_lead, entry=entry)
    delivery = entry.deliveries.get()
    assert delivery.state == DeliveryState.FAILED
    assert "credentials" in delivery.last_error


def _eventually(check: Callable[[], bool], seconds: float = 30) -> bool:
    """The AppView indexes shortly after a write: ask again for a while (longer on a busy
    machine)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.1)
    return check()


def test_the_appview_reports_the_abuser_as_blocked_for_each_person_and_unblock_removes_it(
    atproto_appview: AtprotoNetwork,
    administrator: User,
    caseworker: User,
    safeguarding_lead: User,
    django_capture_on_commit_callbacks: Any,
) -> None:
    handle, did, password = atproto_appview.account("party")
    party_list_configure(
        administrator,
        handle=handle,
        account_id=did,
        service_url=atproto_appview.pds_url,
        credential=password,
    )
    party_list_create(name="Party blocklist")
    persons = [make_person(f"av{i}@example.org", Role.PROTECTED_PERSON) for i in range(2)]
    with django_capture_on_commit_callbacks(execute=True):
        (_, listed), (_, direct) = (
            connect(atproto_appview, persons[0], Method.MODLIST),
            connect(atproto_appview, persons[1], Method.BLOCK),
        )
    entry, troll = request_block(atproto_appview, caseworker)
    # An account that has written nothing may never be indexed by the AppView (its getProfile
    # says "Profile not found"): the abuser has posted, as abusers in these cases have.
    writer(atproto_appview, troll, PASSWORD).post("you will regret standing")
    with django_capture_on_commit_callbacks(execute=True):
        block_approve(safeguarding_lead, entry=entry)
    assert _eventually(lambda: listed.is_blocking(troll) and direct.is_blocking(troll))

    with django_capture_on_commit_callbacks(execute=True):
        block_unblock(safeguarding_lead, entry=entry, reason="Appeal upheld")
    assert _eventually(lambda: not listed.is_blocking(troll) and not direct.is_blocking(troll))


def test_a_bluesky_report_reaches_the_moderation_service_naming_the_post_it_read(
    atproto_appview: AtprotoNetwork,
) -> None:
    _, victim_did, victim_password = atproto_appview.account("victim")
    _, troll_did, troll_password = atproto_appview.account("troll")
    troll = writer(atproto_appview, troll_did, troll_password)
    post = troll.post("nobody wants you here")
    victim = writer(atproto_appview, victim_did, victim_password)
    made = victim.report(account_id=troll_did, post_uris=[post], reason="Threats")
    assert made and all(part.isdigit() for part in made.split(","))
    gone = f"at://{troll_did}/app.bsky.feed.post/3aaaaaaaaaaaa"
    account_only = victim.report(account_id=troll_did, post_uris=[gone], reason="Threats")
    assert account_only and account_only != made  # the post is gone: the account is reported
