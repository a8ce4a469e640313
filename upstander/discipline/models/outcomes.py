"""What is decided and sent: interim suspensions, decisions, sanctions, appeals, letters."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q

from upstander.accounts.models import Member
from upstander.core.crypto import EncryptedTextField
from upstander.core.models import optional_user
from upstander.discipline.models.guide import Sanction, SanctionsGuide
from upstander.discipline.models.proceedings import Proceeding


class InterimSuspension(models.Model):
    proceeding = models.ForeignKey(
        Proceeding, on_delete=models.CASCADE, related_name="interim_suspensions"
    )
    criteria = models.TextField()
    reason = EncryptedTextField()
    proposed_by = optional_user()
    proposed_at = models.DateTimeField()
    approved_by = optional_user()
    approved_at = models.DateTimeField(null=True, blank=True)
    review_on = models.DateField()
    maximum_until = models.DateField()
    ended_at = models.DateTimeField(null=True, blank=True)
    overrun_alerted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-proposed_at"]
        constraints = [
            models.CheckConstraint(condition=~Q(reason=""), name="interim_needs_reason"),
            models.CheckConstraint(condition=~Q(criteria=""), name="interim_needs_criteria"),
            models.CheckConstraint(
                condition=Q(review_on__lte=F("maximum_until")), name="interim_review_within_maximum"
            ),
        ]

    def __str__(self) -> str:
        return f"Interim suspension in {self.proceeding}"

    @property
    def in_force(self) -> bool:
        return self.approved_at is not None and self.ended_at is None


class DecisionKind(models.TextChoices):
    HEARING = "hearing", "Hearing decision"
    APPEAL = "appeal", "Appeal decision"


class AppealOutcome(models.TextChoices):
    UPHOLD = "uphold", "Upheld: the decision stands"
    VARY = "vary", "Varied: a different sanction"
    OVERTURN = "overturn", "Overturned: no sanction"


class Decision(models.Model):
    proceeding = models.ForeignKey(Proceeding, on_delete=models.CASCADE, related_name="decisions")
    kind = models.CharField(max_length=16, choices=DecisionKind.choices)
    sanction = models.PositiveSmallIntegerField(choices=Sanction.choices)
    education_course = models.BooleanField(default=False)
    ends_on = models.DateField(
        null=True, blank=True, help_text="When a suspension ends or a formal warning expires."
    )
    criteria = models.TextField()
    reason = EncryptedTextField()
    guide = models.ForeignKey(SanctionsGuide, on_delete=models.PROTECT, related_name="+")
    factors = models.JSONField(default=list, blank=True)
    range_lowest = models.PositiveSmallIntegerField(choices=Sanction.choices)
    range_highest = models.PositiveSmallIntegerField(choices=Sanction.choices)
    outside_range_reason = models.TextField(blank=True)
    appeal_outcome = models.CharField(max_length=16, choices=AppealOutcome.choices, blank=True)
    how_reached = models.TextField(blank=True)
    decided_by = optional_user()
    decided_at = models.DateTimeField()

    class Meta:
        ordering = ["decided_at"]
        constraints = [
            models.CheckConstraint(condition=~Q(reason=""), name="decision_needs_reason"),
            models.CheckConstraint(condition=~Q(criteria=""), name="decision_needs_criteria"),
            models.CheckConstraint(
                condition=~Q(sanction__in=[Sanction.SUSPENSION, Sanction.FORMAL_WARNING])
                | Q(ends_on__isnull=False),
                name="suspension_and_warning_have_end_date",
            ),
            models.CheckConstraint(
                condition=Q(sanction__gte=F("range_lowest"), sanction__lte=F("range_highest"))
                | ~Q(outside_range_reason=""),
                name="outside_guide_range_needs_reason",
            ),
            models.CheckConstraint(
                condition=Q(kind="hearing", appeal_outcome="")
                | (Q(kind="appeal") & ~Q(appeal_outcome="") & ~Q(how_reached="")),
                name="appeal_decision_has_outcome_and_how_reached",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.get_sanction_display()}"


class AppliedSanction(models.Model):
    """A sanction as applied to the membership register; lifted when it ends or is overturned."""

    proceeding = models.ForeignKey(
        Proceeding, on_delete=models.PROTECT, related_name="applied_sanctions"
    )
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="+")
    decision = models.ForeignKey(Decision, null=True, blank=True, on_delete=models.PROTECT)
    interim = models.ForeignKey(InterimSuspension, null=True, blank=True, on_delete=models.PROTECT)
    sanction = models.PositiveSmallIntegerField(choices=Sanction.choices)
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True)
    roles_revoked = models.JSONField(default=list, blank=True)
    applied_at = models.DateTimeField()
    lifted_at = models.DateTimeField(null=True, blank=True)
    lifted_reason = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-applied_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gt=F("starts_on")),
                name="sanction_ends_after_it_starts",
            ),
            models.CheckConstraint(
                condition=~Q(sanction=Sanction.SUSPENSION)
                | Q(ends_on__isnull=False)
                | Q(interim__isnull=False),
                name="suspension_has_end_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_sanction_display()} for {self.member}"


class Appellant(models.TextChoices):
    RESPONDENT = "respondent", "The member complained about"
    COMPLAINANT = "complainant", "The complainant"


class Appeal(models.Model):
    proceeding = models.OneToOneField(Proceeding, on_delete=models.CASCADE, related_name="appeal")
    appellant = models.CharField(max_length=16, choices=Appellant.choices)
    grounds = EncryptedTextField()
    lodged_by = optional_user()
    lodged_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.CheckConstraint(condition=~Q(grounds=""), name="appeal_needs_grounds"),
        ]

    def __str__(self) -> str:
        return f"Appeal in {self.proceeding}"


class Representation(models.Model):
    """An approach from a party official about a live proceeding: on the record, for the lead."""

    proceeding = models.ForeignKey(
        Proceeding, on_delete=models.CASCADE, related_name="representations"
    )
    official = optional_user()
    official_name = models.CharField(max_length=200)
    official_position = models.CharField(max_length=200, blank=True)
    approached = optional_user()
    summary = EncryptedTextField()
    recorded_by = optional_user()
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["-recorded_at"]

    def __str__(self) -> str:
        return f"Representation by {self.official_name}"


class LetterKind(models.TextChoices):
    NOTICE = "notice", "Notice of allegations"
    DECISION = "decision", "Decision"
    APPEAL_OUTCOME = "appeal_outcome", "Appeal outcome"
    COMPLAINANT_UPDATE = "complainant_update", "Update to the complainant"


class Recipient(models.TextChoices):
    RESPONDENT = "respondent", "Member complained about"
    COMPLAINANT = "complainant", "Complainant"


class Letter(models.Model):
    """A letter exactly as it was sent: shown on the web, as a PDF and by email."""

    proceeding = models.ForeignKey(Proceeding, on_delete=models.CASCADE, related_name="letters")
    kind = models.CharField(max_length=24, choices=LetterKind.choices)
    recipient = models.CharField(max_length=16, choices=Recipient.choices)
    subject = models.CharField(max_length=200)
    body = EncryptedTextField()
    emailed_to = models.EmailField(blank=True)
    created_by = optional_user()
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.subject
