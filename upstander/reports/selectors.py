"""Questions about reports: a reporter's own reports, and the messages on one report."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet

from upstander.accounts.models import User
from upstander.evidence.models import EvidenceItem
from upstander.reports.models import CaptureStatus, LinkCapture, Report, ReportMessage


def reports_of(user: User) -> QuerySet[Report]:
    return Report.objects.filter(reporter=user).order_by("-created_at")


def report_messages(report: Report) -> QuerySet[ReportMessage]:
    return ReportMessage.objects.filter(report=report).order_by("created_at", "pk")


def report_evidence(report: Report) -> list[EvidenceItem]:
    return list(report.evidence.select_related("captured_by").order_by("pk"))


@dataclass(frozen=True)
class ReportLink:
    """A post link the report names, and what became of capturing it (None: not attempted,
    the site is not one we fetch from)."""

    url: str
    capture: LinkCapture | None

    @property
    def captured(self) -> bool:
        return self.capture is not None and self.capture.status == CaptureStatus.CAPTURED


def report_links(report: Report) -> list[ReportLink]:
    captures = {capture.url: capture for capture in LinkCapture.objects.filter(report=report)}
    return [ReportLink(url=url, capture=captures.get(url)) for url in report.post_links]
