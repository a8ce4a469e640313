"""Retention: the posts the monitor stored that nobody acted on, and the dead letters, are
deleted MONITORING_RETENTION_DAYS after they were stored (see `conf.retention_days` for why).

Which posts go is `selectors.posts_past_retention`: posts never flagged, and flagged posts every
queue dismissed, with their queue items and alerts. Anything acted on stays, whatever its age:
a post that became evidence (a case, a block request) is also copied into an `EvidenceItem`,
which case retention governs; no other app holds a key to a monitored post.

What changes on the pages: the queue's "Dismissed" list and band counts, an author's history,
the dead-letter count and a subject access export's count of posts in the person's queue count
only the rows still kept. The sources page's counters (events seen, posts stored) are totals on
each source's row, not counts of posts, and do not change.

Batches: a run deletes `PRUNE_BATCH_SIZE` rows per transaction, each with its audit entry
(counts only: the posts are strangers' words), so a large table is never locked for long and a
run stopped half way keeps what it did; running it again goes on from there.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from upstander import audit
from upstander.accounts.models import Role, User
from upstander.accounts.permissions import require_role
from upstander.monitoring.conf import retention_days
from upstander.monitoring.models import Alert, MonitoredPost, ReviewItem
from upstander.monitoring.selectors import dead_letters_past_retention, posts_past_retention

# 500 posts a transaction: with their queue items (mostly one per post), alerts and alert-mail
# links, about 1,000-1,500 rows. Measured on one shared machine (2026-12-07; 20,000 posts due
# among 40,000, a fifth with alerts): about 0.1 s a transaction (at most 0.45 s) on SQLite and
# on PostgreSQL. 2,000 held each transaction 0.15 s (SQLite) to 0.5 s (PostgreSQL), and were no
# faster overall on PostgreSQL. SQLite has one writer, so the monitor's next checkpoint waits
# no longer than one transaction; PostgreSQL locks only the rows being deleted.
# It is also the monitor's own write batch (`bulk_create(batch_size=500)`), and 500 ids in one
# `IN (...)` stay under SQLite's oldest limit on bound parameters (999).
PRUNE_BATCH_SIZE = 500


@dataclass(frozen=True)
class PruneProgress:
    """One batch done, for a command to print."""

    what: str  # "posts" or "dead letters"
    batch: int
    deleted: int
    total: int


@dataclass(frozen=True)
class PostsPruned:
    posts: int = 0
    review_items: int = 0
    alerts: int = 0
    batches: int = 0


@dataclass(frozen=True)
class MonitoringRetentionRun:
    retention_days: int
    stored_before: datetime
    posts: PostsPruned
    dead_letters: int


Progress = Callable[[PruneProgress], None]


def _cutoff(now: datetime | None) -> datetime:
    return (now or timezone.now()) - timedelta(days=retention_days())


def _id_batches(rows: QuerySet[Any], size: int) -> Iterator[list[int]]:
    """The rows' ids in id order, `size` at a time, each batch read afresh after the last (so
    each row is looked at once per run, whatever earlier batches kept)."""
    after = 0
    while True:
        ids = list(rows.filter(pk__gt=after).order_by("pk").values_list("pk", flat=True)[:size])
        if not ids:
            return
        after = ids[-1]
        yield ids


def _by(actor: User | None) -> str:
    return "system" if actor is None else "person"


@transaction.atomic
def monitored_posts_prune_batch(
    actor: User | None, *, post_ids: list[int], cutoff: datetime
) -> PostsPruned:
    """Delete these posts (with their queue items and alerts) if they are still past retention
    once their queue items are locked: a case worker deciding on one at this moment either
    finishes first (and the post stays) or finds it gone."""
    require_role(actor, Role.SAFEGUARDING_LEAD)
    list(
        ReviewItem.objects.select_for_update()
        .filter(post_id__in=post_ids)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    _, deleted = posts_past_retention(cutoff=cutoff).filter(pk__in=post_ids).delete()
    pruned = PostsPruned(
        posts=deleted.get(MonitoredPost._meta.label, 0),
        review_items=deleted.get(ReviewItem._meta.label, 0),
        alerts=deleted.get(Alert._meta.label, 0),
        batches=1,
    )
    if pruned.posts:
        audit.record(
            actor,
            "monitoring.posts_prune",
            ("monitoring.monitoredpost", f"{pruned.posts} posts"),
            {
                "posts": pruned.posts,
                "review_items": pruned.review_items,
                "alerts": pruned.alerts,
                "stored_before": cutoff.isoformat(),
                "by": _by(actor),
            },
        )
    return pruned


def monitored_posts_prune(
    actor: User | None,
    *,
    now: datetime | None = None,
    batch_size: int = PRUNE_BATCH_SIZE,
    progress: Progress | None = None,
) -> PostsPruned:
    """Delete the posts nobody acted on, stored more than MONITORING_RETENTION_DAYS before
    `now`, a batch per transaction (`monitored_posts_prune_batch`). Each post is looked at
    once per run, in id order, however many are kept."""
    require_role(actor, Role.SAFEGUARDING_LEAD)
    cutoff = _cutoff(now)
    total = PostsPruned()
    for post_ids in _id_batches(posts_past_retention(cutoff=cutoff), batch_size):
        done = monitored_posts_prune_batch(actor, post_ids=post_ids, cutoff=cutoff)
        total = PostsPruned(
            posts=total.posts + done.posts,
            review_items=total.review_items + done.review_items,
            alerts=total.alerts + done.alerts,
            batches=total.batches + 1,
        )
        if progress is not None:
            progress(PruneProgress("posts", total.batches, done.posts, total.posts))
    return total


@transaction.atomic
def dead_letters_prune_batch(actor: User | None, *, letter_ids: list[int], cutoff: datetime) -> int:
    """Delete these dead letters if they were set aside before `cutoff`."""
    require_role(actor, Role.SAFEGUARDING_LEAD)
    deleted, _ = dead_letters_past_retention(cutoff=cutoff).filter(pk__in=letter_ids).delete()
    if deleted:
        audit.record(
            actor,
            "monitoring.dead_letters_prune",
            ("monitoring.deadletter", f"{deleted} dead letters"),
            {"dead_letters": deleted, "stored_before": cutoff.isoformat(), "by": _by(actor)},
        )
    return deleted


def dead_letters_prune(
    actor: User | None,
    *,
    now: datetime | None = None,
    batch_size: int = PRUNE_BATCH_SIZE,
    progress: Progress | None = None,
) -> int:
    """Delete the dead letters set aside more than MONITORING_RETENTION_DAYS before `now`, a
    batch per transaction; how many."""
    require_role(actor, Role.SAFEGUARDING_LEAD)
    cutoff = _cutoff(now)
    total = 0
    batches = _id_batches(dead_letters_past_retention(cutoff=cutoff), batch_size)
    for batch, letter_ids in enumerate(batches, start=1):
        deleted = dead_letters_prune_batch(actor, letter_ids=letter_ids, cutoff=cutoff)
        total += deleted
        if progress is not None:
            progress(PruneProgress("dead letters", batch, deleted, total))
    return total


def monitoring_retention_run(
    *,
    now: datetime | None = None,
    batch_size: int = PRUNE_BATCH_SIZE,
    progress: Progress | None = None,
) -> MonitoringRetentionRun:
    """What the daily task and `manage.py prune_monitoring` do, as the system."""
    when = now or timezone.now()
    return MonitoringRetentionRun(
        retention_days=retention_days(),
        stored_before=_cutoff(when),
        posts=monitored_posts_prune(None, now=when, batch_size=batch_size, progress=progress),
        dead_letters=dead_letters_prune(None, now=when, batch_size=batch_size, progress=progress),
    )
