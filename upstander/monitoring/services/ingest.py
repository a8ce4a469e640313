"""Storing what the monitor matched: posts once by URI, queue items, alerts, and the cursor.

All in one transaction with the checkpoint, so a kill -9 at any moment loses nothing (the cursor
did not move) and duplicates nothing (the posts are keyed by URI and the items by post+person).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.db import DatabaseError, transaction
from django.db.models import F
from django.utils import timezone

from upstander import audit
from upstander.monitoring.errors import LeaseLost
from upstander.monitoring.models import (
    Alert,
    Band,
    DeadLetter,
    MonitoredPost,
    MonitorSource,
    ReviewItem,
)
from upstander.monitoring.storable import SetAside, put_aside, storable_json, storable_text
from upstander.monitoring.targets import WatchTarget

if TYPE_CHECKING:
    from upstander.classify import Score
    from upstander.platforms.types import Interaction

HIGH_FROM = 0.8
MEDIUM_FROM = 0.5
# Far beyond any real post (Bluesky allows 3,000 characters), small enough to read in a page.
MAX_TEXT_CHARS = 100_000
_LIMITS: dict[str, int] = {
    name: getattr(MonitoredPost._meta.get_field(name), "max_length", None) or 0
    for name in ("uri", "url", "author_id", "author_handle")
}


@dataclass(frozen=True, slots=True)
class BatchResult:
    posts_stored: int
    items_created: int
    alerts: list[int]
    set_aside: int = 0  # events that went to the dead letters


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


def _oversize(interaction: Interaction) -> SetAside | None:
    """Why this post cannot be kept whole (None: it can). Checked here, not left to the
    database: SQLite would keep any length and PostgreSQL would fail the whole batch."""
    post = interaction.post
    for name, limit in _LIMITS.items():
        if limit and len(getattr(post, name)) > limit:
            return put_aside(f"oversize: {name} over {limit} characters", _describe(post.raw))
    if len(post.text) > MAX_TEXT_CHARS:
        return put_aside(f"oversize: text over {MAX_TEXT_CHARS} characters", _describe(post.raw))
    return None


def _describe(raw: dict[str, object]) -> str:
    try:
        return json.dumps(raw, default=str)
    except ValueError:
        return repr(raw)


def _post_row(interaction: Interaction, score: Score | None) -> MonitoredPost:
    post = interaction.post
    abuse = None if score is None else float(score.abuse)
    # Cleaned on the way in: a NUL or a lone surrogate in a stranger's post must not stop the
    # monitor (PostgreSQL refuses both, in text and in JSON).
    return MonitoredPost(
        uri=storable_text(post.uri),
        platform=post.platform,
        url=storable_text(post.url),
        author_id=storable_text(post.author_id),
        author_handle=storable_text(post.author_handle),
        text=storable_text(post.text),
        posted_at=post.created_at,
        raw=storable_json(post.raw),
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
    set_aside: Sequence[SetAside] = (),
) -> BatchResult:
    """Checkpoint `cursor` and store the batch's matches, or nothing if the lease was lost.

    `set_aside`: events the monitor could not read. They, and any match that cannot be stored
    even cleaned, go to the dead letters in the same transaction, so the cursor moves past them.

    The monitor itself calls this (no acting person): one audit entry per batch that stored
    something, none for batches that only moved the cursor, and one per dead letter.
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
        last_read_at=now,
        last_error="",
    )
    if moved != 1:
        raise LeaseLost(f"Another monitor holds {source}; this batch was not stored.")
    dead = list(set_aside)
    result = _store(
        source=source,
        cursor=cursor,
        interactions=interactions,
        targets=targets,
        scores=scores,
        dead=dead,
        now=now,
    )
    _dead_letters_record(source, dead, now)
    return replace(result, set_aside=len(dead))


def _store(
    *,
    source: str,
    cursor: str,
    interactions: Sequence[Interaction],
    targets: Mapping[str, Sequence[WatchTarget]],
    scores: Mapping[str, Score | None],
    dead: list[SetAside],
    now: datetime,
) -> BatchResult:
    if not interactions:
        return BatchResult(0, 0, [])

    rows: dict[str, MonitoredPost] = {}
    kept: list[tuple[str, Interaction]] = []
    for interaction in interactions:
        if (oversize := _oversize(interaction)) is not None:
            dead.append(oversize)
            continue
        uri = storable_text(interaction.post.uri)
        kept.append((uri, interaction))
        if uri not in rows:
            rows[uri] = _post_row(interaction, scores.get(interaction.post.uri))
    existing = set(MonitoredPost.objects.filter(uri__in=rows).values_list("uri", flat=True))
    fresh = _posts_create([row for uri, row in rows.items() if uri not in existing], dead)
    post_ids = dict(MonitoredPost.objects.filter(uri__in=rows).values_list("uri", "id"))

    items: dict[tuple[int, int], ReviewItem] = {}
    thresholds: dict[int, float] = {}
    for uri, interaction in kept:
        post_id = post_ids.get(uri)
        if post_id is None:
            continue  # set aside by _posts_create
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

    abuse_by_post = {post_ids[uri]: row.abuse for uri, row in rows.items() if uri in post_ids}
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


def _posts_create(fresh: list[MonitoredPost], dead: list[SetAside]) -> list[MonitoredPost]:
    """Create the new posts; the ones the database still refuses, cleaned as they are, go to
    `dead` (one at a time, each in a savepoint, only when the whole batch failed)."""
    try:
        with transaction.atomic():
            MonitoredPost.objects.bulk_create(fresh, ignore_conflicts=True, batch_size=500)
        return fresh
    except (DatabaseError, UnicodeError, ValueError, TypeError):
        pass
    created = []
    for row in fresh:
        try:
            with transaction.atomic():
                MonitoredPost.objects.bulk_create([row], ignore_conflicts=True)
        except (DatabaseError, UnicodeError, ValueError, TypeError) as error:
            dead.append(put_aside(f"not storable: {type(error).__name__}", _describe(row.raw)))
        else:
            created.append(row)
    return created


def _dead_letters_record(source: str, dead: Sequence[SetAside], now: datetime) -> None:
    """Keep what could not be read or stored, each with its own audit entry (ids and the
    reason only: the excerpt is a stranger's post)."""
    if not dead:
        return
    source_id = MonitorSource.objects.filter(name=source).values_list("id", flat=True).get()
    for entry in dead:
        letter = DeadLetter.objects.create(
            source=source, reason=entry.reason, excerpt=entry.excerpt, created_at=now
        )
        kind = entry.reason.partition(":")[0]  # the detail may quote the event; not here
        audit.record(
            None, "monitoring.dead_letter", letter, {"source_id": source_id, "reason": kind}
        )
