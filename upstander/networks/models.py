"""Equality networks, their members and representatives, and consultations on strategy drafts."""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.db import models
from django.db.models import Q

from upstander.core.blind_index import BlindIndexField, index_for
from upstander.core.crypto import EncryptedTextField
from upstander.core.models import known_choice, optional_user


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

    def has_member(self, user: models.Model | None) -> bool:
        """Is this person in the network (a member or a representative)?"""
        if user is None:
            return False
        return self.memberships.filter(member_index=membership_index(self.pk, user.pk)).exists()

    def members_among(self, user_ids: Iterable[int]) -> set[int]:
        """Which of these people are in the network, in one query (the blind index of each)."""
        by_index = {membership_index(self.pk, user_id): user_id for user_id in set(user_ids)}
        if not by_index:
            return set()
        found = self.memberships.filter(member_index__in=list(by_index)).values_list(
            "member_index", flat=True
        )
        return {by_index[index] for index in found}


def membership_index(network_id: int, user_id: int) -> str:
    """The blind index of one person's membership of one network (unlinkable across networks)."""
    return index_for(NetworkMembership, "member_index", f"{network_id}:{user_id}")


class NetworkMembership(models.Model):
    """Who belongs to a network: special category data (it tells sexuality, disability,
    ethnicity), so the member is stored encrypted and found by a blind index of the pair
    (network, person). Representatives act in public for the network: their login is linked.
    """

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="memberships")
    member = EncryptedTextField(help_text="The member's user id, encrypted.")
    member_index = BlindIndexField(source="member_key")
    # Set for representatives only (they are named on the network's pages).
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="network_representations",
    )
    is_representative = models.BooleanField(default=False)
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["network", "member_index"], name="network_membership_once"
            ),
            models.CheckConstraint(
                condition=Q(is_representative=True, user__isnull=False)
                | Q(is_representative=False, user__isnull=True),
                name="network_representative_is_linked",
            ),
        ]

    def __str__(self) -> str:
        role = "representative" if self.is_representative else "member"
        return f"{role} {self.pk} of {self.network}"

    @property
    def member_key(self) -> str:
        return f"{self.network_id}:{self.member}"


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
    opened_by = optional_user()
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
            known_choice("status", ConsultationStatus, name="consultation_status_known"),
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
    author = optional_user(blank=False)
    point = models.TextField()
    submitted_at = models.DateTimeField(auto_now_add=True)
    reply = models.TextField(blank=True)
    replied_by = optional_user()
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


class PublishedQuarter(models.Model):
    """The statistics of one closed quarter, frozen when published so they never change.

    Live figures moved with every triage (a count going from 8 to 9 overnight points at one
    case), so the public page reads only these rows. `counts` maps each statistic (its fact key)
    to the count per category value, for the cases opened in the quarter; written once by
    `statistics_publish_closed_quarters`, never updated.
    """

    quarter_starts_on = models.DateField(unique=True)
    counts = models.JSONField()
    published_at = models.DateTimeField()

    class Meta:
        ordering = ["quarter_starts_on"]

    def __str__(self) -> str:
        return f"Statistics for the quarter from {self.quarter_starts_on}"
