"""Storing what the monitor matched: posts once by URI, queue items, alerts, and the cursor.

All in one transaction with the checkpoint, so a kill -9 at any moment loses nothing (the cursor
did not move) and duplicates nothing (the posts are keyed by URI and the items by post+person).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from upstander import audit
from upstander.monitoring.errors import LeaseLost
from upstander.monitoring.models import (
    Alert,
    Band,
    MonitoredPost,
    MonitorSource,
    ReviewItem,
)
from upstander.monitoring.targets import WatchTarget

if TYPE_CHECKING:
    from upstander.classify import Score
    from upstander.platforms.types import Interaction

HIGH_FROM = 0.8
MEDIUM_FROM = 0.5


@dataclass(frozen=True, slots=True)
class BatchResult:
    posts_stored: int
    items_created: int
    alerts: list[int]


def band_for(abuse: float | None) -> Band:
    if abuse is None:
        return Band.UNSCORED
    if abuse >= HIGH_FROM:
        return Band.HIGH
    if abuse >= MEDIUM_FROM:
        return Band.MEDIUM
    return Band.LOW


def _wrapped(labels: frozenset[str]) -> str:
    return f",{','.join(sorted(labels))}," if labels else ""


def _post_row(interaction: Interaction, score: Score | None) -> MonitoredPost:
    post = interaction.post
    abuse = None if score is None else float(score.abuse)
    return MonitoredPost(
        uri=post.uri,
        platform=post.platform,
        url=post.url,
        author_id=post.author_id,
        author_handle=post.author_handle,
        text=post.text,
        posted_at=post.created_at,
        raw=post.raw,
        abuse=abuse,
        band=band_for(abuse),
        labels={} if score is None else dict(score.labels),
        flagged_labels=_wrapped(score.flagged_labels) if score is not None else "",
        target=(score.target or "") if score is not None else "",
        explanation=[] if score is None else list(score.explanation),
        scorer="" if score is None else score.scorer,
    )


@transaction.atomic
def ingest_batch(
    *,
    source: str,
    owner: str,
    lease_seconds: float,
    cursor: str,
    events_seen: int,
    events_malformed: int,
    interactions: Sequence[Interaction],
    targets: Mapping[str, Sequence[WatchTarget]],
    scores: Mapping[str, Score | None],
) -> BatchResult:
    """Checkpoint `cursor` and store the batch's matches, or nothing if the lease was lost.

    The monitor itself calls this (no acting person): one audit entry per batch that stored
    something, none for batches that only moved the cursor.
    """
    now = timezone.now()
    # The conditional checkpoint comes first: it locks the source row, and a process that lost
    # its lease writes nothing at all (the transaction rolls back).
    moved = MonitorSource.objects.filter(name=source, lease_owner=owner).update(
        cursor=cursor,
        events_seen=F("events_seen") + events_seen,
        events_malformed=F("events_malformed") + events_malformed,
        lease_expires_at=now + timedelta(seconds=lease_seconds),
        updated_at=now,
        last_error="",
    )
    if moved != 1:
        raise LeaseLost(f"Another monitor holds {source}; this batch was not stored.")
    if not interactions:
        return BatchResult(0, 0, [])

    rows: dict[str, MonitoredPost] = {}
    for interaction in interactions:
        uri = interaction.post.uri
        if uri not in rows:
            rows[uri] = _post_row(interaction, scores.get(uri))
    existing = set(MonitoredPost.objects.filter(uri__in=rows).values_list("uri", flat=True))
    fresh = [row for uri, row in rows.items() if uri not in existing]
    MonitoredPost.objects.bulk_create(fresh, ignore_conflicts=True, batch_size=500)
    post_ids = dict(MonitoredPost.objects.filter(uri__in=rows).values_list("uri", "id"))

    items: dict[tuple[int, int], ReviewItem] = {}
    thresholds: dict[int, float] = {}
    for interaction in interactions:
        post_id = post_ids[interaction.post.uri]
        for target in targets.get(interaction.target_id, ()):
            key = (post_id, target.person_id)
            thresholds[target.person_id] = target.alert_threshold
            if key not in items:
                items[key] = ReviewItem(
                    post_id=post_id,
                    person_id=target.person_id,
                    watched_account_id=target.account_id,
                    relation=str(interaction.relation),
                    created_at=now,
                )
    before = ReviewItem.objects.filter(post_id__in=post_ids.values()).count()
    ReviewItem.objects.bulk_create(list(items.values()), ignore_conflicts=True, batch_size=500)
    created = ReviewItem.objects.filter(post_id__in=post_ids.values()).count() - before

    abuse_by_post = {post_ids[uri]: row.abuse for uri, row in rows.items()}
    alerting = [
        item_id
        for item_id, post_id, person_id in ReviewItem.objects.filter(
            post_id__in=post_ids.values(), alert__isnull=True
        ).values_list("id", "post_id", "person_id")
        if person_id in thresholds
        and (abuse := abuse_by_post.get(post_id)) is not None
        and abuse >= thresholds[person_id]
    ]
    Alert.objects.bulk_create(
        [Alert(item_id=item_id, created_at=now) for item_id in alerting],
        ignore_conflicts=True,
        batch_size=500,
    )
    alert_ids = list(Alert.objects.filter(item_id__in=alerting).values_list("id", flat=True))
    MonitorSource.objects.filter(name=source).update(posts_stored=F("posts_stored") + len(fresh))
    if fresh or created:
        source_id = MonitorSource.objects.filter(name=source).values_list("id", flat=True).get()
        audit.record(
            None,
            "monitoring.ingest",
            ("monitoring.monitorsource", str(source_id)),
            {"posts": len(fresh), "items": created, "alerts": len(alert_ids), "cursor": cursor},
        )
    if alert_ids:
        from upstander.monitoring.tasks import alerts_notify

        transaction.on_commit(lambda: alerts_notify.enqueue(alert_ids))
    return BatchResult(len(fresh), created, alert_ids)
