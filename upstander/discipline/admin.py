"""Read-only admin: every change to a proceeding goes through the services (and the audit log).

Narratives (allegations, reasons, responses) stay out of the admin lists on purpose.
"""

from __future__ import annotations

from django.contrib import admin

from upstander.core.admin import ReadOnlyAdmin
from upstander.discipline.models import AppliedSanction, Proceeding, Referral, SanctionsGuide


@admin.register(Proceeding)
class ProceedingAdmin(ReadOnlyAdmin[Proceeding]):
    list_display = ("reference", "respondent", "stage", "opened_at", "appeal_deadline")
    list_filter = ("stage",)
    fields = ("respondent", "stage", "source_case_id", "opened_at", "closed_at")


@admin.register(SanctionsGuide)
class SanctionsGuideAdmin(ReadOnlyAdmin[SanctionsGuide]):
    list_display = ("version", "published_at", "published_by")


@admin.register(AppliedSanction)
class AppliedSanctionAdmin(ReadOnlyAdmin[AppliedSanction]):
    list_display = ("member", "sanction", "starts_on", "ends_on", "lifted_at")


@admin.register(Referral)
class ReferralAdmin(ReadOnlyAdmin[Referral]):
    list_display = ("reference", "respondent", "source", "source_case_id", "status", "referred_at")
    list_filter = ("status", "source")
    fields = ("respondent", "source", "source_case_id", "status", "referred_at", "decided_at")
