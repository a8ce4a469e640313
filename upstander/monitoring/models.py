"""Watched accounts (with consent), delegates, the posts the monitor stored, and its sources."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from upstander.accounts.models import Platform, User
from upstander.core.crypto import EncryptedTextField
from upstander.core.models import QueuedMail, known_choice, optional_user, unique_while_open

DEFAULT_ALERT_THRESHOLD = 0.8


class MonitoringProfile(models.Model):
    """A protected person's monitoring settings: the score that raises an alert."""

    person = models.OneToOneField(
        User, primary_key=True, on_delete=models.CASCADE, related_name="monitoring_profile"
    )
    alert_threshold = models.FloatField(default=DEFAULT_ALERT_THRESHOLD)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(alert_threshold__gte=0) & Q(alert_threshold__lte=1),
                name="monitoring_threshold_between_0_and_1",
            ),
        ]

    def __str__(self) -> str:
        return f"monitoring of {self.person}"


class WatchedAccount(models.Model):
    """A protected person's own account, watched with their consent."""

    person = models.ForeignKey(User, on_delete=models.CASCADE, related_name="watched_accounts")
    platform = models.CharField(max_length=16, choices=Platform.choices)
    handle = models.CharField(max_length=253)
    stable_id = models.CharField(
        max_length=512, help_text="Bluesky DID, Mastodon account URI or Facebook page id."
    )
    instance_url = models.URLField(blank=True, help_text="Mastodon only: the server's address.")
    credential = EncryptedTextField(blank=True, help_text="App password or access token.")
    session = EncryptedTextField(blank=True, help_text="A reusable login session, if any.")
    consent_statement = models.TextField()
    consent_given_at = models.DateTimeField()
    consent_recorded_by = optional_user()
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = optional_user()
    last_error = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["platform", "handle"]
        constraints = [
            unique_while_open(
                ["platform", "stable_id"],
                ended="revoked_at",
                name="watched_account_once_while_active",
            ),
            models.CheckConstraint(
                condition=Q(revoked_at__isnull=True) | (Q(credential="") & Q(session="")),
                name="watched_account_revoked_has_no_credentials",
            ),
            known_choice("platform", Platform, name="watched_account_platform_known"),
        ]

    def __str__(self) -> str:
        return f"{self.platform}:{self.handle}"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class Delegation(models.Model):
    """A case worker follows a protected person and reviews their queue."""

    person = models.ForeignKey(User, on_delete=models.CASCADE, related_name="followed_by")
    delegate = models.ForeignKey(User, on_delete=models.CASCADE, related_name="follows")
    assigned_by = optional_user()
    assigned_at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(null=True, blank=True)
    ended_by = optional_user()

    class Meta:
        constraints = [
            unique_while_open(
                ["person", "delegate"], ended="ended_at", name="delegation_once_while_active"
            ),
            models.CheckConstraint(
                condition=~Q(person=F("delegate")), name="delegation_not_to_oneself"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.delegate} follows {self.person}"


class Band(models.TextChoices):
    HIGH = "high", "High"
    MEDIUM = "medium", "Medium"
    LOW = "low", "Low"
    UNSCORED = "unscored", "Unable to score"


class MonitoredPost(models.Model):
    """A post that reached a watched account, stored once (keyed by its platform URI)."""

    uri = models.CharField(max_length=1024, unique=True)
    platform = models.CharField(max_length=16, choices=Platform.choices)
    url = models.URLField(max_length=2048)
    author_id = models.CharField(max_length=512)
    author_handle = models.CharField(max_length=253, blank=True)
    text = models.TextField(blank=True)
    posted_at = models.DateTimeField(null=True, blank=True)
    ingested_at = models.DateTimeField(default=timezone.now)
    raw = models.JSONField(default=dict)
    abuse = models.FloatField(null=True, blank=True)
    band = models.CharField(max_length=16, choices=Band.choices)
    labels = models.JSONField(default=dict)
    flagged_labels = models.CharField(
        max_length=200, blank=True, help_text="Comma-wrapped for filtering: ',abuse,insult,'."
    )
    target = models.CharField(max_length=32, blank=True)
    explanation = models.JSONField(default=list)
    scorer = models.CharField(max_length=100, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["platform", "author_id"]),
            models.Index(fields=["band", "ingested_at"]),
        ]
        constraints = [
            known_choice("band", Band, name="monitored_post_band_known"),
            models.CheckConstraint(
                condition=Q(abuse__isnull=True, band="unscored")
                | Q(abuse__isnull=False) & ~Q(band="unscored"),
                name="monitored_post_band_matches_score",
            ),
        ]

    def __str__(self) -> str:
        return self.uri

    @property
    def flagged_label_list(self) -> list[str]:
        return [label for label in self.flagged_labels.split(",") if label]

    @property
    def author_label(self) -> str:
        return f"@{self.author_handle}" if self.author_handle else self.author_id


class ReviewStatus(models.TextChoices):
    NEW = "new", "To review"
    DISMISSED = "dismissed", "Dismissed"
    CASE_OPENED = "case_opened", "Case opened"
    BLOCK_REQUESTED = "block_requested", "Block requested"
    HIDDEN = "hidden", "Hidden on the platform"
    DELETED = "deleted", "Deleted on the platform"
    AUTHOR_BANNED = "author_banned", "Author banned from the page"


class ReviewItem(models.Model):
    """One post in one protected person's queue (a post aimed at two people is in both)."""

    post = models.ForeignKey(MonitoredPost, on_delete=models.CASCADE, related_name="items")
    person = models.ForeignKey(User, on_delete=models.CASCADE, related_name="review_items")
    watched_account = models.ForeignKey(
        WatchedAccount, on_delete=models.PROTECT, related_name="review_items"
    )
    relation = models.CharField(max_length=16)
    status = models.CharField(max_length=16, choices=ReviewStatus.choices, default=ReviewStatus.NEW)
    created_at = models.DateTimeField(default=timezone.now)
    decided_by = optional_user()
    decided_at = models.DateTimeField(null=True, blank=True)
    case_id = models.BigIntegerField(null=True, blank=True)
    # Why the platform last refused an action on it (hide, delete, ban), shown in the queue
    # until an action succeeds; the item stays to review.
    refusal = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["person", "status"])]
        constraints = [
            models.UniqueConstraint(fields=["post", "person"], name="review_item_once_per_person"),
            known_choice("status", ReviewStatus, name="review_item_status_known"),
            models.CheckConstraint(
                condition=Q(relation__in=["mention", "reply", "quote"]),
                name="review_item_relation_known",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.post} for {self.person}"


class Alert(models.Model):
    """A post crossed the person's alert threshold; their delegates are told.

    Whether they were told is read from the mails (sent once the mail server took them), never
    assumed when the mails are queued.
    """

    item = models.OneToOneField(ReviewItem, on_delete=models.CASCADE, related_name="alert")
    created_at = models.DateTimeField(default=timezone.now)
    # When the delegates' mails were queued (once per alert).
    mails_queued_at = models.DateTimeField(null=True, blank=True)
    mails = models.ManyToManyField(QueuedMail, blank=True, related_name="+")

    def __str__(self) -> str:
        return f"alert for {self.item}"


class BlockRequestStatus(models.TextChoices):
    PENDING = "pending", "Waiting for the blocking team"
    DONE = "done", "On the blocklist, waiting for approval"
    DECLINED = "declined", "Refused: a party member's account, sent to discipline"


class BlockRequest(models.Model):
    """A request to block an author, with the posts that prompted it (the blocking work picks
    these up)."""

    platform = models.CharField(max_length=16, choices=Platform.choices)
    author_id = models.CharField(max_length=512)
    author_handle = models.CharField(max_length=253, blank=True)
    person = models.ForeignKey(User, on_delete=models.CASCADE, related_name="block_requests")
    posts = models.ManyToManyField(MonitoredPost, related_name="block_requests")
    requested_by = optional_user()
    requested_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(
        max_length=16, choices=BlockRequestStatus.choices, default=BlockRequestStatus.PENDING
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["platform", "author_id", "person"],
                condition=Q(status="pending"),
                name="block_request_once_while_pending",
            ),
        ]

    def __str__(self) -> str:
        return f"block {self.platform}:{self.author_id} for {self.person}"


class MonitorSource(models.Model):
    """A stream or partition the monitor reads: its checkpointed cursor and who holds its lease.

    The cursor and the counters change in the same transaction as the posts they cover; the
    lease is claimed and renewed with a conditional UPDATE, so only one process works on a
    source at a time, however many run.
    """

    name = models.CharField(max_length=512, unique=True)
    # A platform read that stopped at its page cap keeps where each edge stopped here.
    cursor = models.TextField(blank=True)
    lease_owner = models.CharField(max_length=200, blank=True)
    lease_expires_at = models.DateTimeField(null=True, blank=True)
    events_seen = models.BigIntegerField(default=0)
    events_malformed = models.BigIntegerField(default=0)
    posts_stored = models.BigIntegerField(default=0)
    updated_at = models.DateTimeField(default=timezone.now)
    last_error = models.CharField(max_length=500, blank=True)
    # Source health, for the lead's page: when a read last succeeded (even with nothing new),
    # how far behind it was known to be, and until when the platform asked us to wait.
    last_read_at = models.DateTimeField(null=True, blank=True)
    backlog = models.PositiveIntegerField(
        null=True,
        blank=True,
        help_text="Pages known to be waiting after the last read (0: caught up; empty: not known).",
    )
    waiting_until = models.DateTimeField(
        null=True,
        blank=True,
        help_text="The platform asked us not to read before then (a spent quota).",
    )
    # A webhook (Meta's) said this source has news: the monitor reads it within seconds instead
    # of at its next poll. Cleared by the read that follows, unless news came during that read.
    due_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="A webhook said there is something new to read since then.",
    )

    class Meta:
        indexes = [
            models.Index(
                fields=["due_at"],
                condition=Q(due_at__isnull=False),
                name="monitor_source_due",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class DeadLetter(models.Model):
    """An event the monitor could neither read nor store, set aside so that it never stops the
    source: the cursor moves past it, and the safeguarding lead sees how many there are."""

    EXCERPT_CHARS = 2000  # enough to see what it was; a huge event is never kept whole

    source = models.CharField(max_length=512, help_text="The monitor source it came from.")
    reason = models.CharField(max_length=200)
    excerpt = models.TextField(blank=True, help_text="The start of the event, cleaned.")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["created_at"])]

    def __str__(self) -> str:
        return f"{self.source}: {self.reason}"
