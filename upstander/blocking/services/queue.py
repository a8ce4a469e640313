"""Requests from the review queue: the posts are captured as evidence before the request."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.db import transaction

from upstander.accounts.models import User
from upstander.accounts.permissions import require_role
from upstander.blocking.models import BlockEntry, Source
from upstander.blocking.services.entries import REQUESTERS, block_request
from upstander.evidence.services import evidence_capture_post


def block_request_for_posts(
    actor: User | None,
    *,
    platform: str,
    account_id: str,
    handle: str,
    posts: Iterable[dict[str, Any]],
    reason: str,
    source: str = Source.REVIEW_QUEUE,
    source_ref: str = "",
    case_id: int | None = None,
    first_seen_at: datetime | None = None,
) -> BlockEntry:
    """For the review queue: capture the posts as evidence first, then request the block.

    Each post is a dict with the evidence capture's fields (uri, url, author_handle, author_id,
    text, posted_at, raw). `first_seen_at` is when the first post arrived (time-to-block starts).
    A member's account raises `MemberAccountRefused` with the referral recorded.
    """
    require_role(actor, *REQUESTERS)
    with transaction.atomic():
        evidence_ids = [
            evidence_capture_post(
                actor,
                platform=platform,
                uri=post["uri"],
                url=post["url"],
                author_handle=post.get("author_handle", handle),
                author_id=post.get("author_id", account_id),
                text=post.get("text", ""),
                posted_at=post.get("posted_at"),
                raw=post.get("raw") or {},
            ).pk
            for post in posts
        ]
    return block_request(
        actor,
        platform=platform,
        account_id=account_id,
        handle=handle,
        reason=reason,
        evidence_ids=evidence_ids,
        case_id=case_id,
        source=source,
        source_ref=source_ref,
        first_seen_at=first_seen_at,
    )
