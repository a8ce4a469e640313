"""Decisions on queue items, in bulk: dismiss, request a block, open a case, and hide,
delete or ban on the platform itself."""

from __future__ import annotations

import enum
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from upstander import audit
from upstander.accounts.models import User
from upstander.monitoring.errors import ActionNotOffered, AlreadyDecided, NothingSelected
from upstander.monitoring.models import (
    BlockRequest,
    BlockRequestStatus,
    MonitoredPost,
    ReviewItem,
    ReviewStatus,
)
from upstander.monitoring.permissions import require_reviewer
from upstander.monitoring.services.blocking_bridge import _hand_to_blocklist
from upstander.platforms import ADAPTERS, adapter_class
from upstander.platforms.base import Capability, supports
from upstander.platforms.errors import PlatformError


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


class Moderation(enum.StrEnum):
    """What a case worker may do to a comment on the platform itself, from the queue."""

    HIDE = "hide"
    DELETE = "delete"
    BAN = "ban"


@dataclass(frozen=True)
class _ModerationRule:
    capability: Capability
    status: ReviewStatus
    label: str
    act: Callable[[Any, MonitoredPost], None]  # (adapter, post) -> None, raises PlatformError


MODERATIONS: dict[Moderation, _ModerationRule] = {
    Moderation.HIDE: _ModerationRule(
        Capability.HIDE_REPLY,
        ReviewStatus.HIDDEN,
        "Hide on the platform",
        lambda adapter, post: adapter.hide_reply(post.uri),
    ),
    Moderation.DELETE: _ModerationRule(
        Capability.DELETE_COMMENT,
        ReviewStatus.DELETED,
        "Delete the comment",
        lambda adapter, post: adapter.delete_comment(post.uri),
    ),
    Moderation.BAN: _ModerationRule(
        Capability.BAN_FROM_PAGE,
        ReviewStatus.AUTHOR_BANNED,
        "Ban the author from the page/channel",
        lambda adapter, post: adapter.ban_from_page(post.author_id, comment_id=post.uri),
    ),
}


def moderations_offered(platform: str) -> list[tuple[str, str]]:
    """(action, label) for each moderation the platform's adapter declares, in queue order."""
    return [
        (action.value, rule.label)
        for action, rule in MODERATIONS.items()
        if platform_can(platform, rule.capability)
    ]


@dataclass(frozen=True)
class ModerationResult:
    done: list[int]  # item ids acted on at the platform
    failed: dict[int, str]  # item id -> why the platform refused (the item stays to review)


@transaction.atomic
def review_moderate(
    actor: User | None, *, action: Moderation | str, item_ids: Iterable[int]
) -> ModerationResult:
    """Hide or delete the selected comments, or ban their authors from the page or channel,
    on the platform, with the watched account's own credentials. Offered only where the
    platform's adapter declares the capability; a post on another platform refuses the whole
    selection. An author with several selected comments under one account is banned once. A
    comment the platform refuses stays in the queue with why (`ReviewItem.refusal`), and the
    refusals are in the audit entry."""
    from upstander.monitoring.accounts_loop import adapter_for

    try:
        moderation = Moderation(action)
    except ValueError:
        raise ActionNotOffered(f"{action!r} is not an action on the platform.") from None
    rule = MODERATIONS[moderation]
    items = _lock_undecided(actor, item_ids)
    platforms = {item.post.platform for item in items}
    cannot = sorted(p for p in platforms if not platform_can(p, rule.capability))
    if cannot:
        raise ActionNotOffered(
            f"“{rule.label}” is not possible on {', '.join(cannot)}: select only posts on a "
            "platform that allows it."
        )
    done: list[ReviewItem] = []
    failed: dict[int, str] = {}
    groups: dict[tuple[int, str], list[ReviewItem]] = defaultdict(list)
    for item in items:
        # A ban is per author and account; hiding and deleting are per comment.
        key = item.post.author_id if moderation is Moderation.BAN else item.post.uri
        groups[(item.watched_account_id, key)].append(item)
    for group in groups.values():
        account = group[0].watched_account
        reason = ""
        if not account.is_active or not account.credential:
            reason = f"{account.handle} is no longer connected."
        else:
            adapter = adapter_for(account)
            try:
                rule.act(adapter, group[0].post)
            except PlatformError as error:
                reason = error.message
            finally:
                close = getattr(adapter, "close", None)
                if close is not None:
                    close()
        if reason:
            failed.update({item.id: reason[:500] for item in group})
        else:
            done.extend(group)
    _decide(actor, done, rule.status)
    refused = [item for item in items if item.id in failed or item.refusal]
    for item in refused:
        item.refusal = failed.get(item.id, "")
    ReviewItem.objects.bulk_update(refused, ["refusal"])
    audit.record(
        actor,
        f"monitoring.review_{moderation.value}",
        None,
        {"items": [item.id for item in done], "failed": {str(k): v for k, v in failed.items()}},
    )
    return ModerationResult(done=[item.id for item in done], failed=failed)


def review_hide(actor: User | None, *, item_ids: Iterable[int]) -> ModerationResult:
    """Hide the selected comments on the platform (see `review_moderate`)."""
    return review_moderate(actor, action=Moderation.HIDE, item_ids=item_ids)
