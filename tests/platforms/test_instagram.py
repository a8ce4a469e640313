"""The Instagram adapter, plain HTTP against a local server with the Instagram Graph API's
shapes (tests/platforms/instagram_server.py)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from upstander.platforms import adapter_class
from upstander.platforms.base import Capability, PlatformAdapter, supports
from upstander.platforms.errors import (
    AuthenticationFailed,
    NotFound,
    NotSupported,
    RateLimited,
    TokenRevoked,
)
from upstander.platforms.instagram import (
    PERSONAL_ACCOUNTS,
    InstagramAdapter,
    instagram_uri,
    parse_link,
)
from upstander.platforms.links import platform_of_link
from upstander.platforms.types import Relation

from .graph_server import PAGE_ID
from .instagram_server import (
    IG_PAGE_TOKEN,
    IG_USER_ID,
    IG_USER_TOKEN,
    IG_USERNAME,
    InstagramServer,
)


def adapter(
    server: InstagramServer, token: str = IG_PAGE_TOKEN, **options: Any
) -> InstagramAdapter:
    waits: list[float] = []
    options.setdefault("sleep", waits.append)  # a test never really sleeps
    return InstagramAdapter(
        access_token=token, api_base_url=server.api_url, allow_private=True, timeout=5, **options
    )


def me_of(server: InstagramServer) -> dict[str, Any]:
    return server.ig_users[IG_USER_ID]


def test_instagram_adapter_implements_the_interface_and_declares_comment_moderation(instagram):
    account = adapter(instagram)
    assert isinstance(account, PlatformAdapter)
    assert adapter_class("instagram") is InstagramAdapter
    assert supports(account, Capability.HIDE_REPLY)
    assert supports(account, Capability.DELETE_COMMENT)
    for capability in (Capability.BLOCK, Capability.MUTE, Capability.BAN_FROM_PAGE):
        assert not supports(account, capability)
    for refused in (
        lambda: account.block("1"),
        lambda: account.mute("1"),
        lambda: account.ban_from_page("1"),
        lambda: account.report(account_id="1", post_uris=[], reason="abuse"),
    ):
        with pytest.raises(NotSupported) as why:
            refused()
        assert "Instagram" in why.value.message
    assert instagram.requests == []  # refused without asking Instagram


def test_instagram_me_is_the_professional_account_linked_to_the_page(instagram):
    me = adapter(instagram).me()
    assert (me.id, me.handle, me.platform) == (IG_USER_ID, IG_USERNAME, "instagram")


def test_instagram_me_with_a_user_token_finds_the_account_through_their_pages(instagram):
    other_page, _ = instagram.add_page("Ward Campaign")
    instagram.add_ig_account("ward.campaign", page_id=other_page)
    token = instagram.add_admin("Priya Patel", pages=[other_page, PAGE_ID])
    assert adapter(instagram, IG_USER_TOKEN).me().id == IG_USER_ID
    chosen = adapter(instagram, token, username="@cllr.priya").me()
    assert chosen.id == IG_USER_ID
    assert adapter(instagram, token).me().handle == "ward.campaign"  # the first of their pages


def test_instagram_personal_account_is_refused_saying_only_professional_accounts_can_be_read(
    instagram,
):
    # A personal account is never linked to a Page: its owner's page token reaches none.
    page_id, page_token = instagram.add_page("Priya at home")
    instagram.add_ig_account("priya.personal", account_type="PERSONAL")
    with pytest.raises(NotSupported) as refused:
        adapter(instagram, page_token).me()
    assert refused.value.message == PERSONAL_ACCOUNTS
    assert "personal Instagram accounts cannot be read" in refused.value.message
    user_token = instagram.add_admin("Priya", pages=[page_id])
    with pytest.raises(NotSupported):
        adapter(instagram, user_token).me()
    # Nor can a personal account be looked up by its username.
    with pytest.raises(NotFound):
        adapter(instagram).resolve_handle("priya.personal")


def test_instagram_resolve_finds_professional_accounts_by_username(instagram):
    other = instagram.add_ig_account("town.hall", account_type="MEDIA_CREATOR")
    account = adapter(instagram)
    found = account.resolve_handle("@Town.Hall")
    assert (found.id, found.handle) == (other["id"], "town.hall")
    assert account.resolve_handle(IG_USERNAME).id == IG_USER_ID
    assert account.resolve_id(IG_USER_ID).handle == IG_USERNAME
    business_calls = [p for _, p in instagram.requests if "business_discovery" in p]
    assert len(business_calls) == 1
    with pytest.raises(NotFound):
        account.resolve_handle("nobody.here")
    with pytest.raises(NotFound):
        account.resolve_handle("not a name!")


def test_instagram_read_returns_comments_replies_and_tags_oldest_first(instagram):
    me = me_of(instagram)
    post = instagram.add_media(me, "Surgery on Saturday")
    troll = instagram.add_ig_account("troll.account", account_type="PERSONAL")
    first = instagram.add_ig_comment(post, troll, "You are a disgrace")
    instagram.add_ig_comment(post, me, "Thanks all")  # the account's own answer is skipped
    reply = instagram.add_ig_comment(post, troll, "Resign", parent=first)
    other = instagram.add_ig_account("other.shop")
    tagged = instagram.add_media(other, "Look who turned up @cllr.priya")
    instagram.tag(me, tagged)
    page = adapter(instagram).mentions_page()
    assert [(i.post.text, i.relation) for i in page.interactions] == [
        ("You are a disgrace", Relation.REPLY),
        ("Resign", Relation.REPLY),
        ("Look who turned up @cllr.priya", Relation.MENTION),
    ]
    comment = page.interactions[0]
    assert comment.target_id == IG_USER_ID
    assert comment.post.uri == instagram_uri(first["id"])
    assert comment.post.author_id == troll["id"]
    assert comment.post.author_handle == "troll.account"
    assert comment.post.created_at == datetime(2026, 11, 25, 9, 0, 2, tzinfo=UTC)
    assert comment.post.url == f"{post['permalink']}c/{first['id']}/"
    assert page.interactions[1].post.uri == instagram_uri(reply["id"])
    assert page.interactions[1].post.raw["parent_id"] == first["id"]
    assert page.interactions[2].post.url == tagged["permalink"]


def test_instagram_read_pages_through_comments_and_keeps_its_cursor_across_restarts(instagram):
    me = me_of(instagram)
    post = instagram.add_media(me, "Budget consultation")
    troll = instagram.add_ig_account("troll.account", account_type="PERSONAL")
    for n in range(7):
        instagram.add_ig_comment(post, troll, f"comment {n}")
    first = adapter(instagram).mentions_page(limit=3)
    assert [i.post.text for i in first.interactions] == [f"comment {n}" for n in range(7)]
    comment_reads = [path for _, path in instagram.requests if "/comments" in path]
    assert len(comment_reads) == 3 and "after=" in comment_reads[-1]  # paged by cursors.after
    assert first.cursor is not None
    quiet = instagram.add_media(me, "No comments here")
    later = instagram.add_media(me, "Bin collections")
    for n in range(7, 12):  # more arrive while the monitor is down
        instagram.add_ig_comment(post if n % 2 else later, troll, f"comment {n}")
    instagram.requests.clear()
    # A new adapter, as after a restart: only the stored cursor carries over.
    second = adapter(instagram).mentions_page(cursor=first.cursor, limit=3)
    assert [i.post.text for i in second.interactions] == [f"comment {n}" for n in range(7, 12)]
    assert not any(f"/{quiet['id']}/comments" in path for _, path in instagram.requests)
    third = adapter(instagram).mentions_page(cursor=second.cursor, limit=3)
    assert third.interactions == []
    assert third.cursor == second.cursor


def test_instagram_read_neither_repeats_nor_loses_comments_made_in_the_same_second(instagram):
    me = me_of(instagram)
    post = instagram.add_media(me, "Same second")
    troll = instagram.add_ig_account("troll.account", account_type="PERSONAL")
    moment = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
    instagram.add_ig_comment(post, troll, "first", at=moment)
    page = adapter(instagram).mentions_page()
    instagram.add_ig_comment(post, troll, "second", at=moment)
    again = adapter(instagram).mentions_page(cursor=page.cursor)
    assert [i.post.text for i in again.interactions] == ["second"]
    assert adapter(instagram).mentions_page(cursor=again.cursor).interactions == []


def test_instagram_fetch_reads_posts_reels_and_comments_by_their_web_addresses(instagram):
    me = me_of(instagram)
    post = instagram.add_media(me, "Surgery on Saturday")
    troll = instagram.add_ig_account("troll.account", account_type="PERSONAL")
    comment = instagram.add_ig_comment(post, troll, "I know where you live")
    shop = instagram.add_ig_account("corner.shop")
    theirs = instagram.add_media(shop, "Our councillor is useless")
    account = adapter(instagram)
    fetched = account.fetch(f"{post['permalink']}c/{comment['id']}/")
    assert fetched.text == "I know where you live"
    assert fetched.author_id == troll["id"]
    assert fetched.uri == instagram_uri(comment["id"])
    assert fetched.raw["id"] == comment["id"]
    assert account.fetch(post["permalink"]).text == "Surgery on Saturday"
    reel = f"https://instagram.com/reel/{post['shortcode']}/?igsh=abc"
    assert account.fetch(reel).uri == instagram_uri(post["id"])
    named = f"https://www.instagram.com/corner.shop/p/{theirs['shortcode']}/"
    assert account.fetch(named).text == "Our councillor is useless"  # business_discovery
    with pytest.raises(NotFound) as unreachable:
        account.fetch(theirs["permalink"])  # no account named: the API cannot find it
    assert "cannot read" in unreachable.value.message
    assert account.get_post(instagram_uri(comment["id"])).text == "I know where you live"
    assert account.get_post(instagram_uri(post["id"])).text == "Surgery on Saturday"


def test_instagram_links_name_shortcodes_and_comments_and_others_are_refused():
    link = parse_link("https://www.instagram.com/p/C0dEaBc123/c/17850000000000001/")
    assert (link.shortcode, link.comment_id, link.username) == (
        "C0dEaBc123",
        "17850000000000001",
        "",
    )
    reply = parse_link("https://www.instagram.com/p/C0dEaBc123/c/1785001/r/1785002/")
    assert reply.comment_id == "1785002"
    assert parse_link("https://www.instagram.com/Cllr.Priya/reel/DaBc_-12345/").username == (
        "cllr.priya"
    )
    for url in (
        "https://www.instagram.com/cllr.priya/",
        "https://www.instagram.com/stories/cllr.priya/123/",
        "https://www.facebook.com/priya/posts/1",
        "ftp://instagram.com/p/C0dEaBc123/",
    ):
        with pytest.raises(NotSupported):
            parse_link(url)


def test_instagram_fetch_of_a_deleted_comment_is_not_found(instagram):
    post = instagram.add_media(me_of(instagram), "Post")
    troll = instagram.add_ig_account("troll.account", account_type="PERSONAL")
    comment = instagram.add_ig_comment(post, troll, "gone soon")
    instagram.delete(comment["id"])
    with pytest.raises(NotFound):
        adapter(instagram).fetch(f"{post['permalink']}c/{comment['id']}/")


def test_instagram_hide_hides_the_comment_and_can_show_it_again(instagram):
    post = instagram.add_media(me_of(instagram), "Post")
    troll = instagram.add_ig_account("troll.account", account_type="PERSONAL")
    comment = instagram.add_ig_comment(post, troll, "abuse")
    account = adapter(instagram)
    account.hide_reply(instagram_uri(comment["id"]))
    assert instagram.ig_comments[comment["id"]]["hidden"] is True
    assert ("POST", f"/v21.0/{comment['id']}") in instagram.writes
    account.hide_reply(comment["id"], hidden=False)
    assert instagram.ig_comments[comment["id"]]["hidden"] is False


def test_instagram_delete_removes_the_comment(instagram):
    post = instagram.add_media(me_of(instagram), "Post")
    troll = instagram.add_ig_account("troll.account", account_type="PERSONAL")
    comment = instagram.add_ig_comment(post, troll, "abuse")
    adapter(instagram).delete_comment(instagram_uri(comment["id"]))
    assert comment["id"] not in instagram.ig_comments
    assert ("DELETE", f"/v21.0/{comment['id']}") in instagram.writes
    with pytest.raises(NotFound):
        adapter(instagram).delete_comment(comment["id"])


def test_instagram_cannot_touch_comments_on_an_account_it_does_not_manage(instagram):
    shop = instagram.add_ig_account("corner.shop")
    theirs = instagram.add_media(shop, "Shop news")
    comment = instagram.add_ig_comment(theirs, shop, "Open late")
    with pytest.raises(NotFound):
        adapter(instagram).hide_reply(comment["id"])
    assert instagram.ig_comments[comment["id"]]["hidden"] is False


def test_instagram_revoked_token_is_a_distinct_error_that_is_not_retried(instagram):
    instagram.revoked.add(IG_PAGE_TOKEN)
    account = adapter(instagram)
    with pytest.raises(TokenRevoked) as refused:
        account.me()
    assert isinstance(refused.value, AuthenticationFailed)
    assert refused.value.permanent
    assert "code 190" in refused.value.message
    assert "connect Instagram again" in refused.value.message
    assert "Error validating" not in refused.value.message  # the server's words stay out
    assert len(instagram.requests) == 1
    assert account.waited == []


@pytest.mark.parametrize("code", [4, 17, 32, 613])
def test_instagram_rate_limit_waits_as_long_as_the_usage_headers_say(instagram, code):
    instagram.rate_limit(IG_PAGE_TOKEN, code=code, minutes=2, times=1)
    slept: list[float] = []
    account = adapter(instagram, sleep=slept.append, max_wait=300)
    assert account.me().id == IG_USER_ID
    assert slept == [120.0]  # estimated_time_to_regain_access: 2 minutes
    assert account.last_usage_percent is not None


def test_instagram_rate_limit_longer_than_it_may_wait_is_handed_back_with_the_wait(instagram):
    instagram.rate_limit(IG_PAGE_TOKEN, code=4, minutes=45, times=1)
    slept: list[float] = []
    with pytest.raises(RateLimited) as limited:
        adapter(instagram, sleep=slept.append, max_wait=60).me()
    assert limited.value.retry_after == 45 * 60
    assert "Instagram asked us to slow down" in limited.value.message
    assert slept == []


def test_instagram_links_are_told_apart_by_their_host_for_capture():
    assert platform_of_link("https://www.instagram.com/p/C0dEaBc123/") == "instagram"
    assert platform_of_link("https://instagr.am/reel/C0dEaBc123/") == "instagram"
    assert platform_of_link("https://www.facebook.com/priya/posts/1") == "facebook"
    assert platform_of_link("https://instagram.example.org/p/C0dEaBc123/") is None


def test_instagram_stream_polls_and_yields_only_new_comments(instagram):
    post = instagram.add_media(me_of(instagram), "Post")
    troll = instagram.add_ig_account("troll.account", account_type="PERSONAL")
    instagram.add_ig_comment(post, troll, "first")
    slept: list[float] = []
    stream = adapter(instagram, sleep=slept.append).stream_mentions(poll_seconds=45)
    assert next(stream).post.text == "first"
    instagram.add_ig_comment(post, troll, "second")
    assert next(stream).post.text == "second"
    assert slept == [45]


def test_instagram_read_past_its_page_cap_loses_nothing(instagram):
    me = me_of(instagram)
    post = instagram.add_media(me, "Budget consultation")
    quiet = instagram.add_media(me, "Bin collections")
    troll = instagram.add_ig_account("troll.account", account_type="PERSONAL")
    instagram.add_ig_comment(post, troll, "before")
    cursor = adapter(instagram).mentions_page().cursor
    waiting = [instagram.add_ig_comment(post, troll, f"comment {n}") for n in range(17)]
    instagram.add_ig_comment(post, troll, "a reply past the cap", parent=waiting[15])
    instagram.add_ig_comment(quiet, troll, "on the quiet post")
    first = adapter(instagram).mentions_page(cursor=cursor, limit=3, max_pages=2)
    # Comments come oldest first: the read stops two pages in, before the newest.
    assert [i.post.text for i in first.interactions] == [
        *(f"comment {n}" for n in range(5)),
        "on the quiet post",
    ]
    late = instagram.add_ig_comment(quiet, troll, "while catching up")
    read, cursor, reads = [i.post.text for i in first.interactions], first.cursor, 1
    seen = {cursor}
    while True:  # as the monitor does: read on till nothing new and the cursor comes round
        page = adapter(instagram).mentions_page(cursor=cursor, limit=3, max_pages=2)
        if page.cursor in seen and not page.interactions:
            break
        read += [i.post.text for i in page.interactions]
        cursor, reads = page.cursor, reads + 1
        seen.add(cursor)
    expected = [c["text"] for c in waiting] + ["a reply past the cap", "on the quiet post"]
    assert sorted(read) == sorted([*expected, late["text"]])
    assert len(read) == len(set(read))  # nothing twice
    assert read[-1] == late["text"]  # read once the backlog was caught up
    assert all(i.post.url for i in page.interactions)
