"""Questions about reports: a reporter's own reports, and the messages on one report."""

from __future__ import annotations

from django.db.models import QuerySet

from upstander.accounts.models import User
from upstander.evidence.models import EvidenceItem
from upstander.reports.models import Report, ReportMessage


def reports_of(user: User) -> QuerySet[Report]:
    return Report.objects.filter(reporter=user).order_by("-created_at")


def report_messages(report: Report) -> QuerySet[ReportMessage]:
    return ReportMessage.objects.filter(report=report).order_by("created_at", "pk")


def report_evidence(report: Report) -> list[EvidenceItem]:
    return list(report.evidence.select_related("captured_by").order_by("pk"))
