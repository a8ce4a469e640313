"""Online meetings behind a code-of-conduct gate.

Joining details (link and password) are secrets: they are stored encrypted and released to a
registrant only while they hold a signature on the *current* code of conduct.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from upstander.core.crypto import EncryptedTextField
from upstander.core.models import known_choice, optional_user


class MeetingPlatform(models.TextChoices):
    ZOOM = "zoom", "Zoom"
    TEAMS = "teams", "Microsoft Teams"
    JITSI = "jitsi", "Jitsi Meet"
    OTHER = "other", "Other"


class Audience(models.TextChoices):
    PUBLIC = "public", "Anyone"
    MEMBERS = "members", "Members"
    BRANCH = "branch", "Members of one branch"
    NETWORK = "network", "Members of one equality network"


class Meeting(models.Model):
    title = models.CharField(max_length=200)
    starts_at = models.DateTimeField()
    duration_minutes = models.PositiveIntegerField(default=90)
    platform = models.CharField(max_length=16, choices=MeetingPlatform.choices)
    join_link = EncryptedTextField()
    password = EncryptedTextField()
    password_rotated_at = models.DateTimeField(null=True, blank=True)
    guidance = models.TextField(help_text="Behaviour guidance shown to everyone who registers.")
    audience = models.CharField(max_length=16, choices=Audience.choices)
    branch = models.ForeignKey(
        "accounts.Branch", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # A string reference: networks sits beside meetings in the layers, so neither imports it.
    network = models.ForeignKey(
        "networks.Network", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    host = optional_user()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["starts_at"]
        constraints = [
            known_choice("platform", MeetingPlatform, name="meeting_platform_known"),
            models.CheckConstraint(
                condition=(
                    Q(audience__in=["public", "members"], branch__isnull=True, network__isnull=True)
                    | Q(audience="branch", branch__isnull=False, network__isnull=True)
                    | Q(audience="network", network__isnull=False, branch__isnull=True)
                ),
                name="meeting_audience_matches_its_target",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Registration(models.Model):
    """One person's place at a meeting. Their link carries a token; we keep its hash and nonce."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="registrations")
    user = optional_user()
    name = models.CharField(max_length=150)
    email = models.EmailField()
    token_hash = models.CharField(max_length=64, unique=True)
    # The link's token is derived when needed (HMAC of SECRET_KEY and this nonce), so neither
    # this table nor a queued mail task holds a working link. Blank for links issued before.
    token_nonce = models.CharField(max_length=64, blank=True)
    registered_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = optional_user()
    revoked_reason = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["registered_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "email"], name="register_once_per_meeting"),
            models.CheckConstraint(
                condition=Q(revoked_at__isnull=True) | ~Q(revoked_reason=""),
                name="revocation_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} at {self.meeting}"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None


class ConductSignature(models.Model):
    """A registrant signed one version of the code of conduct: their name, the version, when."""

    registration = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="signatures"
    )
    document = models.ForeignKey(
        "policies.PolicyDocument", on_delete=models.PROTECT, related_name="+"
    )
    signed_name = models.CharField(max_length=150)
    signed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-signed_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "document"], name="sign_each_version_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.signed_name} signed {self.document_id}"
