"""The X adapter, through tweepy against a local server with X API v2's shapes (tweepy's
requests are sent to the local server instead of api.twitter.com; nothing leaves the machine)."""

from __future__ import annotations

import logging
from datetime import UTC, datetime

import pytest

from upstander.platforms import adapter_class
from upstander.platforms.base import Capability, PlatformAdapter, supports
from upstander.platforms.errors import (
    AuthenticationFailed,
    NotFound,
    NotSupported,
    PermanentError,
    RateLimited,
    TokenRevoked,
    TransientError,
)
from upstander.platforms.types import Relation
from upstander.platforms.x import XAdapter, parse_link, tweet_uri

from .x_server import APP_TOKEN, USER_ID, USER_TOKEN, USERNAME, XServer

NOW = 1_900_000_000.0


def adapter(x_api: XServer, token: str = USER_TOKEN, **options) -> XAdapter:
    options.setdefault("sleep", lambda seconds: None)  # a test never really sleeps
    return XAdapter(access_token=token, api_base_url=x_api.api_url, allow_private=True, **options)


def test_x_adapter_implements_the_interface_and_declares_mute_and_hide(x_api):
    account = adapter(x_api)
    assert isinstance(account, PlatformAdapter)
    assert adapter_class("x") is XAdapter
    assert supports(account, Capability.MUTE)
    assert supports(account, Capability.HIDE_REPLY)
    assert not supports(account, Capability.BLOCK)
    assert not supports(account, Capability.DELETE_COMMENT)
    with pytest.raises(NotSupported):
        account.delete_comment(tweet_uri("1"))
    with pytest.raises(NotSupported):
        account.report(account_id="1", post_uris=[], reason="abuse")
    with pytest.raises(AuthenticationFailed):
        XAdapter(access_token="", api_base_url=x_api.api_url)


def test_x_block_is_refused_saying_it_needs_a_higher_api_plan(x_api):
    troll = x_api.add_user("Troll Account")
    with pytest.raises(NotSupported) as caught:
        adapter(x_api).block(troll["id"])
    assert "Enterprise" in str(caught.value)
    assert "mutes the account and hides its replies instead" in str(caught.value)
    assert x_api.requests == []  # nothing was asked of X


def test_x_me_is_the_account_of_the_token(x_api):
    me = adapter(x_api).me()
    assert (me.id, me.handle, me.display_name) == (USER_ID, USERNAME, "Cllr Priya Patel")
    assert x_api.requests[0][1].startswith("/2/users/me")


def test_x_resolve_finds_an_account_id_by_its_username_and_back(x_api):
    troll = x_api.add_user("Troll Account", username="Troll_Account")
    account = adapter(x_api)
    assert account.resolve_handle("@troll_account").id == troll["id"]
    assert account.resolve_id(troll["id"]).handle == "Troll_Account"
    assert any(p.startswith("/2/users/by/username/troll_account") for _, p in x_api.requests)
    with pytest.raises(NotFound):
        account.resolve_handle("@nobody_here")  # X answers 200 with only `errors`
    with pytest.raises(NotFound):
        account.resolve_handle("not a username")
    with pytest.raises(NotFound):
        account.resolve_id("12345")


def test_x_read_returns_mentions_and_replies_oldest_first(x_api):
    me = x_api.users[USER_ID]
    troll = x_api.add_user("Troll Account")
    own = x_api.add_tweet(me, "Surgery at the library on Saturday.")
    reply = x_api.add_tweet(troll, "@CllrPriyaPatel You are a disgrace", reply_to=own)
    mention = x_api.add_tweet(troll, "Everyone tell @CllrPriyaPatel to resign", mentions=[USER_ID])
    x_api.add_tweet(me, "@CllrPriyaPatel more details below", reply_to=own)  # her own thread
    page = adapter(x_api).mentions_page()
    assert [i.post.text for i in page.interactions] == [reply["text"], mention["text"]]
    first, second = page.interactions
    assert (first.relation, second.relation) == (Relation.REPLY, Relation.MENTION)
    assert first.target_id == USER_ID
    assert first.post.uri == tweet_uri(reply["id"])
    assert first.post.url == f"https://x.com/TrollAccount/status/{reply['id']}"
    assert (first.post.author_id, first.post.author_handle) == (troll["id"], "TrollAccount")
    assert first.post.created_at == datetime(2026, 11, 25, 9, 0, 2, tzinfo=UTC)
    assert first.post.raw["conversation_id"] == own["id"]
    read = next(p for m, p in x_api.requests if "/mentions" in p)
    assert "expansions=author_id" in read
    assert "conversation_id" in read and "in_reply_to_user_id" in read


def test_x_read_follows_next_token_and_keeps_its_cursor_across_restarts(x_api):
    troll = x_api.add_user("Troll Account")
    for n in range(7):
        x_api.add_tweet(troll, f"old {n} @CllrPriyaPatel", mentions=[USER_ID])
    first = adapter(x_api).mentions_page(limit=5)  # no cursor yet: the newest page only
    assert [i.post.text for i in first.interactions] == [
        f"old {n} @CllrPriyaPatel" for n in range(2, 7)
    ]
    assert first.cursor == max(t["id"] for t in x_api.tweets.values())
    for n in range(12):
        x_api.add_tweet(troll, f"new {n} @CllrPriyaPatel", mentions=[USER_ID])
    # A new adapter, as after a restart: only the stored cursor carries over.
    second = adapter(x_api).mentions_page(cursor=first.cursor, limit=5)
    assert [i.post.text for i in second.interactions] == [
        f"new {n} @CllrPriyaPatel" for n in range(12)
    ]
    reads = [p for m, p in x_api.requests if "/mentions" in p]
    assert sum("pagination_token=" in p for p in reads) == 2  # three pages of five
    assert all(f"since_id={first.cursor}" in p for p in reads[1:])
    third = adapter(x_api).mentions_page(cursor=second.cursor, limit=5)
    assert third.interactions == []
    assert third.cursor == second.cursor


def test_x_read_that_fails_part_way_hands_back_nothing_and_keeps_the_cursor(x_api):
    troll = x_api.add_user("Troll Account")
    x_api.add_tweet(troll, "first @CllrPriyaPatel", mentions=[USER_ID])
    cursor = adapter(x_api).mentions_page(limit=5).cursor
    for n in range(8):
        x_api.add_tweet(troll, f"later {n} @CllrPriyaPatel", mentions=[USER_ID])
    account = adapter(x_api, retries=0)
    account.me()
    x_api.rate_limited = 1
    x_api.reset_in = 3600  # longer than the adapter waits: the read gives up
    with pytest.raises(RateLimited):
        account.mentions_page(cursor=cursor, limit=5)
    again = adapter(x_api).mentions_page(cursor=cursor, limit=5)
    assert len(again.interactions) == 8  # read again from the same cursor, none lost


def test_x_fetch_reads_a_post_by_its_web_address_with_the_raw_answer(x_api):
    troll = x_api.add_user("Troll Account")
    tweet = x_api.add_tweet(troll, "I know where you live", mentions=[USER_ID])
    for url in (
        x_api.link(tweet),
        f"https://twitter.com/TrollAccount/status/{tweet['id']}?s=20",
        f"https://mobile.x.com/TrollAccount/status/{tweet['id']}/photo/1",
    ):
        post = adapter(x_api, token=APP_TOKEN).fetch(url)  # the party app's token reads it
        assert post.uri == tweet_uri(tweet["id"])
        assert (post.text, post.author_id) == ("I know where you live", troll["id"])
        assert post.raw["data"]["id"] == tweet["id"]
        assert post.raw["includes"]["users"][0]["username"] == "TrollAccount"
    x_api.delete(tweet["id"])
    with pytest.raises(NotFound):  # X answers a deleted post with 200 and only `errors`
        adapter(x_api).fetch(x_api.link(tweet))


def test_x_links_name_posts_and_others_are_refused():
    assert parse_link("https://x.com/troll/status/1860000000000000001") == "1860000000000000001"
    assert parse_link("https://x.com/i/web/status/123") == "123"
    with pytest.raises(NotSupported):
        parse_link("https://x.com/troll")  # a profile, not a post
    with pytest.raises(NotSupported):
        parse_link("https://example.com/troll/status/1")


@pytest.mark.parametrize(
    "answer",
    [{"data": ["muting"]}, {"data": "muting"}, {"data": [{"muting": True}]}],
    ids=["a list", "a string", "a list of objects"],
)
def test_an_answer_to_a_mute_in_the_wrong_shape_is_a_transient_platform_error(x_api, answer):
    troll = x_api.add_user("Troll Account")
    x_api.answer_instead[f"/2/users/{USER_ID}/muting"] = answer
    with pytest.raises(TransientError) as failed:
        adapter(x_api).mute(troll["id"])
    assert "muting" not in failed.value.message  # what the server said is not repeated


def test_x_mute_mutes_the_account_for_the_person(x_api):
    troll = x_api.add_user("Troll Account")
    account = adapter(x_api)
    assert account.mute(troll["id"]) == troll["id"]
    assert x_api.muting == {(USER_ID, troll["id"])}
    assert x_api.writes[-1] == (
        "POST",
        f"/2/users/{USER_ID}/muting",
        {"target_user_id": troll["id"]},
    )
    account.unmute(troll["id"])
    assert x_api.muting == set()
    with pytest.raises(PermanentError):
        adapter(x_api, token=APP_TOKEN, user_id=USER_ID).mute(troll["id"])  # app token: no


def test_x_hide_reply_hides_a_reply_in_her_conversation_and_can_show_it_again(x_api):
    me = x_api.users[USER_ID]
    troll = x_api.add_user("Troll Account")
    own = x_api.add_tweet(me, "Surgery at the library on Saturday.")
    reply = x_api.add_tweet(troll, "@CllrPriyaPatel You are a disgrace", reply_to=own)
    account = adapter(x_api)
    account.hide_reply(tweet_uri(reply["id"]))
    assert x_api.tweets[reply["id"]]["hidden"] is True
    assert x_api.writes[-1] == ("PUT", f"/2/tweets/{reply['id']}/hidden", {"hidden": True})
    account.hide_reply(tweet_uri(reply["id"]), hidden=False)
    assert x_api.tweets[reply["id"]]["hidden"] is False
    elsewhere = x_api.add_tweet(troll, "@CllrPriyaPatel hates you all", mentions=[USER_ID])
    with pytest.raises(PermanentError) as caught:
        account.hide_reply(tweet_uri(elsewhere["id"]))  # not in a conversation she started
    assert "did not start" not in str(caught.value)  # the server's words stay out


def test_x_revoked_token_is_a_distinct_error_that_is_not_retried(x_api):
    x_api.revoked.add(USER_TOKEN)
    account = adapter(x_api)
    with pytest.raises(TokenRevoked) as caught:
        account.mentions_page()
    assert "connect it again" in str(caught.value)
    assert len(x_api.requests) == 1
    assert account.waited == []


def test_x_rate_limit_waits_until_the_reset_the_headers_give(x_api):
    x_api.now = lambda: NOW
    x_api.rate_limited = 1
    x_api.reset_in = 40
    slept: list[float] = []
    account = adapter(x_api, sleep=slept.append, clock=lambda: NOW)
    assert account.me().id == USER_ID
    assert slept == [41.0]  # until x-rate-limit-reset, with a second to spare
    assert len(x_api.requests) == 2
    assert account.rate_limit_remaining is not None
    # A reset further off than the adapter may wait: the caller is told when to come back.
    x_api.rate_limited = 1
    x_api.reset_in = 900
    with pytest.raises(RateLimited) as caught:
        adapter(x_api, sleep=slept.append, clock=lambda: NOW).resolve_id(USER_ID)
    assert caught.value.retry_after == 901.0
    assert slept == [41.0]


def test_x_server_errors_are_retried_with_backoff_then_given_up(x_api):
    x_api.fail_next = 2
    account = adapter(x_api)
    assert account.me().id == USER_ID
    assert len(account.waited) == 2
    x_api.fail_next = 10
    with pytest.raises(TransientError):
        adapter(x_api, retries=2).resolve_id(USER_ID)


def test_x_token_stays_out_of_the_logs_even_at_debug_level(x_api, caplog):
    with caplog.at_level(logging.DEBUG):
        adapter(x_api).me()
    assert USER_TOKEN not in caplog.text


def test_x_read_past_its_page_cap_loses_nothing(x_api):
    troll = x_api.add_user("Troll Account")
    x_api.add_tweet(troll, "before @CllrPriyaPatel", mentions=[USER_ID])
    cursor = adapter(x_api).mentions_page(limit=5).cursor
    waiting = [f"mention {n} @CllrPriyaPatel" for n in range(17)]  # more than 2 pages of 5
    for text in waiting:
        x_api.add_tweet(troll, text, mentions=[USER_ID])
    first = adapter(x_api).mentions_page(cursor=cursor, limit=5, max_pages=2)
    assert [i.post.text for i in first.interactions] == waiting[-10:]  # the newest, its cap
    late = x_api.add_tweet(troll, "while catching up @CllrPriyaPatel", mentions=[USER_ID])
    read, cursor, reads = [i.post.text for i in first.interactions], first.cursor, 1
    seen = {cursor}
    while True:  # as the monitor does, a new adapter each time (a restart between reads)
        page = adapter(x_api).mentions_page(cursor=cursor, limit=5, max_pages=2)
        if page.cursor in seen and not page.interactions:
            break
        read += [i.post.text for i in page.interactions]
        cursor, reads = page.cursor, reads + 1
        seen.add(cursor)
    assert sorted(read) == sorted([*waiting, late["text"]])
    assert len(read) == len(set(read))  # nothing twice
    assert reads == 3  # the newest 10, the older 7, then the mention made meanwhile
    assert read[-1] == late["text"]
    assert cursor == late["id"]  # caught up: a plain since_id again


def test_x_read_asks_for_the_most_posts_a_request_allows(x_api):
    # X's rate limits count requests, not posts: half-full pages halve what can be read.
    troll = x_api.add_user("Troll Account")
    x_api.add_tweet(troll, "first @CllrPriyaPatel", mentions=[USER_ID])
    cursor = adapter(x_api).mentions_page().cursor
    for n in range(150):
        x_api.add_tweet(troll, f"pile-on {n} @CllrPriyaPatel", mentions=[USER_ID])
    x_api.requests.clear()
    page = adapter(x_api).mentions_page(cursor=cursor)
    assert len(page.interactions) == 150
    reads = [p for m, p in x_api.requests if "/mentions" in p]
    assert len(reads) == 2
    assert all("max_results=100" in p for p in reads)
