"""A person connects real accounts through the page; the monitor reads them and fills the queue.

Mastodon: a local server with Mastodon's API shapes, through Mastodon.py. Bluesky: a real PDS on
loopback, read through its firehose (the same code path as Jetstream) with the atproto client.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tests.conftest import signed_in
from tests.platforms.internal_server import SECRET
from tests.platforms.mastodon_server import TOKEN
from upstander.accounts.models import User
from upstander.blocking.models import BlockingAccount
from upstander.classify import load_scorer
from upstander.monitoring.models import MonitoredPost, MonitorSource, ReviewItem, WatchedAccount
from upstander.monitoring.pipeline import Lines, Monitor
from upstander.monitoring.sources import run_source
from upstander.platforms.bluesky import BlueskyAdapter
from upstander.platforms.firehose import FirehoseSource

pytestmark = pytest.mark.django_db


def connect(client: Client, person: User, **fields: str) -> Any:
    data = {"platform": "mastodon", "consent": "on", **fields}
    return signed_in(client, person).post("/monitoring/", data)


def test_a_mastodon_account_is_connected_and_its_mentions_reach_the_queue(
    client, protected_person, mastodon
):
    refused = connect(
        client,
        protected_person,
        handle="@priya",
        server=mastodon.url,
        credential="wrong-token-0000000",
    )
    assert refused.status_code == 400
    assert not WatchedAccount.objects.exists()
    no_consent = connect(
        client, protected_person, handle="@priya", server=mastodon.url, credential=TOKEN, consent=""
    )
    assert no_consent.status_code == 400
    assert (
        connect(
            client, protected_person, handle="@priya", server=mastodon.url, credential=TOKEN
        ).status_code
        == 302
    )
    account = WatchedAccount.objects.get()
    assert account.stable_id == f"{mastodon.url}/users/priya"

    troll = mastodon.accounts["2"]
    mastodon.add_mention(author=troll, html="<p>@priya you worthless pig</p>", reply=True)
    monitor = Monitor(scorer=load_scorer("builtin"))
    run_source(monitor, "mastodon", once=True)
    item = ReviewItem.objects.select_related("post").get()
    assert (item.relation, item.post.text, item.post.author_handle) == (
        "reply",
        "@priya you worthless pig",
        "troll@bad.example",
    )
    assert item.post.band == "high"

    run_source(monitor, "mastodon", once=True)  # nothing new after the checkpoint
    assert MonitoredPost.objects.count() == 1
    mastodon.add_mention(author=troll, html="<p>@priya still here?</p>")
    run_source(monitor, "mastodon", once=True)
    assert MonitoredPost.objects.count() == 2
    assert MonitorSource.objects.get().cursor == mastodon.notifications[-1]["id"]


def test_a_revoked_mastodon_account_is_not_read(client, protected_person, mastodon):
    connect(client, protected_person, handle="@priya", server=mastodon.url, credential=TOKEN)
    from upstander.monitoring.services import watched_account_revoke

    watched_account_revoke(protected_person, account=WatchedAccount.objects.get())
    mastodon.add_mention(author=mastodon.accounts["2"], html="<p>@priya hello</p>")
    mastodon.requests.clear()
    run_source(Monitor(), "mastodon", once=True)
    assert mastodon.requests == []
    assert not MonitoredPost.objects.exists()


def until_quiet(lines: Callable[[str | None], Lines], quiet_seconds: float = 2.0) -> Any:
    """Read a live source from the start until nothing has come for `quiet_seconds`."""

    def read(cursor: str | None) -> Lines:
        last = time.monotonic()
        for line, after in lines(cursor or "0"):
            if line is not None:
                last = time.monotonic()
            elif time.monotonic() - last > quiet_seconds:
                return
            yield line, after

    return read


@pytest.mark.slow
def test_a_bluesky_account_on_a_real_pds_is_connected_and_replies_reach_the_queue(
    client, protected_person, atproto_network
):
    priya = atproto_network.create_account("priya")
    troll = atproto_network.create_account("troll")
    response = connect(
        client,
        protected_person,
        platform="bluesky",
        handle=priya.handle,
        server=atproto_network.pds_url,
        credential=priya.password,
    )
    assert response.status_code == 302, response.content.decode()[-2000:]
    account = WatchedAccount.objects.get()
    assert account.stable_id == priya.did
    assert account.session  # the login session is kept (encrypted) for reuse

    own = BlueskyAdapter.login(
        service=atproto_network.pds_url,
        handle=priya.handle,
        password=priya.password,
        allow_private=True,
    ).post("Surgery on Saturday at 10")
    BlueskyAdapter.login(
        service=atproto_network.pds_url,
        handle=troll.handle,
        password=troll.password,
        allow_private=True,
    ).post("go away you worthless pig", reply_to=own)
    source = FirehoseSource(atproto_network.firehose_url, idle_seconds=0.3)
    monitor = Monitor(scorer=load_scorer("builtin"), flush_seconds=0.2)
    monitor.run_stream(source.name, until_quiet(source.lines))

    item = ReviewItem.objects.select_related("post").get()
    assert (item.relation, item.post.text, item.post.author_id) == (
        "reply",
        "go away you worthless pig",
        troll.did,
    )
    assert item.post.author_handle == troll.handle
    assert item.post.band == "high"
    assert int(MonitorSource.objects.get(name=source.name).cursor) > 0


def test_the_mastodon_stream_wakes_the_monitor_long_before_the_next_poll(
    client: Client, protected_person: User, mastodon: Any
) -> None:
    import threading

    connect(client, protected_person, handle="@priya", server=mastodon.url, credential=TOKEN)
    monitor = Monitor(lease_seconds=60)

    def a_troll_writes_once_the_stream_is_open() -> None:
        deadline = time.monotonic() + 20
        while not mastodon.streams and time.monotonic() < deadline:
            time.sleep(0.05)
        polls = sum("/api/v1/notifications" in r for r in mastodon.requests)
        mastodon.add_mention(author=mastodon.accounts["2"], html="<p>@priya arrived live</p>")
        while sum("/api/v1/notifications" in r for r in mastodon.requests) == polls:
            if time.monotonic() > deadline:
                break
            time.sleep(0.05)
        time.sleep(0.5)  # let that poll's batch be stored
        monitor.request_stop()

    helper = threading.Thread(target=a_troll_writes_once_the_stream_is_open, daemon=True)
    helper.start()
    started = time.monotonic()
    run_source(monitor, "mastodon", poll_seconds=300)  # the fallback poll is 5 minutes away
    helper.join(timeout=5)
    assert time.monotonic() - started < 30
    assert MonitoredPost.objects.get().text == "@priya arrived live"


@pytest.mark.parametrize(
    "server",
    ["http://169.254.169.254/", "http://[fd00:ec2::254]/", "http://[::ffff:127.0.0.1]:8080/"],
)
def test_private_server_addresses_are_refused(client, protected_person, internal, settings, server):
    """No typed address leads inside the network: not the monitoring form, not blocking consent,
    and a local server that answers is neither reached nor quoted back."""
    settings.PLATFORM_ALLOW_PRIVATE_HOSTS = False
    internal_url, seen = internal
    for typed in (server, internal_url):
        page = connect(client, protected_person, handle="@priya", server=typed, credential=TOKEN)
        assert page.status_code == 400
        assert "private or internal network" in page.content.decode()
        consent = client.post(
            reverse("blocking:consent"),
            {
                "platform": "mastodon",
                "handle": "priya@social.test",
                "account_id": "https://social.test/users/priya",
                "service_url": typed,
                "credential": TOKEN,
                "method": "mute",
                "consent": "on",
            },
        )
        assert consent.status_code == 400
        assert "private or internal network" in consent.content.decode()
    assert not WatchedAccount.objects.exists()
    assert not BlockingAccount.objects.exists()
    assert seen == []  # the internal service was never asked anything


def test_a_server_answer_is_never_shown_back(client, protected_person, internal):
    internal_url, seen = internal
    page = connect(client, protected_person, handle="@priya", server=internal_url, credential=TOKEN)
    assert seen  # reachable here (local servers allowed in tests), and it answered
    assert page.status_code == 400
    assert SECRET not in page.content.decode()
