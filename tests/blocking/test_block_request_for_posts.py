"""Requests from the review queue and from cases: evidence first, stable ids found from handles."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from tests.blocking.conftest import capture, connect_mastodon
from tests.platforms.mastodon_server import MastodonServer
from upstander.accounts.models import User
from upstander.blocking.errors import AccountNotFound
from upstander.blocking.models import EntryStatus, Source
from upstander.blocking.services import block_request, block_request_for_posts
from upstander.evidence.models import EvidenceItem

ARRIVED = datetime(2026, 11, 20, 9, 30, tzinfo=UTC)


def post(n: int) -> dict[str, object]:
    return {
        "uri": f"at://did:plc:trolltrolltrolltrolltrol/app.bsky.feed.post/{n}",
        "url": f"https://bsky.app/profile/troll.test/post/{n}",
        "author_handle": "troll.test",
        "author_id": "did:plc:trolltrolltrolltrolltrol",
        "text": f"abusive reply {n}",
        "posted_at": ARRIVED,
        "raw": {"cid": f"bafy{n}"},
    }


def test_the_queues_posts_are_captured_as_evidence_before_the_request(caseworker: User) -> None:
    entry = block_request_for_posts(
        caseworker,
        platform="bluesky",
        account_id="did:plc:trolltrolltrolltrolltrol",
        handle="troll.test",
        posts=[post(1), post(2)],
        reason="Abusive replies in the review queue",
        source_ref="review:17",
        first_seen_at=ARRIVED,
    )
    assert entry.status == EntryStatus.REQUESTED
    assert entry.source == Source.REVIEW_QUEUE
    assert entry.first_seen_at == ARRIVED
    captured = EvidenceItem.objects.filter(pk__in=entry.evidence.values("pk"))
    assert sorted(item.uri for item in captured) == [post(1)["uri"], post(2)["uri"]]
    again = block_request_for_posts(
        caseworker,
        platform="bluesky",
        account_id="did:plc:trolltrolltrolltrolltrol",
        handle="troll.test",
        posts=[post(1)],
        reason="Abusive replies in the review queue",
        source_ref="review:17",
        first_seen_at=ARRIVED + timedelta(hours=1),
    )
    assert again == entry  # the same request twice is one entry


def test_a_handle_alone_is_looked_up_for_its_stable_id(
    caseworker: User, protected_person: User, mastodon: MastodonServer
) -> None:
    connect_mastodon(mastodon, protected_person, "priya")
    troll = mastodon.add_account("troll", remote="evil.example")
    evidence = capture("mastodon", troll["uri"], "troll@evil.example")
    entry = block_request(
        caseworker,
        platform="mastodon",
        account_id="",
        handle="@troll@evil.example",
        reason="From a case: offending account named by handle only",
        evidence_ids=[evidence.pk],
        source=Source.CASE,
        source_ref="pending-block:3",
    )
    assert entry.account_id == troll["uri"]


def test_an_unknown_handle_is_refused_with_a_clear_message(caseworker: User) -> None:
    with pytest.raises(AccountNotFound, match="stable id"):
        block_request(
            caseworker,
            platform="mastodon",
            account_id="",
            handle="nobody@nowhere.example",
            reason="x",
            evidence_ids=[],
        )
