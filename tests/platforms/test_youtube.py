"""The YouTube adapter, through google-api-python-client against a local server with the Data
API v3's shapes (nothing is fetched from the internet: the client's bundled discovery document
is pointed at the local server)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from upstander.platforms import adapter_class
from upstander.platforms.base import Capability, PlatformAdapter, supports
from upstander.platforms.errors import (
    NotFound,
    NotSupported,
    RateLimited,
    TokenRevoked,
    TransientError,
)
from upstander.platforms.types import Relation
from upstander.platforms.youtube import (
    YouTubeAdapter,
    comment_uri,
    parse_link,
    seconds_until_quota_reset,
)

from .youtube_server import CHANNEL_ID, CHANNEL_TOKEN, YouTubeServer


def adapter(youtube: YouTubeServer, token: str = CHANNEL_TOKEN, **options) -> YouTubeAdapter:
    options.setdefault("sleep", lambda seconds: None)  # a test never really sleeps
    return YouTubeAdapter(access_token=token, api_root_url=youtube.api_url, timeout=5, **options)


def test_youtube_adapter_implements_the_interface_and_declares_channel_moderation(youtube):
    channel = adapter(youtube)
    assert isinstance(channel, PlatformAdapter)
    assert adapter_class("youtube") is YouTubeAdapter
    assert supports(channel, Capability.HIDE_REPLY)
    assert supports(channel, Capability.DELETE_COMMENT)
    assert supports(channel, Capability.BAN_FROM_PAGE)
    assert not supports(channel, Capability.BLOCK)
    assert not supports(channel, Capability.MUTE)
    with pytest.raises(NotSupported):
        channel.block("UCsomeone")
    with pytest.raises(NotSupported):
        channel.report(account_id="UCsomeone", post_uris=[], reason="abuse")


def test_youtube_me_is_the_channel_of_the_token(youtube):
    me = adapter(youtube).me()
    assert me.id == CHANNEL_ID
    assert me.display_name == "Cllr Priya Patel"
    assert me.handle == "@cllrpriyapatel"


def test_youtube_resolve_finds_a_channel_id_by_its_handle(youtube):
    troll = youtube.add_channel("Troll Account", handle="@TrollAccount")
    channel = adapter(youtube)
    assert channel.resolve_handle("@trollaccount").id == troll
    assert channel.resolve_handle("TrollAccount").id == troll
    assert channel.resolve_id(troll).handle == "@trollaccount"
    assert any("forHandle=%40trollaccount" in path for _, path in youtube.requests)
    with pytest.raises(NotFound):
        channel.resolve_handle("@nobody.here")


def test_youtube_read_returns_comments_on_the_channel_videos_oldest_first(youtube):
    video = youtube.add_video()
    troll = youtube.add_channel("Troll Account")
    first = youtube.add_comment(video, troll, "You are a disgrace")
    reply = youtube.add_comment(video, troll, "Resign", parent=first)
    youtube.add_comment(video, CHANNEL_ID, "Thanks all")  # the channel itself: not abuse
    page = adapter(youtube).mentions_page()
    assert [i.post.text for i in page.interactions] == ["You are a disgrace", "Resign"]
    comment = page.interactions[0]
    assert comment.relation == Relation.REPLY
    assert comment.target_id == CHANNEL_ID
    assert comment.post.uri == comment_uri(first["id"])
    assert comment.post.url == f"https://www.youtube.com/watch?v={video}&lc={first['id']}"
    assert comment.post.author_id == troll
    assert comment.post.author_handle == "@trollaccount"
    assert comment.post.created_at == datetime(2026, 11, 25, 9, 0, 1, tzinfo=UTC)
    assert page.interactions[1].post.raw["snippet"]["parentId"] == first["id"]
    assert page.interactions[1].post.uri == comment_uri(reply["id"])


def test_youtube_read_follows_next_page_token_and_keeps_its_cursor_across_restarts(youtube):
    video = youtube.add_video()
    troll = youtube.add_channel("Troll Account")
    for n in range(3):
        youtube.add_comment(video, troll, f"old {n}")
    first = adapter(youtube).mentions_page(limit=2)  # no cursor yet: the newest page only
    assert [i.post.text for i in first.interactions] == ["old 1", "old 2"]
    assert first.cursor is not None
    for n in range(5):
        youtube.add_comment(video, troll, f"new {n}")
    # A new adapter, as after a restart: only the stored cursor carries over.
    second = adapter(youtube).mentions_page(cursor=first.cursor, limit=2)
    assert [i.post.text for i in second.interactions] == [f"new {n}" for n in range(5)]
    thread_reads = [p for m, p in youtube.requests if "commentThreads" in p]
    assert any("pageToken=" in p for p in thread_reads)  # paged by nextPageToken
    assert all("allThreadsRelatedToChannelId=" + CHANNEL_ID in p for p in thread_reads)
    assert all("order=time" in p for p in thread_reads)
    third = adapter(youtube).mentions_page(cursor=second.cursor, limit=2)
    assert third.interactions == []
    assert third.cursor == second.cursor


def test_youtube_read_neither_repeats_nor_loses_comments_made_in_the_same_second(youtube):
    video = youtube.add_video()
    troll = youtube.add_channel("Troll Account")
    when = datetime(2026, 11, 26, 12, 0, 0, tzinfo=UTC)
    youtube.add_comment(video, troll, "one", at=when)
    page = adapter(youtube).mentions_page()
    youtube.add_comment(video, troll, "two", at=when)
    again = adapter(youtube).mentions_page(cursor=page.cursor)
    assert [i.post.text for i in again.interactions] == ["two"]
    assert adapter(youtube).mentions_page(cursor=again.cursor).interactions == []


def test_youtube_fetch_reads_a_comment_by_its_web_address(youtube):
    video = youtube.add_video()
    troll = youtube.add_channel("Troll Account")
    comment = youtube.add_comment(video, troll, "You are a disgrace")
    for url in (
        f"https://www.youtube.com/watch?v={video}&lc={comment['id']}",
        f"https://youtu.be/{video}?lc={comment['id']}",
    ):
        post = adapter(youtube).fetch(url)
        assert post.uri == comment_uri(comment["id"])
        assert post.text == "You are a disgrace"
        assert post.author_id == troll
        assert post.raw["kind"] == "youtube#comment"
    youtube.delete(comment["id"])
    with pytest.raises(NotFound):
        adapter(youtube).fetch(f"https://www.youtube.com/watch?v={video}&lc={comment['id']}")


def test_youtube_fetch_with_an_api_key_reads_a_public_comment_without_a_token(youtube):
    youtube.api_keys.add("AIza-local-key")
    video = youtube.add_video()
    troll = youtube.add_channel("Troll Account")
    comment = youtube.add_comment(video, troll, "Nobody would miss you")
    keyed = YouTubeAdapter(api_key="AIza-local-key", api_root_url=youtube.api_url)
    post = keyed.fetch(f"https://www.youtube.com/watch?v={video}&lc={comment['id']}")
    assert post.text == "Nobody would miss you"
    assert any("key=AIza-local-key" in path for _, path in youtube.requests)
    with pytest.raises(TokenRevoked):
        keyed.delete_comment(comment_uri(comment["id"]))  # a key cannot moderate


def test_youtube_links_name_comments_and_others_are_refused():
    assert parse_link("https://www.youtube.com/watch?v=abc123DEF45&lc=UgxYz") == (
        "abc123DEF45",
        "UgxYz",
    )
    assert parse_link("https://m.youtube.com/shorts/abc123DEF45?lc=Ugx.Ab")[0] == "abc123DEF45"
    with pytest.raises(NotSupported):
        parse_link("https://www.youtube.com/watch?v=abc123DEF45")  # a video, not a comment
    with pytest.raises(NotSupported):
        parse_link("https://example.com/watch?v=abc&lc=Ugx")


def test_youtube_hide_holds_the_comment_for_review_and_can_publish_it_again(youtube):
    video = youtube.add_video()
    troll = youtube.add_channel("Troll Account")
    comment = youtube.add_comment(video, troll, "You are a disgrace")
    channel = adapter(youtube)
    channel.hide_reply(comment_uri(comment["id"]))
    assert youtube.comments[comment["id"]]["status"] == "heldForReview"
    assert "moderationStatus=heldForReview" in youtube.writes[-1][1]
    assert channel.mentions_page().interactions == []  # held comments are not listed
    channel.hide_reply(comment_uri(comment["id"]), hidden=False)
    assert youtube.comments[comment["id"]]["status"] == "published"


def test_youtube_delete_rejects_the_comment(youtube):
    video = youtube.add_video()
    troll = youtube.add_channel("Troll Account")
    comment = youtube.add_comment(video, troll, "You are a disgrace")
    adapter(youtube).delete_comment(comment_uri(comment["id"]))
    assert youtube.comments[comment["id"]]["status"] == "rejected"
    assert youtube.banned == set()
    assert "banAuthor" not in youtube.writes[-1][1]


def test_youtube_ban_rejects_the_comment_and_bans_its_author_from_the_channel(youtube):
    video = youtube.add_video()
    troll = youtube.add_channel("Troll Account")
    comment = youtube.add_comment(video, troll, "You are a disgrace")
    channel = adapter(youtube)
    with pytest.raises(NotSupported):
        channel.ban_from_page(troll)  # YouTube bans through a comment
    channel.ban_from_page(troll, comment_id=comment_uri(comment["id"]))
    assert youtube.comments[comment["id"]]["status"] == "rejected"
    assert youtube.banned == {(CHANNEL_ID, troll)}
    method, path = youtube.writes[-1]
    assert method == "POST"
    assert "moderationStatus=rejected" in path
    assert "banAuthor=true" in path


def test_youtube_revoked_token_is_a_distinct_error_that_is_not_retried(youtube):
    youtube.revoked.add(CHANNEL_TOKEN)
    channel = adapter(youtube)
    with pytest.raises(TokenRevoked) as caught:
        channel.mentions_page()
    assert "connect it again" in str(caught.value)
    assert "invalid authentication" not in str(caught.value)  # the server's words stay out
    assert len(youtube.requests) == 1
    assert channel.waited == []


def test_youtube_quota_exceeded_waits_until_the_daily_reset(youtube):
    youtube.quota_spent = True
    channel = adapter(youtube)
    with pytest.raises(RateLimited) as caught:
        channel.resolve_handle("@someone")
    assert len(youtube.requests) == 1  # the daily quota: retrying cannot help
    assert caught.value.retry_after is not None
    assert 0 < caught.value.retry_after <= 25 * 3600
    # Midnight Pacific is 08:00 UTC in winter.
    assert seconds_until_quota_reset(datetime(2026, 12, 4, 7, 0, tzinfo=UTC)) == 3600


def test_youtube_short_rate_limit_is_retried_with_backoff(youtube):
    youtube.rate_limited = 2
    channel = adapter(youtube)
    assert channel.me().id == CHANNEL_ID
    assert len(channel.waited) == 2
    youtube.rate_limited = 10
    with pytest.raises(RateLimited):
        adapter(youtube, retries=1).resolve_id(CHANNEL_ID)


def test_youtube_server_errors_are_retried_with_backoff_then_given_up(youtube):
    youtube.fail_next = 2
    channel = adapter(youtube)
    assert channel.me().id == CHANNEL_ID
    assert len(channel.waited) == 2
    youtube.fail_next = 10
    with pytest.raises(TransientError):
        adapter(youtube, retries=2).resolve_id(CHANNEL_ID)


def test_youtube_read_past_its_page_cap_loses_nothing(youtube):
    video = youtube.add_video()
    troll = youtube.add_channel("Troll Account")
    youtube.add_comment(video, troll, "before")
    cursor = adapter(youtube).mentions_page().cursor
    threads = [youtube.add_comment(video, troll, f"thread {n}") for n in range(17)]
    youtube.add_comment(video, troll, "reply in an old thread", parent=threads[2])
    first = adapter(youtube).mentions_page(cursor=cursor, limit=3, max_pages=2)
    # The newest two pages of threads (its cap) and nothing older yet.
    assert [i.post.text for i in first.interactions] == [f"thread {n}" for n in range(11, 17)]
    # New threads arrive before the next read: YouTube's page tokens count from the newest, so
    # the page it goes on from now starts with threads already read.
    arrived = [youtube.add_comment(video, troll, f"meanwhile {n}")["text"] for n in range(2)]
    read, cursor, reads = [i.post.text for i in first.interactions], first.cursor, 1
    seen = {cursor}
    while True:  # as the monitor does: read on till nothing new and the cursor comes round
        page = adapter(youtube).mentions_page(cursor=cursor, limit=3, max_pages=2)
        if page.cursor in seen and not page.interactions:
            break
        read += [i.post.text for i in page.interactions]
        cursor, reads = page.cursor, reads + 1
        seen.add(cursor)
    expected = [f"thread {n}" for n in range(17)] + ["reply in an old thread", *arrived]
    assert sorted(read) == sorted(expected)
    assert len(read) == len(set(read))  # nothing twice
    assert read[-2:] == arrived  # read once the backlog was caught up
    assert adapter(youtube).mentions_page(cursor=cursor, limit=3).interactions == []


def test_youtube_read_asks_for_the_most_threads_a_call_allows(youtube):
    # Every commentThreads.list costs the same quota however many it returns.
    video = youtube.add_video()
    troll = youtube.add_channel("Troll Account")
    youtube.add_comment(video, troll, "first")
    cursor = adapter(youtube).mentions_page().cursor
    for n in range(150):
        youtube.add_comment(video, troll, f"pile-on {n}")
    youtube.requests.clear()
    page = adapter(youtube).mentions_page(cursor=cursor)
    assert len(page.interactions) == 150
    thread_reads = [p for m, p in youtube.requests if "commentThreads" in p]
    assert len(thread_reads) == 2
    assert all("maxResults=100" in p for p in thread_reads)
