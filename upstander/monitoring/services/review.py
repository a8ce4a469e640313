"""Decisions on queue items, in bulk: dismiss, request a block, open a case."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from upstander import audit
from upstander.accounts.models import User
from upstander.monitoring.errors import AlreadyDecided, CannotHide, NothingSelected
from upstander.monitoring.models import (
    BlockRequest,
    BlockRequestStatus,
    ReviewItem,
    ReviewStatus,
)
from upstander.monitoring.permissions import require_reviewer
from upstander.monitoring.services.blocking_bridge import _hand_to_blocklist
from upstander.platforms import ADAPTERS, adapter_class
from upstander.platforms.base import Capability, supports
from upstander.platforms.types import PlatformError


def _lock_undecided(actor: User | None, item_ids: Iterable[int]) -> list[ReviewItem]:
    ids = sorted(set(item_ids))
    if not ids:
        raise NothingSelected("Select at least one post first.")
    items = list(
        ReviewItem.objects.select_for_update(of=("self",))
        .filter(id__in=ids)
        .select_related("post", "person")
        .order_by("id")
    )
    if len(items) != len(ids):
        raise NothingSelected("Some of the selected posts no longer exist.")
    require_reviewer(actor, {item.person_id for item in items})
    decided = [item for item in items if item.status != ReviewStatus.NEW]
    if decided:
        raise AlreadyDecided(
            f"{len(decided)} of the selected posts were already handled; nothing was changed."
        )
    return items


def _decide(actor: User | None, items: list[ReviewItem], status: ReviewStatus) -> None:
    now = timezone.now()
    for item in items:
        item.status = status
        item.decided_by = actor
        item.decided_at = now
    ReviewItem.objects.bulk_update(items, ["status", "decided_by", "decided_at"])


@transaction.atomic
def review_dismiss(actor: User | None, *, item_ids: Iterable[int]) -> int:
    """Not abuse, or not worth acting on: the posts leave the queue (they stay stored)."""
    items = _lock_undecided(actor, item_ids)
    _decide(actor, items, ReviewStatus.DISMISSED)
    audit.record(actor, "monitoring.review_dismiss", None, {"items": [item.id for item in items]})
    return len(items)


@transaction.atomic
def review_request_block(actor: User | None, *, item_ids: Iterable[int]) -> list[BlockRequest]:
    """Ask for the authors to be blocked on the person's behalf: one request per author and
    person, holding the posts that prompted it, handed to the blocklist to wait for approval
    (or refused there, and routed to discipline, when the author is a party member)."""
    items = _lock_undecided(actor, item_ids)
    grouped: dict[tuple[str, str, int], list[ReviewItem]] = defaultdict(list)
    for item in items:
        grouped[(item.post.platform, item.post.author_id, item.person_id)].append(item)
    requests = []
    for (platform, author_id, person_id), group in grouped.items():
        request, _ = BlockRequest.objects.get_or_create(
            platform=platform,
            author_id=author_id,
            person_id=person_id,
            status=BlockRequestStatus.PENDING,
            defaults={"author_handle": group[0].post.author_handle, "requested_by": actor},
        )
        request.posts.add(*[item.post_id for item in group])
        _hand_to_blocklist(actor, request=request, items=group)
        requests.append(request)
    _decide(actor, items, ReviewStatus.BLOCK_REQUESTED)
    audit.record(
        actor,
        "monitoring.review_request_block",
        None,
        {"items": [item.id for item in items], "block_requests": [r.id for r in requests]},
    )
    return requests


@transaction.atomic
def review_open_case(actor: User | None, *, item_ids: Iterable[int], summary: str) -> list[int]:
    """Open one case per protected person; each selected post becomes evidence."""
    from upstander.monitoring.services.cases_bridge import _open_cases

    items = _lock_undecided(actor, item_ids)
    case_ids = _open_cases(actor, items=items, summary=summary)
    _decide(actor, items, ReviewStatus.CASE_OPENED)
    audit.record(
        actor,
        "monitoring.review_open_case",
        None,
        {"items": [item.id for item in items], "cases": sorted(set(case_ids.values()))},
    )
    ReviewItem.objects.bulk_update(
        [_with_case(item, case_ids[item.id]) for item in items], ["case_id"]
    )
    return sorted(set(case_ids.values()))


def _with_case(item: ReviewItem, case_id: int) -> ReviewItem:
    item.case_id = case_id
    return item


def platform_can(platform: str, capability: Capability) -> bool:
    """Whether the platform's adapter declares the action (the queue offers only those)."""
    return platform in ADAPTERS and supports(adapter_class(platform), capability)


@dataclass(frozen=True)
class HideResult:
    hidden: list[int]  # item ids whose comment is now hidden on the platform
    failed: dict[int, str]  # item id -> why the platform refused (the item stays to review)


@transaction.atomic
def review_hide(actor: User | None, *, item_ids: Iterable[int]) -> HideResult:
    """Hide the selected comments on the platform, with the watched account's own credentials
    (a Facebook page hides comments on its posts). Offered only where the platform's adapter
    declares `Capability.HIDE_REPLY`; a comment the platform refuses to hide stays in the
    queue, and why is handed back."""
    from upstander.monitoring.accounts_loop import adapter_for

    items = _lock_undecided(actor, item_ids)
    platforms = {item.post.platform for item in items}
    cannot = sorted(p for p in platforms if not platform_can(p, Capability.HIDE_REPLY))
    if cannot:
        raise CannotHide(
            f"Replies cannot be hidden on {', '.join(cannot)}: select only posts on a platform "
            "that allows it."
        )
    hidden: list[ReviewItem] = []
    failed: dict[int, str] = {}
    for item in items:
        account = item.watched_account
        if not account.is_active or not account.credential:
            failed[item.id] = f"{account.handle} is no longer connected."
            continue
        adapter = adapter_for(account)
        try:
            adapter.hide_reply(item.post.uri)
        except PlatformError as error:
            failed[item.id] = error.message
        else:
            hidden.append(item)
        finally:
            close = getattr(adapter, "close", None)
            if close is not None:
                close()
    _decide(actor, hidden, ReviewStatus.HIDDEN)
    audit.record(
        actor,
        "monitoring.review_hide",
        None,
        {"items": [item.id for item in hidden], "failed": sorted(failed)},
    )
    return HideResult(hidden=[item.id for item in hidden], failed=failed)
