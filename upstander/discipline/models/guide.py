"""The sanctions guide: conduct and factors to a range of sanctions, with no channel field."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q

from upstander.core.models import known_choice, optional_user


class Conduct(models.TextChoices):
    INSULT = "insult", "Insult"
    HARASSMENT = "harassment", "Harassment"
    THREATS = "threats", "Threats"
    IDENTITY_ABUSE = "identity_abuse", "Identity-based abuse"
    SEXUAL_HARASSMENT = "sexual_harassment", "Sexual harassment"
    DOXXING = "doxxing", "Doxxing (publishing private details)"
    INCITEMENT = "incitement", "Incitement of others"


class Sanction(models.IntegerChoices):
    """Ordered from least to most serious, so a guide range is two numbers."""

    NO_ACTION = 0, "No action"
    REPRIMAND = 1, "Reprimand"
    FORMAL_WARNING = 2, "Formal warning"
    SUSPENSION = 3, "Suspension"
    EXPULSION = 4, "Expulsion"


class FactorKind(models.TextChoices):
    AGGRAVATING = "aggravating", "Aggravating"
    MITIGATING = "mitigating", "Mitigating"


class SanctionsGuide(models.Model):
    """One published version of the guide; a change is a new version, old ones are kept."""

    version = models.PositiveIntegerField(unique=True)
    notes = models.TextField(blank=True)
    published_by = optional_user()
    published_at = models.DateTimeField()

    class Meta:
        ordering = ["-version"]

    def __str__(self) -> str:
        return f"Sanctions guide, version {self.version}"


class GuideEntry(models.Model):
    """The range for one kind of conduct. There is deliberately no channel field."""

    guide = models.ForeignKey(SanctionsGuide, on_delete=models.PROTECT, related_name="entries")
    conduct = models.CharField(max_length=32, choices=Conduct.choices)
    lowest = models.PositiveSmallIntegerField(choices=Sanction.choices)
    highest = models.PositiveSmallIntegerField(choices=Sanction.choices)
    examples = models.TextField(blank=True)

    class Meta:
        ordering = ["guide", "conduct"]
        constraints = [
            models.UniqueConstraint(fields=["guide", "conduct"], name="guide_entry_once"),
            models.CheckConstraint(condition=Q(lowest__lte=F("highest")), name="guide_range_order"),
            known_choice("conduct", Conduct, name="guide_entry_conduct_known"),
        ]

    def __str__(self) -> str:
        lowest, highest = self.get_lowest_display(), self.get_highest_display()
        return f"{self.get_conduct_display()}: {lowest} to {highest}"


class GuideFactor(models.Model):
    """An aggravating or mitigating factor; its weight moves the range by that many steps."""

    guide = models.ForeignKey(SanctionsGuide, on_delete=models.PROTECT, related_name="factors")
    code = models.SlugField(max_length=40)
    label = models.CharField(max_length=200)
    kind = models.CharField(max_length=16, choices=FactorKind.choices)
    weight = models.PositiveSmallIntegerField(default=1)

    class Meta:
        ordering = ["guide", "kind", "code"]
        constraints = [
            models.UniqueConstraint(fields=["guide", "code"], name="guide_factor_once"),
            known_choice("kind", FactorKind, name="guide_factor_kind_known"),
        ]

    def __str__(self) -> str:
        return self.label
