"""Reports of abuse, anonymous or identified, and the messages exchanged with the reporter."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from upstander.core.crypto import EncryptedTextField
from upstander.core.models import ThreadMessage, known_choice, optional_user
from upstander.evidence.models import EvidenceItem


class TargetKind(models.TextChoices):
    MYSELF = "myself", "Me"
    REPRESENTATIVE = "representative", "A named candidate or representative"
    MEMBER = "member", "Another member"
    SOMEONE_ELSE = "someone_else", "Someone else"


class ReportPlatform(models.TextChoices):
    BLUESKY = "bluesky", "Bluesky"
    MASTODON = "mastodon", "Mastodon"
    X = "x", "X (Twitter)"
    FACEBOOK = "facebook", "Facebook"
    INSTAGRAM = "instagram", "Instagram"
    YOUTUBE = "youtube", "YouTube"
    TIKTOK = "tiktok", "TikTok"
    EMAIL = "email", "Email"
    IN_PERSON = "in_person", "In person"
    OTHER = "other", "Somewhere else"


class ReportStatus(models.TextChoices):
    """What the reporter sees; cases set it as the case moves on."""

    RECEIVED = "received", "Received: a case worker will read it soon"
    IN_PROGRESS = "in_progress", "A case worker is handling it"
    CLOSED = "closed", "Closed"


class Report(models.Model):
    created_at = models.DateTimeField()
    source = models.CharField(max_length=80, default="web", help_text='"web", "meeting:<id>"…')
    reporter = optional_user(related_name="reports_made")
    # An anonymous reporter may disclose who they are later; that cannot be undone.
    identity_disclosed_at = models.DateTimeField(null=True, blank=True)
    target_kind = models.CharField(max_length=16, choices=TargetKind.choices)
    target_name = EncryptedTextField(blank=True)
    platform = models.CharField(max_length=16, choices=ReportPlatform.choices)
    post_links = models.JSONField(default=list, blank=True)
    offending_accounts = models.JSONField(default=list, blank=True)
    what_happened = EncryptedTextField()
    happened_on = models.DateField(null=True, blank=True)
    urgent = models.BooleanField(default=False, help_text="Threat to safety reported at intake.")
    contact_name = EncryptedTextField(blank=True)
    contact_email = EncryptedTextField(blank=True)
    contact_phone = EncryptedTextField(blank=True)
    # Receipt: an 8-digit lookup (not secret) + a 16-digit secret; only a slow hash is kept.
    receipt_lookup = models.CharField(max_length=8, blank=True, db_index=True)
    receipt_hash = models.CharField(max_length=200, blank=True)
    status = models.CharField(
        max_length=16, choices=ReportStatus.choices, default=ReportStatus.RECEIVED
    )
    evidence = models.ManyToManyField(EvidenceItem, blank=True, related_name="reports")
    # Retention of a report no case was opened for (a case's report goes with its case).
    retention_warned_at = models.DateTimeField(null=True, blank=True)
    minimised_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            # The triage queue's "new reports": only those no case worker has opened yet.
            models.Index(
                fields=["-urgent", "created_at", "id"],
                condition=Q(status="received"),
                name="report_awaiting_case",
            ),
        ]
        constraints = [
            known_choice("target_kind", TargetKind, name="report_target_kind_known"),
            known_choice("platform", ReportPlatform, name="report_platform_known"),
            known_choice("status", ReportStatus, name="report_status_known"),
            # Anonymous reports carry a receipt; identified ones may have none.
            models.CheckConstraint(
                condition=Q(reporter__isnull=False) | ~Q(receipt_hash=""),
                name="report_anonymous_has_receipt",
            ),
        ]

    def __str__(self) -> str:
        return f"report {self.pk}"

    @property
    def anonymous(self) -> bool:
        return self.reporter_id is None


class MessageSender(models.TextChoices):
    REPORTER = "reporter", "You"
    STAFF = "staff", "Case worker"


class ReportMessage(ThreadMessage):
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="messages")
    sender = models.CharField(max_length=8, choices=MessageSender.choices)

    class Meta(ThreadMessage.Meta):
        indexes = [models.Index(fields=["report", "sender", "created_at"])]
        constraints = [
            known_choice("sender", MessageSender, name="message_sender_known"),
        ]

    def __str__(self) -> str:
        return f"message {self.pk} on report {self.report_id}"


class CaptureStatus(models.TextChoices):
    PENDING = "pending", "Waiting to be captured"
    CAPTURED = "captured", "Captured"
    FAILED = "failed", "Could not be captured"


class LinkCapture(models.Model):
    """A post link a report names, fetched through its platform and kept as evidence; why it
    failed, when it did, and when it is tried again."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="link_captures")
    url = models.URLField(max_length=2048)
    platform = models.CharField(max_length=16)
    status = models.CharField(
        max_length=8, choices=CaptureStatus.choices, default=CaptureStatus.PENDING
    )
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField()
    last_error = models.CharField(max_length=300, blank=True)
    evidence = models.ForeignKey(
        EvidenceItem, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField()
    captured_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                condition=Q(status="pending"),
                name="link_capture_due",
            ),
        ]
        constraints = [
            known_choice("status", CaptureStatus, name="link_capture_status_known"),
            models.CheckConstraint(
                condition=~Q(status="captured") | Q(evidence__isnull=False),
                name="link_capture_captured_has_evidence",
            ),
            models.UniqueConstraint(fields=["report", "url"], name="link_capture_once_per_report"),
        ]

    def __str__(self) -> str:
        return f"capture of {self.url} for report {self.report_id}"


# The row that says a REPORT_MAILBOX_URL is set wrong (then no mailbox can be named): its
# last_error is what is wrong, shown to the lead beside the mailboxes; empty once it is right.
MAILBOX_SETTING_ROW = "REPORT_MAILBOX_URL"


class ReportMailbox(models.Model):
    """The party mailbox that representatives forward abusive mail to: how far it has been
    read (the IMAP UIDVALIDITY and the last UID taken), and how the last read went."""

    # "user@host:port/folder": never the password.
    name = models.CharField(max_length=500, unique=True)
    uidvalidity = models.PositiveBigIntegerField(null=True, blank=True)
    last_uid = models.PositiveBigIntegerField(default=0)
    last_read_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=500, blank=True)
    last_error_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"mailbox {self.name}"


class MailboxMessageStatus(models.TextChoices):
    REPORTED = "reported", "Became a report"
    SET_ASIDE = "set_aside", "Set aside: could not become a report"


class MailboxMessage(models.Model):
    """One message taken from the party mailbox, once: the report it became, or why it was set
    aside (with its bytes, or its headers, kept as evidence all the same)."""

    mailbox = models.ForeignKey(ReportMailbox, on_delete=models.PROTECT, related_name="messages")
    uidvalidity = models.PositiveBigIntegerField()
    uid = models.PositiveBigIntegerField()
    # Of the bytes taken (the whole message, or its headers when it was too large): the same
    # message met again under a new UIDVALIDITY is known by it.
    sha256 = models.CharField(max_length=64)
    size = models.PositiveBigIntegerField(help_text="The size the server gave, in bytes.")
    message_id = models.CharField(max_length=300, blank=True)
    status = models.CharField(max_length=12, choices=MailboxMessageStatus.choices)
    reason = models.CharField(max_length=300, blank=True)
    report = models.ForeignKey(
        Report, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    evidence = models.ForeignKey(
        EvidenceItem, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    received_at = models.DateTimeField()

    class Meta:
        ordering = ["-received_at", "-pk"]
        indexes = [
            models.Index(
                fields=["received_at"],
                condition=Q(status="set_aside"),
                name="mailbox_message_set_aside",
            ),
        ]
        constraints = [
            known_choice("status", MailboxMessageStatus, name="mailbox_message_status_known"),
            models.UniqueConstraint(
                fields=["mailbox", "uidvalidity", "uid"], name="mailbox_message_uid_once"
            ),
            models.UniqueConstraint(fields=["mailbox", "sha256"], name="mailbox_message_once"),
        ]

    def __str__(self) -> str:
        return f"message {self.uid} of {self.mailbox_id}: {self.status}"
