"""The Bluesky adapter and firehose reader against a real PDS on loopback (atproto client)."""

from __future__ import annotations

import time

import pytest

from tests.platforms.atproto_testnet import AtprotoNetwork, PdsAccount
from upstander.platforms.base import Capability, PlatformAdapter, supports
from upstander.platforms.bluesky import BlueskyAdapter
from upstander.platforms.bluesky_records import BLOCK, LISTITEM, record_key
from upstander.platforms.errors import AuthenticationFailed, NotFound, PermanentError
from upstander.platforms.firehose import FirehoseSource
from upstander.platforms.jetstream import JetstreamMatcher
from upstander.platforms.types import Relation

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def people(atproto_network):
    return atproto_network.create_account("priya"), atproto_network.create_account("troll")


def login(network: AtprotoNetwork, account: PdsAccount) -> BlueskyAdapter:
    return BlueskyAdapter.login(
        service=network.pds_url,
        handle=account.handle,
        password=account.password,
        plc_url=network.plc_url,
        allow_private=True,
    )


def test_login_gives_the_account_and_a_session_that_is_reused(atproto_network, people):
    priya, _ = people
    adapter = login(atproto_network, priya)
    assert isinstance(adapter, PlatformAdapter)
    assert (adapter.me().id, adapter.me().handle) == (priya.did, priya.handle)
    resumed = BlueskyAdapter.resume_or_login(
        service=atproto_network.pds_url,
        session=adapter.export_session(),
        handle="",
        password="",
        allow_private=True,
    )
    assert resumed.me().id == priya.did


def test_a_wrong_app_password_is_a_permanent_authentication_failure(atproto_network, people):
    priya, _ = people
    with pytest.raises(AuthenticationFailed) as refused:
        BlueskyAdapter.login(
            service=atproto_network.pds_url,
            handle=priya.handle,
            password="wrong-password",
            allow_private=True,
        )
    assert refused.value.permanent


def test_handles_and_dids_resolve_both_ways(atproto_network, people):
    priya, troll = people
    adapter = login(atproto_network, priya)
    assert adapter.resolve_handle("@" + troll.handle).id == troll.did
    assert adapter.resolve_id(troll.did).handle == troll.handle


def test_a_post_is_fetched_with_its_author(atproto_network, people):
    priya, troll = people
    uri = login(atproto_network, troll).post("hello from the test network")
    post = login(atproto_network, priya).get_post(uri)
    assert (post.text, post.author_id, post.author_handle) == (
        "hello from the test network",
        troll.did,
        troll.handle,
    )
    with pytest.raises(NotFound):
        login(atproto_network, priya).get_post(uri[:-3] + "zzz")


def test_the_firehose_becomes_jetstream_lines_that_match_a_reply(atproto_network, people):
    priya, troll = people
    own = login(atproto_network, priya).post("my surgery is on saturday")
    reply = login(atproto_network, troll).post("nobody wants you here", reply_to=own)
    matcher = JetstreamMatcher({priya.did})
    source = FirehoseSource(atproto_network.firehose_url, idle_seconds=0.5)
    found = []
    deadline = time.monotonic() + 15
    for line, _cursor in source.lines("0"):
        if line is not None:
            found.extend(matcher.match(line))
        if any(i.post.uri == reply for i in found) or time.monotonic() > deadline:
            break
    assert [(i.post.uri, i.relation, i.post.text) for i in found if i.post.uri == reply] == [
        (reply, Relation.REPLY, "nobody wants you here")
    ]
    assert matcher.handles.get(troll.did) == troll.handle  # learnt from identity events


def test_notifications_need_an_appview_which_a_bare_pds_lacks(atproto_network, people):
    priya, _ = people
    with pytest.raises(PermanentError):
        login(atproto_network, priya).mentions_page()


def test_bluesky_writes_a_block_once_per_record_key_and_unblock_finds_it_by_the_account(
    atproto_network, people
):
    priya, troll = people
    client = login(atproto_network, priya)
    key = record_key(timestamp_us=1_700_000_000_000_000, clock_id=7)
    first = client.block(troll.did, rkey=key)
    assert client.block(troll.did, rkey=key) == first  # a retry finds the record it wrote
    assert [b["value"]["subject"] for b in client.records(BLOCK)] == [troll.did]
    client.unblock(troll.did)  # no key given: every block of that account goes
    assert client.records(BLOCK) == []


def test_bluesky_adds_to_and_removes_from_a_moderation_list(atproto_network, people):
    priya, troll = people
    client = login(atproto_network, priya)
    assert supports(client, Capability.MODERATION_LIST)
    list_uri = client.modlist_ensure(
        rkey=record_key(timestamp_us=1, clock_id=1), name="L", description=""
    )
    item = client.moderation_list_add(list_ref=list_uri, account_id=troll.did)
    [found] = client.records(LISTITEM)
    assert found["uri"] == item and found["value"]["subject"] == troll.did
    client.moderation_list_remove(list_ref=list_uri, account_id=troll.did)
    assert client.records(LISTITEM) == []


def test_bluesky_mutes_only_through_an_appview_which_a_bare_pds_lacks(atproto_network, people):
    priya, troll = people
    with pytest.raises(PermanentError):
        login(atproto_network, priya).mute(troll.did)
