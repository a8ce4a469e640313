"""The shared blocklist, the accounts it reaches, and one delivery per account and action.

An entry is keyed by the offending account's stable id (a Bluesky DID, a Mastodon account URI);
the handle is shown but never used as the key, because handles change. A delivery carries an
idempotency key and the platform's reference to what it wrote, so a retry never writes twice.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from upstander.accounts.models import Platform
from upstander.core.crypto import EncryptedTextField
from upstander.core.models import known_choice, optional_user, unique_while_open
from upstander.evidence.models import EvidenceItem


class EntryStatus(models.TextChoices):
    REQUESTED = "requested", "Waiting for approval"
    ACTIVE = "active", "Blocked"
    REFUSED = "refused", "Refused"
    UNBLOCKED = "unblocked", "Unblocked"


class Scope(models.TextChoices):
    PARTY = "party", "Party blocklist"
    PERSONAL = "personal", "Personal choice of one protected person"


class Source(models.TextChoices):
    REVIEW_QUEUE = "review_queue", "Review queue"
    CASE = "case", "Case"
    MANUAL = "manual", "By hand"


class BlockEntry(models.Model):
    """One offending account on one platform, why it is blocked, and who decided."""

    platform = models.CharField(max_length=16, choices=Platform.choices)
    account_id = models.CharField(max_length=512, help_text="Bluesky DID or Mastodon account URI.")
    handle = models.CharField(max_length=253, blank=True, help_text="Shown only; never the key.")
    scope = models.CharField(max_length=8, choices=Scope.choices, default=Scope.PARTY)
    # A personal block reaches only this person's own accounts (it may name a member).
    personal_for = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    reason = EncryptedTextField()
    source = models.CharField(max_length=16, choices=Source.choices, default=Source.MANUAL)
    source_ref = models.CharField(max_length=64, blank=True, help_text="e.g. the request's id.")
    case_id = models.BigIntegerField(null=True, blank=True)
    evidence = models.ManyToManyField(EvidenceItem, related_name="+")
    report_to_platform = models.BooleanField(default=False)
    status = models.CharField(
        max_length=12, choices=EntryStatus.choices, default=EntryStatus.REQUESTED
    )
    first_seen_at = models.DateTimeField(
        help_text="When the first abusive post arrived (or the report): time-to-block starts."
    )
    requested_by = optional_user(blank=False)
    requested_at = models.DateTimeField()
    decided_by = optional_user()
    decided_at = models.DateTimeField(null=True, blank=True)
    refusal_reason = models.TextField(blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(
        null=True, blank=True, help_text="The last confirmed delivery: time-to-block ends."
    )
    unblocked_by = optional_user()
    unblocked_at = models.DateTimeField(null=True, blank=True)
    unblock_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-requested_at", "-pk"]
        verbose_name_plural = "block entries"
        indexes = [models.Index(fields=["status", "completed_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["platform", "account_id"],
                condition=Q(scope="party", status__in=["requested", "active"]),
                name="block_entry_once_while_open",
            ),
            models.UniqueConstraint(
                fields=["source", "source_ref"],
                condition=~Q(source_ref=""),
                name="block_entry_once_per_source_request",
            ),
            known_choice("status", EntryStatus, name="block_entry_status_known"),
            known_choice("platform", Platform, name="block_entry_platform_known"),
            models.CheckConstraint(
                condition=Q(scope="party", personal_for__isnull=True)
                | Q(scope="personal", personal_for__isnull=False),
                name="block_entry_personal_names_the_person",
            ),
            models.CheckConstraint(
                condition=~Q(status="refused") | ~Q(refusal_reason=""),
                name="block_entry_refusal_has_reason",
            ),
            models.CheckConstraint(
                condition=~Q(status="unblocked") | ~Q(unblock_reason=""),
                name="block_entry_unblock_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(expires_at__isnull=True) | Q(expires_at__gt=models.F("requested_at")),
                name="block_entry_expires_after_request",
            ),
        ]

    def __str__(self) -> str:
        return f"block {self.platform}:{self.handle or self.account_id}"

    @property
    def label(self) -> str:
        return f"@{self.handle}" if self.handle else self.account_id


class Method(models.TextChoices):
    MODLIST = "modlist", "Subscribe to the party's moderation list (Bluesky, public)"
    BLOCK = "block", "Block directly on my account"
    MUTE = "mute", "Mute (private: they can still see my posts)"


class BlockingAccount(models.Model):
    """A protected person's own account that the blocklist may act on, with their consent."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="blocking_accounts"
    )
    platform = models.CharField(max_length=16, choices=Platform.choices)
    handle = models.CharField(max_length=253)
    account_id = models.CharField(max_length=512, help_text="Their own DID or account URI.")
    service_url = models.URLField(help_text="Their PDS or Mastodon server.")
    credential = EncryptedTextField(blank=True, help_text="App password or access token.")
    method = models.CharField(max_length=8, choices=Method.choices)
    consent_statement = models.TextField()
    consent_given_at = models.DateTimeField()
    subscription_uri = models.CharField(
        max_length=1024, blank=True, help_text="Bluesky: their listblock record, once written."
    )
    revoked_at = models.DateTimeField(null=True, blank=True)
    next_write_at = models.DateTimeField(
        null=True, blank=True, help_text="Rate limit: no write to this account before then."
    )
    last_error = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["platform", "handle"]
        constraints = [
            unique_while_open(
                ["platform", "account_id"],
                ended="revoked_at",
                name="blocking_account_once_while_active",
            ),
            known_choice("platform", Platform, name="blocking_account_platform_known"),
            known_choice("method", Method, name="blocking_account_method_known"),
            models.CheckConstraint(
                condition=~Q(method="modlist") | Q(platform="bluesky"),
                name="blocking_account_modlist_only_on_bluesky",
            ),
            models.CheckConstraint(
                condition=Q(revoked_at__isnull=True) | Q(credential=""),
                name="blocking_account_revoked_has_no_credential",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.platform}:{self.handle}"


class PartyList(models.Model):
    """The party's Bluesky moderation list, owned by the party's own account."""

    platform = models.CharField(max_length=16, choices=Platform.choices, unique=True)
    handle = models.CharField(max_length=253)
    account_id = models.CharField(max_length=512)
    service_url = models.URLField()
    credential = EncryptedTextField()
    list_uri = models.CharField(max_length=1024, blank=True)
    next_write_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.platform} list of {self.handle}"


class Action(models.TextChoices):
    BLOCK = "block", "Block"
    UNBLOCK = "unblock", "Unblock"
    REPORT = "report", "Report to the platform"


class DeliveryState(models.TextChoices):
    QUEUED = "queued", "Queued"
    SENT = "sent", "Sent"
    CONFIRMED = "confirmed", "Confirmed"
    FAILED = "failed", "Failed permanently"
    CANCELLED = "cancelled", "Cancelled"


class Delivery(models.Model):
    """One action on one account (a person's, or the party list): queued -> sent -> confirmed."""

    entry = models.ForeignKey(BlockEntry, on_delete=models.CASCADE, related_name="deliveries")
    account = models.ForeignKey(
        BlockingAccount, null=True, blank=True, on_delete=models.PROTECT, related_name="deliveries"
    )
    party_list = models.ForeignKey(
        PartyList, null=True, blank=True, on_delete=models.PROTECT, related_name="deliveries"
    )
    action = models.CharField(max_length=8, choices=Action.choices)
    method = models.CharField(max_length=8, choices=Method.choices)
    idempotency_key = models.CharField(max_length=100, unique=True)
    state = models.CharField(
        max_length=10, choices=DeliveryState.choices, default=DeliveryState.QUEUED
    )
    record_ref = models.CharField(
        max_length=1024, blank=True, help_text="What the platform made: a record URI, an id."
    )
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField()
    claimed_until = models.DateTimeField(null=True, blank=True)
    claim_token = models.CharField(max_length=32, blank=True, db_index=True)
    last_error = models.CharField(max_length=500, blank=True)
    queued_at = models.DateTimeField()
    sent_at = models.DateTimeField(null=True, blank=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    failed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["pk"]
        verbose_name_plural = "deliveries"
        indexes = [models.Index(fields=["state", "next_attempt_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(account__isnull=False, party_list__isnull=True)
                | Q(account__isnull=True, party_list__isnull=False),
                name="delivery_to_an_account_or_the_list",
            ),
            known_choice("state", DeliveryState, name="delivery_state_known"),
            known_choice("action", Action, name="delivery_action_known"),
            models.CheckConstraint(
                condition=~Q(state="failed") | ~Q(last_error=""),
                name="delivery_failure_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.action} {self.idempotency_key} ({self.state})"


class HandoverState(models.TextChoices):
    WAITING = "waiting", "Waiting to be handed over"
    NEEDS_STABLE_ID = "needs_stable_id", "Needs the account's stable id"
    RETRYING = "retrying", "Failed; retrying"
    FAILED = "failed", "Failed; needs a person"
    HANDED_OVER = "handed_over", "On the blocklist"
    REFERRED = "referred", "A member's account: sent to discipline"


HANDOVER_OPEN = (
    HandoverState.WAITING,
    HandoverState.NEEDS_STABLE_ID,
    HandoverState.RETRYING,
    HandoverState.FAILED,
)


class BlockHandover(models.Model):
    """A block request handed over by a case that the blocklist could not take yet.

    Usually the handle could not be turned into a stable id (a typo, the platform down, no
    connected account to ask with). It stays visible with its reason, is retried with backoff
    (`next_attempt_at`), and a case worker may enter the stable id by hand.
    """

    platform = models.CharField(max_length=16, choices=Platform.choices)
    handle = models.CharField(max_length=253)
    account_id = models.CharField(max_length=512, blank=True)
    reason = EncryptedTextField()
    evidence_ids = models.JSONField(default=list)
    case_id = models.BigIntegerField(null=True, blank=True)
    source = models.CharField(max_length=16, choices=Source.choices, default=Source.CASE)
    source_ref = models.CharField(max_length=64, unique=True)
    requested_by = optional_user(blank=False)
    requested_at = models.DateTimeField()
    state = models.CharField(
        max_length=16, choices=HandoverState.choices, default=HandoverState.WAITING
    )
    last_error = models.CharField(max_length=500, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    claimed_until = models.DateTimeField(null=True, blank=True)
    entry = models.ForeignKey(
        BlockEntry, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField()

    class Meta:
        ordering = ["-requested_at", "-pk"]
        indexes = [models.Index(fields=["state", "next_attempt_at"])]
        constraints = [
            known_choice("state", HandoverState, name="block_handover_state_known"),
            models.CheckConstraint(
                condition=~Q(state__in=["needs_stable_id", "retrying", "failed"])
                | ~Q(last_error=""),
                name="block_handover_problem_has_reason",
            ),
            models.CheckConstraint(
                condition=~Q(state="handed_over") | Q(entry__isnull=False),
                name="block_handover_done_names_the_entry",
            ),
        ]

    def __str__(self) -> str:
        return f"hand-over {self.platform}:{self.handle} ({self.state})"

    @property
    def is_open(self) -> bool:
        return self.state in HANDOVER_OPEN
