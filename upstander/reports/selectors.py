"""Questions about reports: a reporter's own reports, and the messages on one report."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, QuerySet

from upstander.accounts.models import User
from upstander.evidence.models import EvidenceItem
from upstander.reports.models import (
    MAILBOX_SETTING_ROW,
    CaptureStatus,
    LinkCapture,
    MailboxMessage,
    MailboxMessageStatus,
    Report,
    ReportMailbox,
    ReportMessage,
)


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


def report_links(report: Report, captures: Iterable[LinkCapture]) -> list[ReportLink]:
    """Each post link the report names, with its capture among the report's `captures`."""
    by_url = {capture.url: capture for capture in captures}
    return [ReportLink(url=url, capture=by_url.get(url)) for url in report.post_links]


@dataclass(frozen=True)
class MailboxHealth:
    """How reading the party mailbox goes, for the safeguarding lead."""

    name: str
    last_read_at: datetime | None
    last_error: str
    last_error_at: datetime | None
    reported: int
    set_aside: int
    # The row for REPORT_MAILBOX_URL set wrong (no mailbox can be named then).
    is_setting: bool = False

    @property
    def state(self) -> str:
        if self.is_setting:
            return "set wrong"
        if self.last_error:
            return "failing"
        if self.last_read_at is None:
            return "not read yet"
        return "reading"


def mailbox_health() -> list[MailboxHealth]:
    """Every mailbox ever read, with its last read, its last error and how many messages
    became reports or were set aside (set-aside ones are in the admin, with their reason)."""
    counts = {
        (row["mailbox_id"], row["status"]): row["n"]
        for row in MailboxMessage.objects.values("mailbox_id", "status").annotate(n=Count("pk"))
    }
    rows = [
        MailboxHealth(
            name=mailbox.name,
            last_read_at=mailbox.last_read_at,
            last_error=mailbox.last_error,
            last_error_at=mailbox.last_error_at,
            reported=counts.get((mailbox.pk, MailboxMessageStatus.REPORTED), 0),
            set_aside=counts.get((mailbox.pk, MailboxMessageStatus.SET_ASIDE), 0),
            is_setting=mailbox.name == MAILBOX_SETTING_ROW,
        )
        # The setting's row only while it is wrong.
        for mailbox in ReportMailbox.objects.exclude(name=MAILBOX_SETTING_ROW, last_error="")
    ]
    # A wrong setting first: nothing is read until it is put right.
    return sorted(rows, key=lambda row: (not row.is_setting, row.name))
