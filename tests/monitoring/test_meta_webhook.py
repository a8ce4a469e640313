"""Meta's webhooks make a watched Page or Instagram account due, so the monitor reads its new
comments within seconds; the comments are still read through the adapter (polling stays the
source of truth). Against the local Graph servers (tests/platforms/graph_server.py and
instagram_server.py)."""

from __future__ import annotations

import json
import time
from typing import Any

import pytest
from django.test import Client

from tests.conftest import signed_in
from tests.platforms.graph_server import PAGE_ID, PAGE_TOKEN, GraphServer
from tests.platforms.instagram_server import IG_PAGE_TOKEN, IG_USER_ID, IG_USERNAME
from upstander.accounts.models import User
from upstander.classify import load_scorer
from upstander.monitoring.accounts_loop import Wakers, poll_due_accounts
from upstander.monitoring.models import MonitoredPost, MonitorSource, ReviewItem, WatchedAccount
from upstander.monitoring.pipeline import Monitor, RunStats
from upstander.monitoring.services.webhooks import META_WEBHOOK_SOURCE
from upstander.monitoring.sources import run_source
from upstander.platforms.meta_webhook import sign

pytestmark = pytest.mark.django_db

URL = "/monitoring/webhooks/meta/"
APP_SECRET = "meta-app-secret-for-tests"
VERIFY_TOKEN = "verify-me-please"
ABUSE = "You worthless pig, nobody wants you here"


@pytest.fixture(autouse=True)
def _meta_app(settings: Any) -> None:
    settings.META_APP_SECRET = APP_SECRET
    settings.META_WEBHOOK_VERIFY_TOKEN = VERIFY_TOKEN


def page_comment_delivery(page_id: str = PAGE_ID, *, item: str = "comment") -> dict[str, Any]:
    """A Page `feed` change as Meta sends it (the text in it is never stored)."""
    return {
        "object": "page",
        "entry": [
            {
                "id": page_id,
                "time": 1764838800,
                "changes": [
                    {
                        "field": "feed",
                        "value": {
                            "item": item,
                            "verb": "add",
                            "comment_id": f"{page_id}_1_2",
                            "post_id": f"{page_id}_1",
                            "message": "text a forger wrote",
                            "from": {"id": "9", "name": "Someone"},
                        },
                    }
                ],
            }
        ],
    }


def instagram_comment_delivery(ig_user_id: str = IG_USER_ID) -> dict[str, Any]:
    return {
        "object": "instagram",
        "entry": [
            {
                "id": ig_user_id,
                "time": 1764838800,
                "changes": [
                    {
                        "field": "comments",
                        "value": {
                            "id": "17865799348089039",
                            "text": "text a forger wrote",
                            "media": {"id": "123"},
                        },
                    }
                ],
            }
        ],
    }


def deliver(client: Client, payload: dict[str, Any], *, secret: str = APP_SECRET) -> Any:
    body = json.dumps(payload).encode()
    return client.post(
        URL, body, content_type="application/json", HTTP_X_HUB_SIGNATURE_256=sign(body, secret)
    )


def connect(client: Client, person: User, **data: str) -> WatchedAccount:
    answer = signed_in(client, person).post("/monitoring/", {"consent": "on", **data})
    assert answer.status_code == 302
    client.logout()  # Meta has no session
    return WatchedAccount.objects.get(platform=data["platform"])


def source_of(account: WatchedAccount) -> MonitorSource:
    return MonitorSource.objects.get(name=f"{account.platform}-notifications:{account.pk}")


def comment_reads(server: GraphServer) -> int:
    return sum("/comments" in path for _, path in server.requests)


def test_facebook_feed_webhook_verification_echoes_the_challenge_only_with_the_right_token(
    client, settings
):
    handshake = {"hub.mode": "subscribe", "hub.challenge": "1158201444", "hub.verify_token": ""}
    answer = client.get(URL, {**handshake, "hub.verify_token": VERIFY_TOKEN})
    assert (answer.status_code, answer.content) == (200, b"1158201444")
    assert client.get(URL, {**handshake, "hub.verify_token": "guessed"}).status_code == 403
    assert client.get(URL, handshake).status_code == 403
    wrong_mode = {**handshake, "hub.mode": "unsubscribe", "hub.verify_token": VERIFY_TOKEN}
    assert client.get(URL, wrong_mode).status_code == 403
    settings.META_WEBHOOK_VERIFY_TOKEN = ""  # not configured: nothing verifies, not even ""
    assert client.get(URL, handshake).status_code == 403


def test_webhook_with_a_bad_signature_is_refused_and_changes_nothing(
    client, protected_person, graph, settings
):
    settings.FACEBOOK_GRAPH_URL = graph.api_url
    account = connect(
        client, protected_person, platform="facebook", handle=PAGE_ID, credential=PAGE_TOKEN
    )
    body = json.dumps(page_comment_delivery()).encode()
    refused = [
        client.post(URL, body, content_type="application/json"),  # unsigned
        deliver(client, page_comment_delivery(), secret="another-apps-secret"),
        client.post(
            URL,
            body + b" ",  # signed, then changed
            content_type="application/json",
            HTTP_X_HUB_SIGNATURE_256=sign(body, APP_SECRET),
        ),
        client.post(
            URL,
            body,
            content_type="application/json",
            HTTP_X_HUB_SIGNATURE_256=sign(body, APP_SECRET).replace("sha256=", "sha1="),
        ),
    ]
    assert [answer.status_code for answer in refused] == [403, 403, 403, 403]
    settings.META_APP_SECRET = ""  # not configured: nothing is accepted, not even an empty HMAC
    assert deliver(client, page_comment_delivery(), secret="").status_code == 403
    settings.META_APP_SECRET = APP_SECRET

    assert not MonitorSource.objects.exists()  # nothing marked due, nothing counted
    assert not MonitoredPost.objects.exists()
    assert account.last_error == ""

    not_json = b"{not json"
    answer = client.post(
        URL,
        not_json,
        content_type="application/json",
        HTTP_X_HUB_SIGNATURE_256=sign(not_json, APP_SECRET),
    )
    assert answer.status_code == 400
    huge = json.dumps({"object": "page", "entry": [], "pad": "x" * 600_000}).encode()
    answer = client.post(
        URL, huge, content_type="application/json", HTTP_X_HUB_SIGNATURE_256=sign(huge, APP_SECRET)
    )
    assert answer.status_code == 413
    assert not MonitorSource.objects.exists()


def test_facebook_comment_webhook_makes_the_page_due_and_the_next_round_reads_it(
    client, protected_person, graph, settings
):
    settings.FACEBOOK_GRAPH_URL = graph.api_url
    account = connect(
        client, protected_person, platform="facebook", handle=PAGE_ID, credential=PAGE_TOKEN
    )
    monitor = Monitor(scorer=load_scorer("builtin"))
    post = graph.add_post("Surgery at the library on Saturday.")
    run_source(monitor, "facebook", once=True)  # a full round: nothing yet, the cursor kept
    assert not MonitoredPost.objects.exists()

    troll = graph.add_user("Troll Account")
    comment = graph.add_comment(post, troll, ABUSE)
    reads = comment_reads(graph)
    assert poll_due_accounts(monitor, platform="facebook", stats=RunStats()) == []
    assert comment_reads(graph) == reads  # not due: left to the next full poll

    assert deliver(client, page_comment_delivery()).status_code == 200
    assert source_of(account).due_at is not None

    polled = poll_due_accounts(monitor, platform="facebook", stats=RunStats())
    assert polled == [f"facebook-notifications:{account.pk}"]
    item = ReviewItem.objects.select_related("post").get()
    assert (item.post.text, item.post.author_id, item.watched_account) == (
        comment["message"],
        troll["id"],
        account,
    )
    assert item.post.band == "high"  # scored as every poll's posts are
    assert "forger" not in item.post.text  # read through the adapter, not from the delivery
    assert source_of(account).due_at is None

    reads = comment_reads(graph)
    assert poll_due_accounts(monitor, platform="facebook", stats=RunStats()) == []
    assert comment_reads(graph) == reads  # read once per delivery, not every second
    webhook = MonitorSource.objects.get(name=META_WEBHOOK_SOURCE)
    assert (webhook.events_seen, webhook.events_malformed) == (1, 0)
    assert webhook.last_read_at is not None


def test_instagram_comment_webhook_makes_the_account_due_and_the_next_round_reads_it(
    client, protected_person, instagram, settings
):
    settings.INSTAGRAM_GRAPH_URL = instagram.api_url
    account = connect(
        client,
        protected_person,
        platform="instagram",
        handle=f"@{IG_USERNAME}",
        credential=IG_PAGE_TOKEN,
    )
    monitor = Monitor(scorer=load_scorer("builtin"))
    media = instagram.add_media(instagram.ig_users[IG_USER_ID], "Surgery on Saturday.")
    run_source(monitor, "instagram", once=True)
    assert not MonitoredPost.objects.exists()

    troll = instagram.add_ig_account("troll.account", account_type="PERSONAL")
    comment = instagram.add_ig_comment(media, troll, ABUSE)
    assert poll_due_accounts(monitor, platform="instagram", stats=RunStats()) == []
    assert not MonitoredPost.objects.exists()

    assert deliver(client, instagram_comment_delivery()).status_code == 200
    assert poll_due_accounts(monitor, platform="instagram", stats=RunStats()) == [
        f"instagram-notifications:{account.pk}"
    ]
    item = ReviewItem.objects.select_related("post").get()
    assert (item.post.text, item.post.author_id, item.watched_account) == (
        comment["text"],
        troll["id"],
        account,
    )
    assert item.post.band == "high"
    assert source_of(account).due_at is None
    # A Page delivery names Pages, not Instagram accounts: it makes nothing due here.
    assert deliver(client, page_comment_delivery(IG_USER_ID)).status_code == 200
    assert source_of(account).due_at is None


def test_webhook_for_a_page_nobody_watches_is_answered_200_and_counted(
    client, protected_person, safeguarding_lead, graph, settings
):
    settings.FACEBOOK_GRAPH_URL = graph.api_url
    account = connect(
        client, protected_person, platform="facebook", handle=PAGE_ID, credential=PAGE_TOKEN
    )
    assert deliver(client, page_comment_delivery("999000000000001")).status_code == 200
    assert deliver(client, page_comment_delivery(item="reaction")).status_code == 200  # not news
    assert deliver(client, {"object": "whatsapp_business_account", "entry": []}).status_code == 200
    assert not MonitorSource.objects.filter(name__startswith="facebook-").exists()
    webhook = MonitorSource.objects.get(name=META_WEBHOOK_SOURCE)
    assert (webhook.events_seen, webhook.events_malformed) == (3, 3)

    account.revoked_at = account.consent_given_at  # a revoked account is nobody's either
    account.credential = ""
    account.save()
    assert deliver(client, page_comment_delivery()).status_code == 200
    assert not MonitorSource.objects.filter(name__startswith="facebook-").exists()
    assert MonitorSource.objects.get(name=META_WEBHOOK_SOURCE).events_malformed == 4
    # The lead sees when Meta last delivered, among the sources.
    page = signed_in(client, safeguarding_lead).get("/staff/monitoring/sources/")
    assert page.status_code == 200
    assert f'data-source="{META_WEBHOOK_SOURCE}"' in page.content.decode()


@pytest.mark.usefixtures("one_rate_limit_window")
def test_webhook_deliveries_beyond_the_rate_limit_are_refused(client):
    unsigned = [client.post(URL, b"{}", content_type="application/json") for _ in range(600)]
    assert {answer.status_code for answer in unsigned} == {403}
    assert deliver(client, page_comment_delivery()).status_code == 429  # even a signed one
    assert not MonitorSource.objects.exists()


def test_the_monitor_loop_reads_a_due_page_long_before_its_next_poll(
    client, protected_person, graph, settings, monkeypatch
):
    settings.FACEBOOK_GRAPH_URL = graph.api_url
    connect(client, protected_person, platform="facebook", handle=PAGE_ID, credential=PAGE_TOKEN)
    post = graph.add_post("Council meeting tonight.")
    troll = graph.add_user("Troll Account")
    monitor = Monitor(scorer=load_scorer("builtin"), lease_seconds=60)
    started = time.monotonic()
    waits = Wakers.wait

    def a_comment_and_its_webhook_arrive_while_the_loop_waits(
        self: Wakers, loop: Monitor, seconds: float
    ) -> bool:
        if not graph.comments:  # after the first full round
            graph.add_comment(post, troll, ABUSE)
            assert deliver(client, page_comment_delivery()).status_code == 200
        elif MonitoredPost.objects.exists() or time.monotonic() - started > 20:
            loop.request_stop()
        return waits(self, loop, seconds)

    monkeypatch.setattr(Wakers, "wait", a_comment_and_its_webhook_arrive_while_the_loop_waits)
    run_source(monitor, "facebook", poll_seconds=300)  # the next full poll is 5 minutes away
    assert time.monotonic() - started < 15
    assert MonitoredPost.objects.get().text == ABUSE
