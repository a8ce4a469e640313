"""Block requests from cases whose account cannot be found yet: shown, retried, named by hand."""

from __future__ import annotations

import html
from datetime import timedelta
from typing import Any

import time_machine
from django.core.management import call_command
from django.template.defaultfilters import date as format_date
from django.test import Client
from django.urls import reverse
from django.utils import dateformat, timezone

from tests.blocking.conftest import connect_mastodon
from tests.cases.helpers import consulted_case
from tests.conftest import make_person, signed_in
from tests.platforms.mastodon_server import MastodonServer
from upstander.accounts.models import Role, User
from upstander.audit.models import AuditEntry
from upstander.blocking.models import BlockEntry, BlockHandover, DeliveryState, HandoverState
from upstander.blocking.services import block_approve
from upstander.cases.services import case_action_take

TROLL = "troll@evil.example"


def _page(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def _block_asked_for_by_handle(caseworker: User, handle: str = TROLL) -> BlockHandover:
    case = consulted_case(caseworker, platform="mastodon", accounts=(handle,))
    case_action_take(caseworker, case=case, kind="block")
    return BlockHandover.objects.get(case_id=case.pk)


def test_unresolvable_block_request_is_shown_and_retried(
    client: Client,
    mastodon: MastodonServer,
    caseworker: User,
    safeguarding_lead: User,
    django_capture_on_commit_callbacks: Any,
) -> None:
    protected_person = make_person("priya@example.org", Role.PROTECTED_PERSON)
    _, token = connect_mastodon(mastodon, protected_person, "priya")
    handover = _block_asked_for_by_handle(caseworker)  # nobody by that name on the server yet
    assert handover.state == HandoverState.NEEDS_STABLE_ID
    assert f"Could not find {TROLL} on mastodon" in handover.last_error
    assert handover.next_attempt_at is not None
    assert not BlockEntry.objects.exists()

    signed_in(client, caseworker)
    case_page = _page(client, reverse("cases:detail", args=[handover.case_id]))
    assert "Needs the account's stable id" in case_page
    assert handover.last_error in case_page
    assert f"Next try {format_date(handover.next_attempt_at, 'j M Y H:i')}" in case_page
    blocklist = _page(client, reverse("blocking:blocklist"))
    assert "Requests waiting to reach the blocklist" in blocklist
    assert handover.last_error in blocklist
    local = timezone.localtime(handover.next_attempt_at)
    assert dateformat.format(local, "j M Y H:i") in blocklist

    troll = mastodon.add_account("troll", remote="evil.example")  # the account can be found now
    call_command("blocking_worker")  # not due yet: nothing is tried
    assert BlockHandover.objects.get(pk=handover.pk).attempts == 1
    with time_machine.travel(handover.next_attempt_at + timedelta(seconds=1)):
        call_command("blocking_worker")
    handover.refresh_from_db()
    assert handover.state == HandoverState.HANDED_OVER
    assert handover.entry is not None
    entry = handover.entry
    assert (entry.account_id, entry.case_id, entry.requested_by) == (
        troll["uri"],
        handover.case_id,
        caseworker,
    )
    assert AuditEntry.objects.filter(verb="block.handover_done").count() == 1

    with django_capture_on_commit_callbacks(execute=True):
        block_approve(safeguarding_lead, entry=entry)
    assert (mastodon.tokens[token], troll["id"]) in mastodon.blocks
    assert entry.deliveries.get().state == DeliveryState.CONFIRMED
    assert "On the blocklist" in _page(client, reverse("cases:detail", args=[handover.case_id]))


def test_a_stable_id_entered_by_hand_sends_the_request_to_the_blocklist_at_once(
    client: Client,
    mastodon: MastodonServer,
    caseworker: User,
    protected_person: User,
    django_capture_on_commit_callbacks: Any,
) -> None:
    connect_mastodon(mastodon, protected_person, "priya")
    handover = _block_asked_for_by_handle(caseworker, "trol@evil.example")  # a typo
    troll = mastodon.add_account("troll", remote="evil.example")
    signed_in(client, caseworker)
    url = reverse("blocking:handover_stable_id", args=[handover.pk])

    refused = client.post(url, {"account_id": "troll@evil.example"}, follow=True)
    assert "A Mastodon stable id is the account's URI" in html.unescape(refused.content.decode())
    assert BlockHandover.objects.get(pk=handover.pk).state == HandoverState.NEEDS_STABLE_ID

    case_url = reverse("cases:detail", args=[handover.case_id])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"account_id": troll["uri"], "next": case_url})
    assert response.status_code == 302 and response["Location"] == case_url
    handover.refresh_from_db()
    assert handover.state == HandoverState.HANDED_OVER
    assert handover.entry is not None and handover.entry.account_id == troll["uri"]
    assert AuditEntry.objects.filter(verb="block.handover_stable_id").count() == 1
    assert "Requests waiting to reach the blocklist" not in _page(
        client, reverse("blocking:blocklist")
    )


def test_a_platform_that_cannot_be_reached_is_retried_and_then_left_for_a_person(
    mastodon: MastodonServer,
    caseworker: User,
    protected_person: User,
    monkeypatch: Any,
) -> None:
    monkeypatch.setenv("BLOCKING_HANDOVER_MAX_ATTEMPTS", "2")
    connect_mastodon(mastodon, protected_person, "priya")
    mastodon.fail_next = 1  # the server is down for the first look-up
    handover = _block_asked_for_by_handle(caseworker)
    assert handover.state == HandoverState.RETRYING
    assert handover.next_attempt_at is not None
    with time_machine.travel(handover.next_attempt_at + timedelta(seconds=1)):
        call_command("blocking_worker")  # up now, but nobody of that name: give up (2 tries)
    given_up = BlockHandover.objects.get(pk=handover.pk)
    assert given_up.state == HandoverState.FAILED
    assert given_up.next_attempt_at is None
    assert given_up.last_error.startswith("Gave up after 2 tries: Could not find")
