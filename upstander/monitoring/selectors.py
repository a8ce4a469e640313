"""Questions for the monitor and the review queue."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from upstander.accounts.models import Member, User
from upstander.accounts.selectors import member_for_account
from upstander.monitoring.models import (
    DEFAULT_ALERT_THRESHOLD,
    Alert,
    Band,
    BlockRequest,
    DeadLetter,
    Delegation,
    MonitoredPost,
    MonitoringProfile,
    MonitorSource,
    ReviewItem,
    ReviewStatus,
    WatchedAccount,
)
from upstander.monitoring.permissions import sees_every_queue
from upstander.monitoring.targets import WatchTarget

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser


def watch_targets(*, platform: str) -> dict[str, list[WatchTarget]]:
    """Active watched accounts on `platform`, keyed by stable id (what the matcher looks up)."""
    targets: dict[str, list[WatchTarget]] = defaultdict(list)
    rows = WatchedAccount.objects.filter(platform=platform, revoked_at__isnull=True).values_list(
        "stable_id", "id", "person_id", "person__monitoring_profile__alert_threshold"
    )
    for stable_id, account_id, person_id, threshold in rows:
        targets[stable_id].append(
            WatchTarget(
                account_id=account_id,
                person_id=person_id,
                alert_threshold=DEFAULT_ALERT_THRESHOLD if threshold is None else threshold,
            )
        )
    return dict(targets)


def active_accounts(*, platform: str) -> QuerySet[WatchedAccount]:
    return WatchedAccount.objects.filter(platform=platform, revoked_at__isnull=True).exclude(
        credential=""
    )


def due_accounts(*, platform: str) -> QuerySet[WatchedAccount]:
    """Active accounts on `platform` whose source a webhook marked due (and that the platform
    has not asked us to leave alone for now)."""
    prefix = f"{platform}-notifications:"
    names = MonitorSource.objects.filter(due_at__isnull=False, name__startswith=prefix).exclude(
        waiting_until__gt=timezone.now()
    )
    ids = [int(name[len(prefix) :]) for name in names.values_list("name", flat=True)]
    return active_accounts(platform=platform).filter(pk__in=ids)


def followed_people(viewer: User | AnonymousUser) -> QuerySet[User]:
    """The protected people whose queues the viewer sees."""
    people = User.objects.filter(watched_accounts__isnull=False)
    if not sees_every_queue(viewer):
        people = people.filter(
            followed_by__delegate_id=viewer.pk, followed_by__ended_at__isnull=True
        )
    return people.distinct().order_by("display_name", "email")


@dataclass(frozen=True)
class QueueFilters:
    person: int | None = None
    band: str = ""
    label: str = ""
    platform: str = ""
    author: str = ""
    since: date | None = None
    until: date | None = None
    status: str = ReviewStatus.NEW


def queue_items(viewer: User | AnonymousUser, filters: QueueFilters) -> QuerySet[ReviewItem]:
    items = ReviewItem.objects.select_related("post", "person", "watched_account")
    if not sees_every_queue(viewer):
        items = items.filter(
            person__followed_by__delegate_id=viewer.pk,
            person__followed_by__ended_at__isnull=True,
        )
    if filters.person:
        items = items.filter(person_id=filters.person)
    if filters.status:
        items = items.filter(status=filters.status)
    if filters.band:
        items = items.filter(post__band=filters.band)
    if filters.label:
        items = items.filter(post__flagged_labels__contains=f",{filters.label},")
    if filters.platform:
        items = items.filter(post__platform=filters.platform)
    if filters.author:
        needle = filters.author.lstrip("@").lower()
        items = items.filter(Q(post__author_handle__icontains=needle) | Q(post__author_id=needle))
    if filters.since:
        items = items.filter(post__posted_at__date__gte=filters.since)
    if filters.until:
        items = items.filter(post__posted_at__date__lte=filters.until)
    return items.order_by("-post__abuse", "-created_at", "-id")


def band_counts(viewer: User | AnonymousUser, filters: QueueFilters) -> dict[str, int]:
    base = queue_items(viewer, QueueFilters(person=filters.person, status=filters.status))
    return {
        row["post__band"]: row["n"]
        for row in base.order_by().values("post__band").annotate(n=Count("id"))
    }


@dataclass(frozen=True)
class AuthorHistory:
    platform: str
    author_id: str
    handle: str
    posts: list[MonitoredPost]
    block_requests: list[BlockRequest]
    member: Member | None


def author_history(
    viewer: User | AnonymousUser, *, platform: str, author_id: str, limit: int = 50
) -> AuthorHistory:
    """What the viewer may know of an author: earlier posts aimed at people whose queues they
    see, the block requests made for those people, and party membership."""
    posts = MonitoredPost.objects.filter(platform=platform, author_id=author_id)
    requests = BlockRequest.objects.filter(platform=platform, author_id=author_id)
    if not sees_every_queue(viewer):
        # The queue's need-to-know, kept here: a case worker sees posts aimed at the people
        # they follow, not every post the author wrote.
        posts = posts.filter(
            items__person__followed_by__delegate_id=viewer.pk,
            items__person__followed_by__ended_at__isnull=True,
        ).distinct()
        requests = requests.filter(
            person__followed_by__delegate_id=viewer.pk,
            person__followed_by__ended_at__isnull=True,
        ).distinct()
    shown = list(posts.order_by("-posted_at")[:limit])
    handle = next((post.author_handle for post in shown if post.author_handle), "")
    member = member_for_account(platform=platform, identifier=author_id)
    if member is None and handle:
        member = member_for_account(platform=platform, identifier=handle)
    made = list(requests.select_related("person", "requested_by").order_by("-requested_at"))
    return AuthorHistory(platform, author_id, handle, shown, made, member)


def accounts_of(person: User) -> QuerySet[WatchedAccount]:
    return WatchedAccount.objects.filter(person=person).order_by("revoked_at", "platform")


def delegations_of(person: User) -> QuerySet[Delegation]:
    return Delegation.objects.filter(person=person, ended_at__isnull=True).select_related(
        "delegate"
    )


def dead_letter_count() -> int:
    """How many events the monitor set aside because it could not read or store them."""
    return DeadLetter.objects.count()


# -- retention (MONITORING_RETENTION_DAYS) ---------------------------------------------------
# What a human decided on a post that makes it "acted on": everything but leaving it to review
# and dismissing it.
NOT_ACTED_ON = (ReviewStatus.NEW, ReviewStatus.DISMISSED)


def posts_past_retention(*, cutoff: datetime) -> QuerySet[MonitoredPost]:
    """Posts stored before `cutoff` that nobody acted on, and nobody still needs to review.

    Kept, whatever their age: a post anyone acted on (a case opened, a block requested, hidden,
    deleted or its author banned on the platform, or an action the platform refused), a post
    named in any block request, and a flagged post still waiting in someone's queue. A flagged
    post is one the scorer put in the high or medium band, one it could not score, one with a
    label other than profanity (which alone never flags a post), or one that raised an alert
    (a person's threshold may sit below the medium band). A post dismissed after `cutoff` is
    kept too: its clock starts again at the dismissal. What is left: posts never flagged (left
    to review or dismissed) and flagged posts every queue dismissed.
    """
    items = ReviewItem.objects.filter(post=OuterRef("pk"))
    acted_on = items.filter(~Q(status__in=NOT_ACTED_ON) | Q(case_id__isnull=False) | ~Q(refusal=""))
    flagged = (
        Q(band__in=(Band.HIGH, Band.MEDIUM, Band.UNSCORED))
        | ~Q(flagged_labels__in=("", ",profanity,"))
        | Exists(Alert.objects.filter(item__post=OuterRef("pk")))
    )
    return (
        MonitoredPost.objects.filter(ingested_at__lte=cutoff)
        .exclude(Exists(acted_on))
        .exclude(Exists(BlockRequest.objects.filter(posts=OuterRef("pk"))))
        .exclude(Exists(items.filter(decided_at__gt=cutoff)))
        .filter(~flagged | ~Exists(items.filter(status=ReviewStatus.NEW)))
    )


def dead_letters_past_retention(*, cutoff: datetime) -> QuerySet[DeadLetter]:
    """Events set aside before `cutoff` (the start of a stranger's post, and why)."""
    return DeadLetter.objects.filter(created_at__lte=cutoff)


def source_waits(*, name: str) -> bool:
    """Whether the platform asked us not to read this source yet (a spent quota)."""
    return MonitorSource.objects.filter(name=name, waiting_until__gt=timezone.now()).exists()


def sources() -> QuerySet[MonitorSource]:
    return MonitorSource.objects.order_by("name")


def caseworkers() -> QuerySet[User]:
    from upstander.accounts.models import Role

    return User.objects.filter(
        role_grants__role=Role.CASE_WORKER, role_grants__revoked_at__isnull=True
    ).order_by("display_name", "email")


def alerts_not_notified() -> QuerySet[Alert]:
    """Alerts whose delegates have not all been told yet: no mail, or a mail not yet sent."""
    return Alert.objects.filter(Q(mails__isnull=True) | Q(mails__sent_at__isnull=True)).distinct()


# -- source health, for the lead -------------------------------------------------------------
# A replay is a recorded Jetstream: Bluesky posts.
STREAM_PLATFORMS = {"jetstream": "bluesky", "firehose": "bluesky", "replay": "bluesky"}


@dataclass(frozen=True)
class SourceHealth:
    """One reader: a watched account's (`<platform>-notifications:<id>`) or a stream."""

    name: str
    platform: str
    account: WatchedAccount | None
    last_read_at: datetime | None  # the last read that succeeded, even with nothing new
    last_error: str
    backlog: int | None  # pages known to be waiting (0: caught up; None: not known)
    waiting_until: datetime | None  # the platform asked us not to read before then
    reading: bool  # a monitor holds its lease now
    events_seen: int
    posts_stored: int

    @property
    def state(self) -> str:
        if self.waiting_until is not None:
            return "waiting"
        if self.last_error:
            return "failing"
        if self.last_read_at is None:
            return "not read yet"
        if self.backlog:
            return "behind"
        return "reading"


@dataclass(frozen=True)
class PlatformHealth:
    platform: str
    sources: int
    failing: int
    waiting: int
    behind: int
    not_read_yet: int
    last_read_at: datetime | None  # the latest read on this platform
    stalest_read_at: datetime | None  # the oldest "last read" among its sources that read


def source_health() -> tuple[list[SourceHealth], list[PlatformHealth]]:
    """Every reader's health, and each platform's, for the lead's page. A watched account no
    monitor has read yet is listed too (except Bluesky when a Jetstream or firehose is read:
    then the stream reads it)."""
    now = timezone.now()
    accounts = {
        account.pk: account
        for account in WatchedAccount.objects.filter(revoked_at__isnull=True).select_related(
            "person"
        )
    }
    rows: list[SourceHealth] = []
    has_reader: set[int] = set()
    for source in MonitorSource.objects.order_by("name"):
        kind, _, rest = source.name.partition(":")
        account = None
        if kind.endswith("-notifications"):
            account = accounts.get(int(rest)) if rest.isdigit() else None
            if account is None:
                continue  # no longer watched
            has_reader.add(account.pk)
            platform = account.platform
        else:
            platform = STREAM_PLATFORMS.get(kind, kind)
        waiting = (
            source.waiting_until if source.waiting_until and source.waiting_until > now else None
        )
        rows.append(
            SourceHealth(
                name=source.name,
                platform=platform,
                account=account,
                last_read_at=source.last_read_at,
                last_error=source.last_error,
                backlog=source.backlog,
                waiting_until=waiting,
                reading=bool(
                    source.lease_owner
                    and source.lease_expires_at is not None
                    and source.lease_expires_at > now
                ),
                events_seen=source.events_seen,
                posts_stored=source.posts_stored,
            )
        )
    streamed = any(row.platform == "bluesky" and row.account is None for row in rows)
    for account in accounts.values():
        if account.pk in has_reader or (account.platform == "bluesky" and streamed):
            continue
        rows.append(
            SourceHealth(
                name=f"{account.platform}-notifications:{account.pk}",
                platform=account.platform,
                account=account,
                last_read_at=None,
                last_error=account.last_error,
                backlog=None,
                waiting_until=None,
                reading=False,
                events_seen=0,
                posts_stored=0,
            )
        )
    rows.sort(key=lambda row: (row.platform, row.name))
    grouped: dict[str, list[SourceHealth]] = defaultdict(list)
    for row in rows:
        grouped[row.platform].append(row)
    platforms = []
    for platform, group in sorted(grouped.items()):
        reads = [row.last_read_at for row in group if row.last_read_at is not None]
        platforms.append(
            PlatformHealth(
                platform=platform,
                sources=len(group),
                failing=sum(row.state == "failing" for row in group),
                waiting=sum(row.state == "waiting" for row in group),
                behind=sum(row.state == "behind" for row in group),
                not_read_yet=sum(row.state == "not read yet" for row in group),
                last_read_at=max(reads, default=None),
                stalest_read_at=min(reads, default=None),
            )
        )
    return rows, platforms


def subject_access_monitoring(person: User) -> dict[str, object]:
    """For a subject access export: the accounts of theirs we watch (or watched) with their
    consent, who follows them (by role) and how many posts reached their queue. Never a
    credential or a login session; the posts themselves are other people's."""
    profile = MonitoringProfile.objects.filter(person=person).first()
    accounts = WatchedAccount.objects.filter(person=person).order_by("consent_given_at", "pk")
    delegations = Delegation.objects.filter(person=person).order_by("assigned_at", "pk")
    return {
        "alert_threshold": profile.alert_threshold if profile else None,
        "watched_accounts": [
            {
                "platform": account.get_platform_display(),
                "handle": account.handle,
                "stable_id": account.stable_id,
                "instance_url": account.instance_url,
                "consent_statement": account.consent_statement,
                "consent_given_at": account.consent_given_at,
                "revoked_at": account.revoked_at,
            }
            for account in accounts
        ],
        "followed_by": [
            {"who": "a case worker", "from": d.assigned_at, "until": d.ended_at}
            for d in delegations
        ],
        "posts_in_your_review_queue": ReviewItem.objects.filter(person=person).count(),
    }
