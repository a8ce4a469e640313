"""Cases: triage, the victim's consultation, actions, routing and police referrals.

The fields the equality networks read for anonymised statistics (created_at, first_response_at,
state, category, platform, outcome, severity) are plain columns; narratives and anything
special-category (the targeted characteristic, the victim's wishes and consent) are encrypted at
rest. The statistics count characteristics from `CharacteristicCount`, which names no case.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from upstander.accounts.models import Member
from upstander.core.crypto import EncryptedJSONField, EncryptedTextField
from upstander.core.models import ThreadMessage, known_choice, optional_user
from upstander.evidence.models import EvidenceItem
from upstander.reports.models import Report, ReportPlatform


class CaseState(models.TextChoices):
    NEW = "new", "New"
    TRIAGED = "triaged", "Triaged"
    CONSULTING = "consulting", "Consulting the person targeted"
    ACTION = "action", "Action"
    CLOSED = "closed", "Closed"


OPEN_STATES = (CaseState.NEW, CaseState.TRIAGED, CaseState.CONSULTING, CaseState.ACTION)


class Severity(models.IntegerChoices):
    LOW = 1, "Low"
    MEDIUM = 2, "Medium"
    HIGH = 3, "High"
    CRITICAL = 4, "Critical: safety at risk"


class Category(models.TextChoices):
    UNCATEGORISED = "", "Not yet categorised"
    HARASSMENT = "harassment", "Harassment"
    THREAT = "threat_of_violence", "Threat of violence"
    IDENTITY = "identity_based", "Identity-based abuse"
    SEXUAL = "sexual_harassment", "Sexual harassment"
    DOXXING = "doxxing", "Doxxing (publishing private details)"
    IMPERSONATION = "impersonation", "Impersonation"
    OTHER = "other", "Other"


class Characteristic(models.TextChoices):
    NONE = "", "None recorded"
    SEX_GENDER = "sex_gender", "Sex or gender"
    LGBTI = "lgbti", "LGBTI"
    RACE_ETHNICITY = "race_ethnicity", "Race or ethnicity"
    RELIGION = "religion", "Religion or belief"
    DISABILITY = "disability", "Disability"
    OTHER = "other", "Other"


class Outcome(models.TextChoices):
    NONE = "", "Open"
    NO_ACTION = "no_action", "No action needed"
    BLOCKED = "blocked", "Blocked"
    PLATFORM_REPORT = "platform_report", "Reported to the platform"
    DISCIPLINARY = "disciplinary", "Disciplinary complaint"
    POLICE = "police", "Referred to the police"
    SUPPORT_ONLY = "support_only", "Support only"
    WITHDRAWN = "withdrawn", "Withdrawn by the person targeted"


class Wish(models.TextChoices):
    """What the person targeted wants done (several may apply); also the kinds of action."""

    RECORD_ONLY = "record_only", "Record it only"
    BLOCK = "block", "Block the account(s)"
    PLATFORM_REPORT = "platform_report", "Report to the platform"
    DISCIPLINARY = "disciplinary", "Disciplinary complaint (if a member)"
    POLICE = "police", "Report to the police"
    PUBLIC_STATEMENT = "public_statement", "A public statement"
    SUPPORT = "support", "Support for them"


class Case(models.Model):
    report = models.OneToOneField(
        Report, null=True, blank=True, on_delete=models.PROTECT, related_name="case"
    )
    protected_person = optional_user(related_name="cases_as_target")
    assigned_to = optional_user(related_name="cases_assigned")
    state = models.CharField(max_length=16, choices=CaseState.choices, default=CaseState.NEW)
    severity = models.PositiveSmallIntegerField(choices=Severity.choices, default=Severity.MEDIUM)
    category = models.CharField(max_length=24, choices=Category.choices, blank=True)
    # Special category data about a named person: encrypted (checked against the choices in
    # case_triage, as the database cannot check ciphertext).
    targeted_characteristic = EncryptedTextField(choices=Characteristic.choices, blank=True)
    platform = models.CharField(max_length=16, choices=ReportPlatform.choices)
    outcome = models.CharField(max_length=16, choices=Outcome.choices, blank=True)
    possible_crime = models.BooleanField(default=False)
    summary = EncryptedTextField(blank=True)
    safeguarding_notes = EncryptedTextField(blank=True)
    # A lead's reason for closing before the person targeted was consulted (case_close).
    closing_reason = EncryptedTextField(blank=True)
    evidence = models.ManyToManyField(EvidenceItem, blank=True, related_name="cases")

    created_at = models.DateTimeField()
    first_response_at = models.DateTimeField(null=True, blank=True)
    triaged_at = models.DateTimeField(null=True, blank=True)
    consulted_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    first_response_due = models.DateTimeField()
    consultation_due = models.DateTimeField()
    decision_due = models.DateTimeField()
    retention_warned_at = models.DateTimeField(null=True, blank=True)
    minimised_at = models.DateTimeField(null=True, blank=True)
    # The agreed check-in date the case worker was last reminded of: one reminder per date.
    check_in_reminded_for = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-severity", "created_at"]
        indexes = [
            models.Index(
                fields=["state", "-severity", "created_at", "id"], name="case_triage_queue"
            ),
            models.Index(fields=["assigned_to", "state"], name="case_by_worker"),
            models.Index(fields=["state", "closed_at"], name="case_retention"),
        ]
        constraints = [
            known_choice("state", CaseState, name="case_state_known"),
            known_choice("severity", Severity, name="case_severity_known"),
            known_choice("category", Category, name="case_category_known"),
            known_choice("platform", ReportPlatform, name="case_platform_known"),
            known_choice("outcome", Outcome, name="case_outcome_known"),
            # A closed case has an outcome and a closing time; an open one has neither.
            models.CheckConstraint(
                condition=(Q(state=CaseState.CLOSED, closed_at__isnull=False) & ~Q(outcome=""))
                | (~Q(state=CaseState.CLOSED) & Q(outcome="")),
                name="case_outcome_iff_closed",
            ),
        ]

    def __str__(self) -> str:
        return f"Case {self.pk}"

    @property
    def reference(self) -> str:
        return f"C-{self.pk:06d}"


class CharacteristicCount(models.Model):
    """How many cases of one quarter were recorded with a targeted characteristic.

    The equality networks' statistics read these counts, not the (encrypted) characteristic of
    each case, so the figures need no decryption and link no characteristic to a person.
    Kept by `case_triage`.
    """

    quarter_starts_on = models.DateField()
    characteristic = models.CharField(max_length=16, choices=Characteristic.choices)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["quarter_starts_on", "characteristic"], name="characteristic_count_once"
            ),
            models.CheckConstraint(
                condition=Q(characteristic__in=Characteristic.values) & ~Q(characteristic=""),
                name="characteristic_count_known",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.characteristic} in quarter from {self.quarter_starts_on}: {self.count}"


class ContactMethod(models.TextChoices):
    PHONE = "phone", "Phone call"
    IN_PERSON = "in_person", "In person"
    VIDEO = "video", "Video call"
    EMAIL = "email", "Email"
    MESSAGE = "message", "Messages"


class Consultation(models.Model):
    """The conversation with the person targeted: what they want, and what they consent to."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="consultations")
    held_on = models.DateField()
    method = models.CharField(max_length=16, choices=ContactMethod.choices)
    # What the person wants and consents to: encrypted (a list of Wish values; booleans).
    wishes = EncryptedJSONField(default=list)
    consent_police = EncryptedJSONField(default=False)
    consent_panel = EncryptedJSONField(default=False)
    preferred_contact = EncryptedTextField(blank=True)
    next_check_in = models.DateField(null=True, blank=True)
    notes = EncryptedTextField(blank=True)
    recorded_by = optional_user(blank=False)
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["-recorded_at", "-pk"]
        constraints = [
            known_choice("method", ContactMethod, name="consultation_method_known"),
        ]

    def __str__(self) -> str:
        return f"consultation {self.pk} on case {self.case_id}"


class CaseAction(models.Model):
    """One thing done on the case. Against or beyond the person's wishes needs a lead's reason."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="actions")
    kind = models.CharField(max_length=24, choices=Wish.choices)
    note = EncryptedTextField(blank=True)
    against_wishes = models.BooleanField(default=False)
    safeguarding_reason = EncryptedTextField(blank=True)
    taken_by = optional_user(blank=False)
    taken_at = models.DateTimeField()

    class Meta:
        ordering = ["taken_at", "pk"]
        constraints = [
            known_choice("kind", Wish, name="action_kind_known"),
            models.CheckConstraint(
                condition=Q(against_wishes=False) | ~Q(safeguarding_reason=""),
                name="action_override_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} on case {self.case_id}"


class Route(models.TextChoices):
    MEMBER = "member", "Member: disciplinary route"
    BLOCK = "block", "Not a member: block"


class OffendingAccount(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="offending_accounts")
    platform = models.CharField(max_length=16)
    handle = models.CharField(max_length=253)
    stable_id = models.CharField(max_length=2048, blank=True)
    member = models.ForeignKey(
        Member, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    route = models.CharField(max_length=8, choices=Route.choices)

    class Meta:
        indexes = [models.Index(fields=["platform", "handle"], name="offending_account_lookup")]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "platform", "handle"], name="offending_account_once_per_case"
            ),
            known_choice("route", Route, name="route_known"),
        ]

    def __str__(self) -> str:
        return f"{self.platform}:{self.handle}"


class PendingStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    FULFILLED = "fulfilled", "Fulfilled"
    CANCELLED = "cancelled", "Cancelled"


class PendingRoute(models.Model):
    """An offending account routed to another app, waiting to be handed over to it."""

    account = models.ForeignKey(OffendingAccount, on_delete=models.CASCADE, related_name="+")
    platform = models.CharField(max_length=16)
    handle = models.CharField(max_length=253)
    stable_id = models.CharField(max_length=2048, blank=True)
    evidence_ids = models.JSONField(default=list)
    status = models.CharField(
        max_length=12, choices=PendingStatus.choices, default=PendingStatus.PENDING
    )
    requested_by = optional_user(blank=False)
    requested_at = models.DateTimeField()

    class Meta:
        abstract = True


class PendingBlock(PendingRoute):
    """A block requested for a non-member account, handed to the blocking app."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="pending_blocks")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["case", "account"], name="pending_block_once"),
            known_choice("status", PendingStatus, name="pending_block_status_known"),
        ]

    def __str__(self) -> str:
        return f"block {self.platform}:{self.handle} (case {self.case_id})"

    @property
    def blocklist_ref(self) -> str:
        """How the blocklist knows this request (its entry's or hand-over's `source_ref`)."""
        return f"pending-block:{self.pk}"


class PendingReferral(PendingRoute):
    """A disciplinary complaint against a member, handed to the discipline app.

    `evidence_ids` holds only the evidence the person targeted agreed a panel may see.
    """

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="pending_referrals")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["case", "account"], name="pending_referral_once"),
            known_choice("status", PendingStatus, name="pending_referral_status_known"),
        ]

    def __str__(self) -> str:
        return f"referral of member {self.member_id} (case {self.case_id})"


class PoliceReferral(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="police_referrals")
    action = models.OneToOneField(CaseAction, on_delete=models.PROTECT, related_name="+")
    force = models.CharField(max_length=120)
    crime_reference = models.CharField(max_length=64, blank=True)
    officer_name = EncryptedTextField(blank=True)
    officer_contact = EncryptedTextField(blank=True)
    referred_on = models.DateField()
    victim_consent = models.BooleanField()
    evidence_ids = models.JSONField(default=list)
    recorded_by = optional_user(blank=False)
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["recorded_at"]

    def __str__(self) -> str:
        return f"police referral {self.pk} (case {self.case_id})"


class SafetyAlert(models.Model):
    """A report said someone's safety is at risk: every safeguarding lead was mailed at once, and
    the staff dashboard shows it until a lead acknowledges it. Whether the mail left is read from
    each lead's queued mail, never assumed."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="safety_alert")
    raised_at = models.DateTimeField()
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = optional_user()

    class Meta:
        indexes = [
            models.Index(
                fields=["raised_at"],
                condition=Q(acknowledged_at__isnull=True),
                name="safety_alert_unacknowledged",
            ),
        ]

    def __str__(self) -> str:
        return f"safety alert on case {self.case_id}"


class SafetyAlertMail(models.Model):
    """The alert's mail to one lead; sent when its queued mail says so."""

    alert = models.ForeignKey(SafetyAlert, on_delete=models.CASCADE, related_name="mails")
    lead = optional_user(blank=False)
    # Kept after sending (QueuedMail.keep_record); gone only if pruned unsent.
    mail = models.ForeignKey(
        "core.QueuedMail", null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["alert", "lead"], name="safety_alert_mail_once"),
        ]

    def __str__(self) -> str:
        return f"mail {self.mail_id} for {self.alert}"


class CaseMessageSender(models.TextChoices):
    PERSON_TARGETED = "person", "Person targeted"
    STAFF = "staff", "Case worker"


class CaseMessageKind(models.TextChoices):
    MESSAGE = "message", "Message"
    WISHES_CHANGE = "wishes", "Request to change their wishes"


class CaseMessage(ThreadMessage):
    """The thread between the person targeted and the case worker (from "Your cases").

    A reporter writes on their report's thread (`ReportMessage`); this one is the person
    targeted's own, whoever reported. A change of wishes arrives here as a request: only the
    case worker records a consultation.
    """

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="messages")
    sender = models.CharField(max_length=8, choices=CaseMessageSender.choices)
    kind = models.CharField(
        max_length=8, choices=CaseMessageKind.choices, default=CaseMessageKind.MESSAGE
    )

    class Meta(ThreadMessage.Meta):
        indexes = [models.Index(fields=["case", "created_at"], name="case_message_thread")]
        constraints = [
            known_choice("sender", CaseMessageSender, name="case_message_sender_known"),
            known_choice("kind", CaseMessageKind, name="case_message_kind_known"),
        ]

    def __str__(self) -> str:
        return f"message {self.pk} on case {self.case_id}"
