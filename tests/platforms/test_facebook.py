"""The Facebook Pages adapter, plain HTTP against a local server with the Graph API's shapes."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import httpx
import pytest

from upstander.platforms import adapter_class
from upstander.platforms.base import Capability, PlatformAdapter, supports
from upstander.platforms.errors import (
    AuthenticationFailed,
    NotFound,
    NotSupported,
    RateLimited,
    TokenRevoked,
    TransientError,
)
from upstander.platforms.facebook import FacebookAdapter, graph_uri, parse_link
from upstander.platforms.types import Relation

from .graph_server import PAGE_ID, PAGE_TOKEN, GraphServer


def adapter(graph: GraphServer, token: str = PAGE_TOKEN, **options) -> FacebookAdapter:
    waits: list[float] = []
    options.setdefault("sleep", waits.append)  # a test never really sleeps
    return FacebookAdapter(
        access_token=token, api_base_url=graph.api_url, allow_private=True, timeout=5, **options
    )


def test_facebook_adapter_implements_the_interface_and_declares_page_moderation(graph):
    page = adapter(graph)
    assert isinstance(page, PlatformAdapter)
    assert adapter_class("facebook") is FacebookAdapter
    assert supports(page, Capability.HIDE_REPLY)
    assert supports(page, Capability.DELETE_COMMENT)
    assert supports(page, Capability.BAN_FROM_PAGE)
    assert not supports(page, Capability.BLOCK)
    with pytest.raises(NotSupported):
        page.block("123")
    with pytest.raises(NotSupported):
        page.report(account_id="123", post_uris=[], reason="abuse")


def test_facebook_me_is_the_page_of_the_token(graph):
    me = adapter(graph).me()
    assert me.id == PAGE_ID
    assert me.display_name == "Cllr Priya Patel"
    assert me.handle == "cllrpriyapatel"


def test_facebook_resolve_finds_a_page_by_its_username_and_an_account_by_its_id(graph):
    other_id, _ = graph.add_page("Town Hall")
    troll = graph.add_user("Troll Account")
    page = adapter(graph)
    assert page.resolve_handle("@townhall").id == other_id
    assert page.resolve_id(troll["id"]).display_name == "Troll Account"
    with pytest.raises(NotFound):
        page.resolve_handle("nobody.here")


def test_facebook_read_returns_comments_on_the_page_posts_oldest_first(graph):
    post = graph.add_post("Surgery on Saturday")
    troll = graph.add_user("Troll Account")
    first = graph.add_comment(post, troll, "You are a disgrace")
    reply = graph.add_comment(post, troll, "Resign", parent=first)
    graph.add_comment(post, {"id": PAGE_ID, "name": "Cllr Priya Patel"}, "Thanks all")
    page = adapter(graph).mentions_page()
    assert [i.post.text for i in page.interactions] == ["You are a disgrace", "Resign"]
    comment = page.interactions[0]
    assert comment.relation == Relation.REPLY
    assert comment.target_id == PAGE_ID
    assert comment.post.uri == graph_uri(first["id"])
    assert comment.post.author_id == troll["id"]
    assert comment.post.author_handle == "Troll Account"
    assert comment.post.created_at == datetime(2026, 11, 25, 9, 0, 2, tzinfo=UTC)
    assert comment.post.url.endswith(f"?comment_id={first['id'].split('_')[1]}")
    assert page.interactions[1].post.raw["parent"] == {"id": first["id"]}
    assert reply["id"] in page.interactions[1].post.uri


def test_facebook_read_follows_the_after_cursor_and_keeps_its_cursor_across_restarts(graph):
    post = graph.add_post("Budget consultation")
    troll = graph.add_user("Troll Account")
    for n in range(7):
        graph.add_comment(post, troll, f"comment {n}")
    first = adapter(graph).mentions_page(limit=3)  # no cursor yet: the newest page only
    assert [i.post.text for i in first.interactions] == ["comment 4", "comment 5", "comment 6"]
    assert first.cursor is not None
    for n in range(7, 15):  # more than a page arrives while the monitor is down
        graph.add_comment(post, troll, f"comment {n}")
    graph.requests.clear()
    # A new adapter, as after a restart: only the stored cursor carries over.
    second = adapter(graph).mentions_page(cursor=first.cursor, limit=3)
    assert [i.post.text for i in second.interactions] == [f"comment {n}" for n in range(7, 15)]
    comment_reads = [path for _, path in graph.requests if "/comments" in path]
    assert any("after=" in path for path in comment_reads)  # paged by cursors.after
    third = adapter(graph).mentions_page(cursor=second.cursor, limit=3)
    assert third.interactions == []
    assert third.cursor == second.cursor


def test_facebook_read_neither_repeats_nor_loses_comments_made_in_the_same_second(graph):
    post = graph.add_post("Same second")
    troll = graph.add_user("Troll Account")
    moment = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
    graph.add_comment(post, troll, "first", at=moment)
    page = adapter(graph).mentions_page()
    graph.add_comment(post, troll, "second", at=moment)
    again = adapter(graph).mentions_page(cursor=page.cursor)
    assert [i.post.text for i in again.interactions] == ["second"]
    assert adapter(graph).mentions_page(cursor=again.cursor).interactions == []


def test_facebook_fetch_reads_a_post_and_a_comment_by_their_web_addresses(graph):
    post = graph.add_post("Surgery on Saturday")
    troll = graph.add_user("Troll Account")
    comment = graph.add_comment(post, troll, "I know where you live")
    page = adapter(graph)
    fetched = page.fetch(comment["permalink_url"])
    assert fetched.text == "I know where you live"
    assert fetched.author_id == troll["id"]
    assert fetched.raw["id"] == comment["id"]
    assert page.fetch(post["permalink_url"]).text == "Surgery on Saturday"
    by_name = f"https://www.facebook.com/cllrpriyapatel/posts/{post['id'].split('_')[1]}"
    assert page.fetch(by_name).uri == graph_uri(post["id"])
    assert page.get_post(graph_uri(comment["id"])).text == "I know where you live"


def test_facebook_links_name_graph_ids_and_others_are_refused():
    link = parse_link("https://m.facebook.com/permalink.php?story_fbid=22&id=11&comment_id=33")
    assert (link.post_id, link.comment_id) == ("11_22", "22_33")
    assert parse_link("https://www.facebook.com/photo/?fbid=44").post_id == "44"
    for url in (
        "https://www.facebook.com/priya/posts/pfbid02abc",
        "https://bsky.app/profile/x/post/y",
        "https://www.facebook.com/",
    ):
        with pytest.raises(NotSupported):
            parse_link(url)


def test_facebook_fetch_of_a_deleted_comment_is_not_found(graph):
    post = graph.add_post("Post")
    comment = graph.add_comment(post, graph.add_user("Troll"), "gone soon")
    graph.delete(comment["id"])
    with pytest.raises(NotFound):
        adapter(graph).fetch(comment["permalink_url"])


def test_facebook_hide_hides_the_comment_and_can_show_it_again(graph):
    post = graph.add_post("Post")
    comment = graph.add_comment(post, graph.add_user("Troll"), "abuse")
    page = adapter(graph)
    page.hide_reply(graph_uri(comment["id"]))
    assert graph.comments[comment["id"]]["is_hidden"] is True
    assert ("POST", f"/v21.0/{comment['id']}") in graph.writes
    page.hide_reply(comment["id"], hidden=False)
    assert graph.comments[comment["id"]]["is_hidden"] is False


def test_facebook_delete_removes_the_comment(graph):
    post = graph.add_post("Post")
    comment = graph.add_comment(post, graph.add_user("Troll"), "abuse")
    adapter(graph).delete_comment(graph_uri(comment["id"]))
    assert comment["id"] not in graph.comments
    with pytest.raises(NotFound):
        adapter(graph).delete_comment(comment["id"])


def test_facebook_ban_from_page_blocks_the_account_on_the_page(graph):
    troll = graph.add_user("Troll")
    page = adapter(graph)
    page.ban_from_page(troll["id"])
    assert (PAGE_ID, troll["id"]) in graph.blocked
    page.unban_from_page(troll["id"])
    assert (PAGE_ID, troll["id"]) not in graph.blocked


def test_facebook_revoked_token_is_a_distinct_error_that_is_not_retried(graph):
    graph.revoked.add(PAGE_TOKEN)
    page = adapter(graph)
    with pytest.raises(TokenRevoked) as refused:
        page.me()
    assert isinstance(refused.value, AuthenticationFailed)
    assert refused.value.permanent
    assert "code 190" in refused.value.message
    assert "Error validating" not in refused.value.message  # the server's words stay out
    assert len(graph.requests) == 1
    assert page.waited == []


@pytest.mark.parametrize(
    ("code", "header"),
    [(80001, "X-Business-Use-Case-Usage"), (32, "X-Page-Usage"), (4, "X-Business-Use-Case-Usage")],
)
def test_facebook_rate_limit_waits_as_long_as_the_usage_headers_say(graph, code, header):
    graph.rate_limit(PAGE_TOKEN, code=code, minutes=1, times=1, header=header)
    slept: list[float] = []
    page = adapter(graph, sleep=slept.append, max_wait=120)
    assert page.me().id == PAGE_ID
    assert slept == [60.0]  # estimated_time_to_regain_access: 1 minute
    assert len(graph.requests) == 2


def test_facebook_rate_limit_longer_than_it_may_wait_is_handed_back_with_the_wait(graph):
    graph.rate_limit(PAGE_TOKEN, minutes=30, times=1)
    slept: list[float] = []
    page = adapter(graph, sleep=slept.append, max_wait=60)
    with pytest.raises(RateLimited) as limited:
        page.me()
    assert limited.value.retry_after == 30 * 60
    assert not limited.value.permanent
    assert slept == []


def test_facebook_server_errors_are_retried_with_backoff_then_given_up(graph):
    graph.fail_next = 2
    slept: list[float] = []
    assert adapter(graph, sleep=slept.append).me().id == PAGE_ID
    assert len(slept) == 2
    graph.fail_next = 10
    with pytest.raises(TransientError):
        adapter(graph, sleep=slept.append, retries=2).me()


def test_facebook_usage_headers_are_kept_for_the_source_health(graph):
    page = adapter(graph)
    page.me()
    assert page.last_usage_percent is not None


def test_facebook_read_past_its_page_cap_loses_nothing(graph):
    post = graph.add_post("Budget consultation")
    quiet = graph.add_post("Bin collections")
    troll = graph.add_user("Troll Account")
    graph.add_comment(post, troll, "before")
    cursor = adapter(graph).mentions_page().cursor
    waiting = [f"comment {n}" for n in range(17)]  # more than one capped read (2 pages of 3)
    for text in waiting:
        graph.add_comment(post, troll, text)
    graph.add_comment(quiet, troll, "on the quiet post")
    first = adapter(graph).mentions_page(cursor=cursor, limit=3, max_pages=2)
    # The newest two pages of the busy post (its cap), and the other post's comment.
    assert [i.post.text for i in first.interactions] == [*waiting[-6:], "on the quiet post"]
    late = graph.add_comment(quiet, troll, "while catching up")  # newer than everything read
    read, cursor, reads = [i.post.text for i in first.interactions], first.cursor, 1
    seen = {cursor}
    while True:  # as the monitor does: read on till nothing new and the cursor comes round
        page = adapter(graph).mentions_page(cursor=cursor, limit=3, max_pages=2)
        if page.cursor in seen and not page.interactions:
            break
        read += [i.post.text for i in page.interactions]
        cursor, reads = page.cursor, reads + 1
        seen.add(cursor)
    assert sorted(read) == sorted([*waiting, "on the quiet post", late["message"]])
    assert len(read) == len(set(read))  # nothing twice
    assert reads == 4  # 6 + 6 + the last 5 of the post, then the comment made meanwhile
    assert read[-1] == "while catching up"


def _answering(answers: dict[str, tuple[int, Any]]) -> tuple[FacebookAdapter, list[str]]:
    """An adapter whose Graph API answers each `fields` value as given (and records the asks)."""
    asked: list[str] = []

    def handle(request: httpx.Request) -> httpx.Response:
        fields = request.url.params["fields"]
        asked.append(fields)
        status, body = answers[fields]
        return httpx.Response(status, json=body)

    page = FacebookAdapter(
        access_token=PAGE_TOKEN, transport=httpx.MockTransport(handle), sleep=lambda _: None
    )
    return page, asked


def test_graph_reads_an_object_as_a_comment_first_then_as_what_else_it_is():
    refused = {"error": {"code": 100, "message": "Tried accessing nonexisting field (parent)"}}
    page, asked = _answering({"c": (200, {"id": "1_2"})})
    assert page._comment_or_other("1_2", comment_fields="c", other_fields="p") == (
        {"id": "1_2"},
        True,
    )
    assert asked == ["c"]
    page, asked = _answering({"c": (400, refused), "p": (200, {"id": "1_3"})})
    assert page._comment_or_other("1_3", comment_fields="c", other_fields="p") == (
        {"id": "1_3"},
        False,
    )
    assert asked == ["c", "p"]


@pytest.mark.parametrize(
    ("status", "error", "raised"),
    [
        (404, {"code": 100, "error_subcode": 33}, NotFound),
        (401, {"code": 190}, AuthenticationFailed),
    ],
)
def test_graph_asks_once_when_the_object_is_missing_or_the_token_refused(status, error, raised):
    page, asked = _answering({"c": (status, {"error": error})})
    with pytest.raises(raised):
        page._comment_or_other("1_2", comment_fields="c", other_fields="p")
    assert asked == ["c"]


@pytest.mark.parametrize("answer", [["1_2"], "1_2", 5], ids=["a list", "a string", "a number"])
def test_graph_answers_that_are_not_objects_are_transient_platform_errors(answer):
    page, _ = _answering({"c": (200, answer)})
    with pytest.raises(TransientError) as failed:
        page._comment_or_other("1_2", comment_fields="c", other_fields="p")
    assert "1_2" not in failed.value.message  # what the server said is not repeated


@pytest.mark.parametrize(
    "answer",
    [{"data": {"id": "1"}}, {"data": ["1"]}, {"data": [], "paging": ["next"]}],
    ids=["data an object", "data of strings", "paging a list"],
)
def test_graph_lists_in_the_wrong_shape_are_transient_platform_errors(answer):
    page, _ = _answering({"f": (200, answer)})
    with pytest.raises(TransientError):
        list(page._pages("/1/feed", {"fields": "f"}, max_pages=1))
