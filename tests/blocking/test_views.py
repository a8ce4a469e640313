"""The blocking pages: who sees them, the request and decision forms, live delivery status."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tests.blocking.conftest import capture, connect_mastodon
from tests.blocking.test_block_rules import declare_member
from tests.cases.helpers import reported_case
from tests.conftest import make_person, signed_in
from tests.platforms.mastodon_server import MastodonServer
from upstander.accounts.models import Role, User
from upstander.audit.models import AuditEntry
from upstander.blocking.errors import MemberAccountRefused
from upstander.blocking.models import BlockEntry, BlockingAccount, DeliveryState, EntryStatus
from upstander.blocking.services import block_approve, block_request, deliveries_run_due


def test_an_outsider_and_a_member_cannot_see_the_blocklist(
    client: Client, outsider: User, member: User
) -> None:
    for user in (outsider, member):
        response = signed_in(client, user).get(reverse("blocking:blocklist"))
        assert response.status_code == 403


def request_by_form(client: Client, server: MastodonServer, **overrides: str) -> Any:
    troll = server.add_account("troll", remote="evil.example")
    data = {
        "platform": "mastodon",
        "account_id": troll["uri"],
        "handle": "troll@evil.example",
        "reason": "Threats in replies",
        "post_url": "https://evil.example/@troll/1",
        "post_text": "a threatening reply",
        **overrides,
    }
    return client.post(reverse("blocking:block_new"), data)


@pytest.fixture
def cast(caseworker: User, safeguarding_lead: User, protected_person: User) -> SimpleNamespace:
    return SimpleNamespace(
        caseworker=caseworker, lead=safeguarding_lead, protected_person=protected_person
    )


def test_a_case_worker_requests_and_a_lead_approves_and_sees_every_delivery_confirmed(
    client: Client,
    mastodon: MastodonServer,
    cast: SimpleNamespace,
    django_capture_on_commit_callbacks: Any,
) -> None:
    caseworker, safeguarding_lead = cast.caseworker, cast.lead
    protected_person = cast.protected_person
    connect_mastodon(mastodon, protected_person, "priya")
    response = request_by_form(signed_in(client, caseworker), mastodon)
    entry = BlockEntry.objects.get()
    assert response.status_code == 302
    assert entry.evidence.count() == 1
    page = client.get(reverse("blocking:block_detail", args=[entry.pk]))
    assert b"waiting for approval" in page.content
    assert b"Approve the block" not in page.content  # a case worker does not approve

    signed_in(client, safeguarding_lead)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("blocking:block_decide", args=[entry.pk, "approve"]))
    entry.refresh_from_db()
    assert entry.status == EntryStatus.ACTIVE
    partial = client.get(
        reverse("blocking:block_detail", args=[entry.pk]), headers={"HX-Request": "true"}
    )
    assert b"<html" not in partial.content
    assert b"Blocked on <strong>1 of 1</strong>" in partial.content
    assert b"hx-trigger" not in partial.content  # settled: polling stops


def test_a_case_worker_cannot_approve_by_posting_the_form(
    client: Client, mastodon: MastodonServer, caseworker: User
) -> None:
    signed_in(client, caseworker)
    request_by_form(client, mastodon)
    entry = BlockEntry.objects.get()
    response = client.post(reverse("blocking:block_decide", args=[entry.pk, "approve"]))
    assert response.status_code == 403
    entry.refresh_from_db()
    assert entry.status == EntryStatus.REQUESTED


def test_a_request_without_a_stable_id_or_evidence_writes_nothing(
    client: Client, mastodon: MastodonServer, caseworker: User
) -> None:
    signed_in(client, caseworker)
    response = request_by_form(client, mastodon, account_id="troll@evil.example")
    assert response.status_code == 400
    assert b"stable id" in response.content
    response = request_by_form(client, mastodon, post_url="", post_text="")
    assert response.status_code == 400
    assert b"evidence first" in response.content
    assert not BlockEntry.objects.exists()


def test_the_block_form_refuses_a_case_number_the_worker_may_not_open_keeping_the_form(
    client: Client, mastodon: MastodonServer, caseworker: User
) -> None:
    someone_elses = reported_case(make_person("kit.worker@example.org", Role.CASE_WORKER))
    signed_in(client, caseworker)
    response = request_by_form(client, mastodon, case_id=str(someone_elses.pk))
    assert response.status_code == 400
    assert b"only its assigned case worker" in response.content
    assert b"Threats in replies" in response.content  # what was typed is still there
    assert not BlockEntry.objects.exists()
    assert not AuditEntry.objects.filter(verb="block.request").exists()


def test_the_consent_screen_says_bluesky_blocks_are_public_and_offers_muting(
    client: Client, protected_person: User, mastodon: MastodonServer
) -> None:
    page = signed_in(client, protected_person).get(reverse("blocking:consent"))
    text = page.content.decode()
    assert "blocks and lists are public" in text
    assert "muting" in text
    assert "Enterprise plan" in text
    priya, token = mastodon.add_user("priya")
    data = {
        "platform": "mastodon",
        "handle": f"priya@{mastodon.domain}",
        "account_id": priya["uri"],
        "service_url": mastodon.url,
        "credential": token,
        "method": "modlist",
        "consent": "on",
    }
    refused = client.post(reverse("blocking:consent"), data)
    assert refused.status_code == 400
    assert not BlockingAccount.objects.exists()
    client.post(reverse("blocking:consent"), {**data, "method": "mute"})
    account = BlockingAccount.objects.get()
    assert account.method == "mute"
    assert "private" in account.consent_statement
    client.post(reverse("blocking:consent_withdraw", args=[account.pk]))
    account.refresh_from_db()
    assert account.revoked_at is not None
    assert account.credential == ""


def test_unblock_from_the_page_needs_a_reason(
    client: Client,
    mastodon: MastodonServer,
    cast: SimpleNamespace,
    django_capture_on_commit_callbacks: Any,
) -> None:
    caseworker, safeguarding_lead = cast.caseworker, cast.lead
    protected_person = cast.protected_person
    connect_mastodon(mastodon, protected_person, "priya")
    request_by_form(signed_in(client, caseworker), mastodon)
    entry = BlockEntry.objects.get()
    signed_in(client, safeguarding_lead)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("blocking:block_decide", args=[entry.pk, "approve"]))
        client.post(reverse("blocking:block_decide", args=[entry.pk, "unblock"]), {"reason": ""})
    entry.refresh_from_db()
    assert entry.status == EntryStatus.ACTIVE
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("blocking:block_decide", args=[entry.pk, "unblock"]),
            {"reason": "Appeal upheld"},
        )
    entry.refresh_from_db()
    assert entry.status == EntryStatus.UNBLOCKED
    assert set(entry.deliveries.values_list("state", flat=True)) == {DeliveryState.CONFIRMED}


NOT_DELIVERED = "Approved, not yet delivered to anyone"
BLOCKED_BADGE = '<span class="badge ok">Blocked</span>'


def test_an_approved_block_is_not_shown_as_blocked_until_something_is_delivered(
    client: Client, mastodon: MastodonServer, cast: SimpleNamespace
) -> None:
    connect_mastodon(mastodon, cast.protected_person, "priya")
    request_by_form(signed_in(client, cast.caseworker), mastodon)
    entry = BlockEntry.objects.get()
    block_approve(cast.lead, entry=entry)  # its deliveries are queued, none sent yet
    for url in (reverse("blocking:blocklist"), reverse("blocking:block_detail", args=[entry.pk])):
        page = client.get(url).content.decode()
        assert NOT_DELIVERED in page
        assert BLOCKED_BADGE not in page

    deliveries_run_due()
    for url in (reverse("blocking:blocklist"), reverse("blocking:block_detail", args=[entry.pk])):
        page = client.get(url).content.decode()
        assert NOT_DELIVERED not in page
        assert BLOCKED_BADGE in page


def test_an_approved_block_with_no_connected_account_says_it_reached_nobody(
    client: Client, mastodon: MastodonServer, cast: SimpleNamespace
) -> None:
    request_by_form(signed_in(client, cast.caseworker), mastodon)
    entry = BlockEntry.objects.get()
    block_approve(cast.lead, entry=entry)
    page = client.get(reverse("blocking:block_detail", args=[entry.pk])).content.decode()
    assert NOT_DELIVERED in page
    assert "not yet delivered to anyone" in page.split('id="deliveries"')[1]


def test_the_approver_of_a_block_sees_the_posts_behind_it(
    client: Client, mastodon: MastodonServer, cast: SimpleNamespace
) -> None:
    request_by_form(signed_in(client, cast.caseworker), mastodon)
    entry = BlockEntry.objects.get()
    url = reverse("blocking:block_detail", args=[entry.pk])
    # The case worker who asked sees the ids and hashes, as before.
    assert "a threatening reply" not in client.get(url).content.decode()

    page = signed_in(client, cast.lead).get(url).content.decode()
    # The lead decides on the abuse itself: the post, behind a click, read through its hash.
    assert "<summary>Show the post</summary><blockquote>a threatening reply</blockquote>" in page
    viewed = AuditEntry.objects.filter(verb="block.evidence_view")
    assert viewed.count() == 1 and viewed.get().actor_user_id == cast.lead.pk


def test_only_leads_see_on_the_blocklist_which_members_are_referred_to_discipline(
    client: Client, caseworker: User, safeguarding_lead: User
) -> None:
    declare_member()  # Sam Member, whose account is then asked to be blocked
    evidence = capture("bluesky", "did:plc:membermembermembermember", "sam-member.test")
    with pytest.raises(MemberAccountRefused):
        block_request(
            caseworker,
            platform="bluesky",
            account_id="did:plc:membermembermembermember",
            reason="Abusive replies",
            evidence_ids=[evidence.pk],
        )
    page = signed_in(client, caseworker).get(reverse("blocking:blocklist")).content.decode()
    assert "Sam Member" not in page and "sam-member.test" not in page
    assert "1 waiting for a safeguarding lead" in page
    page = signed_in(client, safeguarding_lead).get(reverse("blocking:blocklist")).content.decode()
    assert "Sam Member" in page
