"""Equality networks, their members and representatives, and consultations on strategy drafts."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q


class Network(models.Model):
    """An equality network (LGBTI, disabled members, ethnic minority members, women's, ...)."""

    name = models.CharField(max_length=120, unique=True)
    slug = models.SlugField(max_length=60, unique=True)
    description = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class NetworkMembership(models.Model):
    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="network_memberships"
    )
    is_representative = models.BooleanField(default=False)
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["network", "user"], name="network_membership_once"),
        ]

    def __str__(self) -> str:
        role = "representative" if self.is_representative else "member"
        return f"{self.user} ({role} of {self.network})"


class ConsultationStatus(models.TextChoices):
    OPEN = "open", "Open for responses"
    PUBLISHED = "published", "'You said, we did' published"


class Consultation(models.Model):
    """A strategy draft put to one or more networks, with a deadline for their responses."""

    title = models.CharField(max_length=200)
    draft = models.TextField(help_text="The strategy draft (plain text).")
    networks = models.ManyToManyField(Network, related_name="consultations")
    deadline = models.DateTimeField()
    status = models.CharField(
        max_length=16, choices=ConsultationStatus.choices, default=ConsultationStatus.OPEN
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    opened_at = models.DateTimeField(auto_now_add=True)
    summary = models.TextField(blank=True, help_text="The 'you said, we did' introduction.")
    published_at = models.DateTimeField(null=True, blank=True)
    # The policy version this consultation shaped (set when that version is drafted/published).
    resulting_policy = models.ForeignKey(
        "policies.PolicyDocument",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="shaping_consultations",
    )

    class Meta:
        ordering = ["-opened_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ConsultationStatus.values), name="consultation_status_known"
            ),
            models.CheckConstraint(
                condition=Q(status="open") | Q(published_at__isnull=False),
                name="published_consultation_has_date",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class ConsultationResponse(models.Model):
    """One point a network's representative made ("you said"), and staff's answer ("we did")."""

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="responses"
    )
    network = models.ForeignKey(Network, on_delete=models.PROTECT, related_name="responses")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    point = models.TextField()
    submitted_at = models.DateTimeField(auto_now_add=True)
    reply = models.TextField(blank=True)
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    replied_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["submitted_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(reply="") | Q(replied_at__isnull=False),
                name="consultation_reply_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.network}: {self.point[:40]}"
