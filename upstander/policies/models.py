"""Versioned policy documents: drafts become published versions; old versions are kept.
Also the welcome pack each new member is sent, with the versions it held (P7)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from upstander.core.models import optional_user


class PolicyKind(models.TextChoices):
    BEHAVIOUR = "behaviour", "Online behaviour policy"
    EQUALITY = "equality", "Equality statement"
    CODE_OF_CONDUCT = "code_of_conduct", "Code of conduct for meetings"


class PolicyStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published (current)"
    SUPERSEDED = "superseded", "Superseded"


class PolicyDocument(models.Model):
    kind = models.CharField(max_length=32, choices=PolicyKind.choices)
    version = models.PositiveIntegerField()
    title = models.CharField(max_length=200)
    summary = models.TextField(help_text="A few sentences, shown in the welcome pack.")
    body = models.TextField(
        help_text="Plain text: blank lines separate paragraphs, '## ' starts a heading, "
        "'- ' a list item."
    )
    status = models.CharField(
        max_length=16, choices=PolicyStatus.choices, default=PolicyStatus.DRAFT
    )
    created_by = optional_user()
    created_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["kind", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "version"], name="policy_version_unique"),
            models.UniqueConstraint(
                fields=["kind"],
                condition=Q(status="published"),
                name="one_current_version_per_policy",
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(published_at__isnull=False),
                name="published_policy_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} (version {self.version})"


class Acknowledgement(models.Model):
    """Someone read and accepted one version of a policy (who, which version, when)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="acknowledgements"
    )
    document = models.ForeignKey(
        PolicyDocument, on_delete=models.PROTECT, related_name="acknowledgements"
    )
    acknowledged_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "document"], name="acknowledge_once"),
        ]

    def __str__(self) -> str:
        return f"{self.user} acknowledged {self.document}"


class WelcomePack(models.Model):
    """The welcome pack sent to one new member, with the policy versions it contained."""

    member = models.OneToOneField(
        "accounts.Member", on_delete=models.CASCADE, related_name="welcome_pack"
    )
    sent_to = models.EmailField(blank=True)
    sent_at = models.DateTimeField(auto_now_add=True)
    equality = models.ForeignKey(PolicyDocument, on_delete=models.PROTECT, related_name="+")
    behaviour = models.ForeignKey(PolicyDocument, on_delete=models.PROTECT, related_name="+")
    code_of_conduct = models.ForeignKey(PolicyDocument, on_delete=models.PROTECT, related_name="+")

    def __str__(self) -> str:
        return f"Welcome pack for member {self.member_id}"
