"""Matching Jetstream post events against watched DIDs (mention facets, replies, quotes)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.platforms.jetstream_events import identity_event, post_event
from upstander.platforms.jetstream import JetstreamMatcher, MalformedEvent
from upstander.platforms.types import Relation

WATCHED = "did:plc:watched00000000000000000"
AUTHOR = "did:plc:author000000000000000000"
THEIR_POST = f"at://{WATCHED}/app.bsky.feed.post/3kabc"
OTHER_POST = "at://did:plc:someoneelse0000000000000/app.bsky.feed.post/3kdef"


def line(event: dict[str, Any]) -> bytes:
    return json.dumps(event).encode()


def event(**options: Any) -> bytes:
    return line(post_event(did=AUTHOR, rkey="3lpost", text="hello", time_us=1, **options))


@pytest.fixture
def matcher() -> JetstreamMatcher:
    return JetstreamMatcher({WATCHED})


def test_a_mention_facet_of_a_watched_did_matches(matcher: JetstreamMatcher) -> None:
    raw = post_event(
        did=AUTHOR, rkey="3l1", text="hi @priya.test", time_us=5, mention=(WATCHED, "@priya.test")
    )
    [found] = matcher.match(line(raw))
    assert (found.target_id, found.relation) == (WATCHED, Relation.MENTION)
    assert found.post.uri == f"at://{AUTHOR}/app.bsky.feed.post/3l1"
    assert found.post.url == f"https://bsky.app/profile/{AUTHOR}/post/3l1"
    assert found.post.text == "hi @priya.test"
    assert found.post.raw == raw


def test_a_reply_to_a_watched_accounts_post_matches_by_parent_or_root(
    matcher: JetstreamMatcher,
) -> None:
    [parent] = matcher.match(event(reply_to=THEIR_POST))
    assert parent.relation == Relation.REPLY
    [deep] = matcher.match(event(reply_to=OTHER_POST, reply_root=THEIR_POST))
    assert deep.relation == Relation.REPLY


def test_a_quote_matches_alone_or_with_media(matcher: JetstreamMatcher) -> None:
    [quote] = matcher.match(event(quote=THEIR_POST))
    assert quote.relation == Relation.QUOTE
    with_media = post_event(did=AUTHOR, rkey="3lm", text="look", time_us=2)
    with_media["commit"]["record"]["embed"] = {
        "$type": "app.bsky.embed.recordWithMedia",
        "media": {"$type": "app.bsky.embed.images", "images": []},
        "record": {"record": {"cid": "bafyreia", "uri": THEIR_POST}},
    }
    [found] = matcher.match(line(with_media))
    assert found.relation == Relation.QUOTE


def test_a_reply_that_also_mentions_is_one_reply(matcher: JetstreamMatcher) -> None:
    raw = post_event(
        did=AUTHOR,
        rkey="3lb",
        text="@priya.test no",
        time_us=3,
        mention=(WATCHED, "@priya.test"),
        reply_to=THEIR_POST,
    )
    assert [i.relation for i in matcher.match(line(raw))] == [Relation.REPLY]


def test_posts_that_touch_no_watched_account_do_not_match(matcher: JetstreamMatcher) -> None:
    assert matcher.match(event()) == []
    assert matcher.match(event(reply_to=OTHER_POST, quote=OTHER_POST)) == []


def test_the_watched_person_replying_in_their_own_thread_is_not_queued() -> None:
    own = post_event(did=WATCHED, rkey="3lo", text="more details", time_us=4, reply_to=THEIR_POST)
    assert JetstreamMatcher({WATCHED}).match(line(own)) == []


def test_deletes_updates_likes_and_other_collections_are_ignored(matcher: JetstreamMatcher) -> None:
    delete = {
        "did": AUTHOR,
        "time_us": 9,
        "kind": "commit",
        "commit": {"operation": "delete", "collection": "app.bsky.feed.post", "rkey": "x"},
    }
    like = {
        "did": AUTHOR,
        "time_us": 10,
        "kind": "commit",
        "commit": {
            "operation": "create",
            "collection": "app.bsky.feed.like",
            "rkey": "y",
            "record": {"subject": {"uri": THEIR_POST, "cid": "c"}, "reply": "not a post's"},
        },
    }
    update = post_event(did=AUTHOR, rkey="3lu", text="edited", time_us=11, reply_to=THEIR_POST)
    update["commit"]["operation"] = "update"
    unknown = {**update, "time_us": 12, "commit": {**update["commit"], "operation": "mend"}}
    assert matcher.match(line(delete)) == []
    assert matcher.match(line(like)) == []
    assert matcher.match(line(update)) == []
    assert matcher.match(line(unknown)) == []


@pytest.mark.parametrize(
    "bad",
    [
        b"{not json",
        b"[]",
        b'{"kind": "commit"}',
        b'{"did": "did:plc:x", "time_us": "soon"}',
        line(
            {
                "did": AUTHOR,
                "time_us": 1,
                "commit": {
                    "operation": "create",
                    "collection": "app.bsky.feed.post",
                    "rkey": "z",
                    "record": {"reply": {"parent": {"uri": 5}}},
                },
            }
        ),
    ],
)
def test_malformed_lines_are_reported_as_such(matcher: JetstreamMatcher, bad: bytes) -> None:
    with pytest.raises(MalformedEvent):
        matcher.match(bad)


def test_identity_events_give_authors_their_handles(matcher: JetstreamMatcher) -> None:
    matcher.match(line(identity_event(did=AUTHOR, handle="troll.example", time_us=1)))
    [found] = matcher.match(event(reply_to=THEIR_POST))
    assert found.post.author_handle == "troll.example"


def test_watched_accounts_can_change_while_running(matcher: JetstreamMatcher) -> None:
    matcher.replace_watched(set())
    assert matcher.match(event(reply_to=THEIR_POST)) == []


def test_watched_dids_of_different_lengths_match_alike() -> None:
    web = "did:web:priya.example.org"
    matcher = JetstreamMatcher({WATCHED, web})
    [to_plc] = matcher.match(event(reply_to=THEIR_POST))
    [to_web] = matcher.match(event(quote=f"at://{web}/app.bsky.feed.post/3kweb"))
    assert (to_plc.target_id, to_plc.relation) == (WATCHED, Relation.REPLY)
    assert (to_web.target_id, to_web.relation) == (web, Relation.QUOTE)
