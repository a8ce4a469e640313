"""A proceeding, its allegations and evidence, and who sits where."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from upstander.accounts.models import Member
from upstander.core.crypto import EncryptedTextField
from upstander.core.models import known_choice, optional_user
from upstander.discipline.models.guide import Conduct
from upstander.evidence.models import EvidenceItem


class Stage(models.TextChoices):
    ASSESSMENT = "assessment", "Assessment"
    INVESTIGATION = "investigation", "Investigation"
    RESPONSE = "response", "Notice sent: waiting for the member's response"
    HEARING = "hearing", "Waiting for the hearing"
    APPEAL_WINDOW = "appeal_window", "Decision made: appeal window open"
    APPEAL = "appeal", "Appeal lodged"
    CLOSED = "closed", "Closed"


class AssessmentOutcome(models.TextChoices):
    NO_CASE = "no_case", "No case to answer"
    INFORMAL = "informal", "Informal resolution"
    INVESTIGATE = "investigate", "Investigate"


class Proceeding(models.Model):
    """A complaint against one member and everything decided about it."""

    respondent = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="proceedings")
    complainant_user = optional_user()
    complainant_anonymous_to_respondent = models.BooleanField(default=False)
    sexual_harassment = models.BooleanField(default=False)
    complainant_agreed_to_be_named = models.BooleanField(default=False)
    # The case it came from, as a plain id: discipline sits below cases and never imports it.
    source_case_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    stage = models.CharField(max_length=16, choices=Stage.choices, default=Stage.ASSESSMENT)
    opened_by = optional_user()
    opened_at = models.DateTimeField()
    assessment_outcome = models.CharField(
        max_length=16, choices=AssessmentOutcome.choices, blank=True
    )
    assessment_criteria = models.TextField(blank=True)
    assessment_reason = EncryptedTextField(blank=True)
    assessed_at = models.DateTimeField(null=True, blank=True)
    investigation_report = EncryptedTextField(blank=True)
    investigation_completed_at = models.DateTimeField(null=True, blank=True)
    hearing_at = models.DateTimeField(null=True, blank=True)
    hearing_place = models.CharField(max_length=200, blank=True)
    notice_sent_at = models.DateTimeField(null=True, blank=True)
    response_due_on = models.DateField(null=True, blank=True)
    response = EncryptedTextField(blank=True)
    response_received_at = models.DateTimeField(null=True, blank=True)
    appeal_deadline = models.DateField(null=True, blank=True)
    appeal_deadline_extended_by = optional_user()
    appeal_deadline_extension_reason = models.TextField(blank=True)
    complainant_last_updated_at = models.DateTimeField(null=True, blank=True)
    complainant_update_prompted_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    # Retention (`discipline.services.retention`): when the leads were last told it is coming,
    # and when its narratives were removed (the register's facts stay).
    retention_warned_at = models.DateTimeField(null=True, blank=True)
    minimised_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-opened_at"]
        constraints = [
            known_choice("stage", Stage, name="proceeding_stage_known"),
            models.CheckConstraint(
                condition=Q(assessment_outcome="") | ~Q(assessment_reason=""),
                name="assessment_needs_reason",
            ),
            models.CheckConstraint(
                condition=~Q(stage="closed") | Q(closed_at__isnull=False),
                name="closed_proceeding_has_date",
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        return f"D-{self.pk:04d}" if self.pk else "D-new"

    @property
    def complainant_hidden_from_respondent(self) -> bool:
        """In sexual-harassment cases the complainant is unnamed until the hearing (unless they
        agree otherwise); elsewhere only when they asked for it."""
        hidden = self.complainant_anonymous_to_respondent or self.sexual_harassment
        return hidden and not self.complainant_agreed_to_be_named


class Allegation(models.Model):
    proceeding = models.ForeignKey(Proceeding, on_delete=models.CASCADE, related_name="allegations")
    conduct = models.CharField(max_length=32, choices=Conduct.choices)
    description = EncryptedTextField()
    # Free context such as {"channel": "online"}; the sanctions guide never reads it.
    context = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            known_choice("conduct", Conduct, name="allegation_conduct_known"),
        ]

    def __str__(self) -> str:
        return self.get_conduct_display()


class ProceedingEvidence(models.Model):
    """Evidence the victim consented to share; the panel and respondent see only disclosed items,
    and none the person targeted has since withdrawn (their panel consent)."""

    proceeding = models.ForeignKey(Proceeding, on_delete=models.CASCADE, related_name="evidence")
    item = models.ForeignKey(EvidenceItem, on_delete=models.PROTECT, related_name="+")
    disclosed_at = models.DateTimeField(null=True, blank=True)
    # When the withdrawal of consent was put on the record; once withdrawn, never shown again.
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["proceeding", "item"], name="proceeding_evidence_once"),
        ]

    def __str__(self) -> str:
        return f"evidence {self.item_id}"


class Seat(models.TextChoices):
    INVESTIGATOR = "investigator", "Investigator"
    DECISION_PANEL = "decision_panel", "Decision panel"
    APPEAL_PANEL = "appeal_panel", "Appeal panel"


PANEL_SIZE = 3


class Appointment(models.Model):
    """Who sits where. One person holds at most one seat in a proceeding (separated roles)."""

    proceeding = models.ForeignKey(
        Proceeding, on_delete=models.CASCADE, related_name="appointments"
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="discipline_seats"
    )
    seat = models.CharField(max_length=16, choices=Seat.choices)
    appointed_by = optional_user()
    appointed_at = models.DateTimeField()
    # A seat ends when the role it needs ends; the row stays, so the person still counts as
    # involved (separated roles, interim approval) and the record shows who sat when.
    ended_at = models.DateTimeField(null=True, blank=True)
    end_reason = models.CharField(max_length=120, blank=True)

    class Meta:
        ordering = ["seat", "appointed_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["proceeding", "person"], name="one_seat_per_person_per_proceeding"
            ),
            models.UniqueConstraint(
                fields=["proceeding"],
                condition=Q(seat="investigator", ended_at__isnull=True),
                name="one_investigator_per_proceeding",
            ),
            known_choice("seat", Seat, name="seat_known"),
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.get_seat_display()})"


class ConflictKind(models.TextChoices):
    FAMILY = "family", "Family or close personal relationship"
    INTEREST = "interest", "Declared interest"


class ConflictDeclaration(models.Model):
    """A recorded conflict of interest of a person with a member (or with one proceeding)."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="declared_conflicts"
    )
    member = models.ForeignKey(
        Member, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    proceeding = models.ForeignKey(
        Proceeding, null=True, blank=True, on_delete=models.CASCADE, related_name="conflicts"
    )
    kind = models.CharField(max_length=16, choices=ConflictKind.choices)
    note = models.TextField(blank=True)
    recorded_by = optional_user()
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["-recorded_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(member__isnull=False) | Q(proceeding__isnull=False),
                name="conflict_names_member_or_proceeding",
            ),
            known_choice("kind", ConflictKind, name="conflict_kind_known"),
        ]

    def __str__(self) -> str:
        return f"{self.person}: {self.get_kind_display()}"
