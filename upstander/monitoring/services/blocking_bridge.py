"""Handing the review queue's block requests to the blocklist (through the blocking services)."""

from __future__ import annotations

from upstander.accounts.models import User
from upstander.blocking.errors import MemberAccountRefused
from upstander.blocking.services import block_request_for_posts
from upstander.monitoring.models import BlockRequest, BlockRequestStatus, ReviewItem


def _hand_to_blocklist(
    actor: User | None, *, request: BlockRequest, items: list[ReviewItem]
) -> str:
    """Capture the posts as evidence and put the author on the blocklist, waiting for approval.

    A party member's account is refused by the blocking rules and routed to discipline; the
    request then records that refusal instead. Returns the request's new status.
    """
    posts = [
        {
            "uri": item.post.uri,
            "url": item.post.url,
            "author_handle": item.post.author_handle,
            "author_id": item.post.author_id,
            "text": item.post.text,
            "posted_at": item.post.posted_at,
            "raw": item.post.raw,
        }
        for item in items
    ]
    try:
        block_request_for_posts(
            actor,
            platform=request.platform,
            account_id=request.author_id,
            handle=request.author_handle,
            posts=posts,
            reason=f"Abusive posts to {request.person} flagged in the review queue.",
            source_ref=f"review:{request.pk}",
            first_seen_at=min(item.post.ingested_at for item in items),
        )
    except MemberAccountRefused:
        request.status = BlockRequestStatus.DECLINED
    else:
        request.status = BlockRequestStatus.DONE
    request.save(update_fields=["status"])
    return str(request.status)
