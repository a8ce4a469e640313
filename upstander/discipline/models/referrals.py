"""A member's conduct handed to discipline, waiting in the safeguarding lead's queue.

One route for every path that finds a member behind abuse: a case (its member route), the
blocklist (a member's account is never blocked) and the review queue (a post by a member). The
lead accepts a referral, which opens a complaint, or declines it with a written reason.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from upstander.accounts.models import Member, Platform
from upstander.core.crypto import EncryptedTextField
from upstander.core.models import known_choice, optional_user
from upstander.discipline.models.guide import Conduct
from upstander.discipline.models.proceedings import Proceeding
from upstander.evidence.models import EvidenceItem


class ReferralSource(models.TextChoices):
    CASE = "case", "A case"
    BLOCKLIST = "blocklist", "The blocklist"
    REVIEW_QUEUE = "review_queue", "The review queue"


class ReferralStatus(models.TextChoices):
    PENDING = "pending", "Waiting for a safeguarding lead"
    ACCEPTED = "accepted", "Accepted: a complaint is open"
    DECLINED = "declined", "Declined"


class Referral(models.Model):
    """One member's conduct, the evidence behind it, and what the lead decided.

    The person targeted is named (`complainant_user`) only on a referral from their case, and
    only when their consultation asked for a complaint; from the blocklist or the review queue
    the party itself is the complainant (a database constraint keeps this true).
    """

    respondent = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="referrals")
    source = models.CharField(max_length=16, choices=ReferralSource.choices)
    source_ref = models.CharField(max_length=64, blank=True)
    # The case it came from, as a plain id: discipline sits below cases and never imports it.
    source_case_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    platform = models.CharField(max_length=16, choices=Platform.choices)
    account_id = models.CharField(max_length=2048)
    handle = models.CharField(max_length=253, blank=True)
    conduct = models.CharField(max_length=32, choices=Conduct.choices, default=Conduct.HARASSMENT)
    reason = EncryptedTextField(blank=True)
    evidence = models.ManyToManyField(EvidenceItem, related_name="+", blank=True)
    complainant_user = optional_user()
    complainant_anonymous_to_respondent = models.BooleanField(default=False)
    sexual_harassment = models.BooleanField(default=False)
    referred_by = optional_user()
    referred_at = models.DateTimeField()
    status = models.CharField(
        max_length=12, choices=ReferralStatus.choices, default=ReferralStatus.PENDING
    )
    decided_by = optional_user()
    decided_at = models.DateTimeField(null=True, blank=True)
    decline_reason = EncryptedTextField(blank=True)
    proceeding = models.ForeignKey(
        Proceeding, null=True, blank=True, on_delete=models.PROTECT, related_name="referrals"
    )
    # Retention: a declined referral on its own clock; an accepted one goes with its proceeding.
    retention_warned_at = models.DateTimeField(null=True, blank=True)
    minimised_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["referred_at", "pk"]
        indexes = [models.Index(fields=["status", "referred_at"])]
        constraints = [
            known_choice("status", ReferralStatus, name="referral_status_known"),
            known_choice("source", ReferralSource, name="referral_source_known"),
            known_choice("conduct", Conduct, name="referral_conduct_known"),
            models.CheckConstraint(
                condition=Q(status="pending") | Q(decided_at__isnull=False),
                name="referral_decision_has_date",
            ),
            models.CheckConstraint(
                condition=~Q(status="accepted") | Q(proceeding__isnull=False),
                name="referral_accepted_names_the_complaint",
            ),
            models.CheckConstraint(
                condition=~Q(status="declined") | ~Q(decline_reason=""),
                name="referral_declined_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(complainant_user__isnull=True) | Q(source_case_id__isnull=False),
                name="referral_names_a_complainant_only_from_a_case",
            ),
        ]

    def __str__(self) -> str:
        return f"R-{self.pk:04d}" if self.pk else "R-new"

    @property
    def reference(self) -> str:
        return str(self)
