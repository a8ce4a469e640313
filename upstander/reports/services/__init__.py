"""Intake of reports, the anonymous receipt, and messages with the reporter."""

from __future__ import annotations

import logging
import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from upstander import audit
from upstander.accounts.models import User
from upstander.core.ratelimit import hit, spent
from upstander.core.submissions import submission_claim
from upstander.evidence.fetch import LinkCaptureUnavailable, fetch_link, link_capturable
from upstander.evidence.models import EvidenceItem
from upstander.evidence.services import (
    check_upload,
    evidence_capture_file,
    evidence_capture_post,
    evidence_capture_text,
)
from upstander.platforms.errors import NotFound, NotSupported, PlatformError
from upstander.platforms.types import Post
from upstander.reports.errors import (
    IdentityAlreadyDisclosed,
    ReceiptGuessingThrottled,
    ReceiptNotRecognised,
    ReportAlreadyMinimised,
)
from upstander.reports.links import normalise_account, normalise_post_link
from upstander.reports.models import (
    CaptureStatus,
    LinkCapture,
    MessageSender,
    Report,
    ReportMessage,
    ReportStatus,
)
from upstander.reports.news import reporter_news
from upstander.reports.receipts import (
    CODE_DIGITS,
    receipt_hash,
    receipt_lookup_of,
    receipt_matches,
    receipt_new,
    receipt_normalise,
    receipt_waste_time,
)
from upstander.reports.safety import safety_at_risk_reported

RECEIPT_TRIES_PER_CLIENT = 10
RECEIPT_WRONG_TRIES_PER_REPORT = 10
RECEIPT_WINDOW_SECONDS = 15 * 60
_RECEIPT_CLIENT_LIMIT = {
    "limit": RECEIPT_TRIES_PER_CLIENT,
    "window_seconds": RECEIPT_WINDOW_SECONDS,
}
_RECEIPT_REPORT_LIMIT = {
    "limit": RECEIPT_WRONG_TRIES_PER_REPORT,
    "window_seconds": RECEIPT_WINDOW_SECONDS,
}
MINIMISED = "[removed under the retention policy]"
# Capturing a reported link: tries, doubling from a minute to six hours, for about two days.
LINK_CAPTURE_MAX_ATTEMPTS = 12
LINK_CAPTURE_BASE_DELAY_SECONDS = 60
LINK_CAPTURE_MAX_DELAY_SECONDS = 6 * 3600
LINK_CAPTURE_CLAIM_SECONDS = 120

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class SubmittedReport:
    report: Report
    # Shown to the reporter once, never stored; None for identified reports.
    receipt_code: str | None


@transaction.atomic
def report_submit(
    actor: User | None,
    *,
    target_kind: str,
    platform: str,
    what_happened: str,
    post_links: Sequence[str] = (),
    offending_accounts: Sequence[str] = (),
    happened_on: date | None = None,
    target_name: str = "",
    urgent: bool = False,
    contact_name: str = "",
    contact_email: str = "",
    contact_phone: str = "",
    files: Sequence[tuple[str, bytes]] = (),
    text_evidence: str = "",
    evidence: Sequence[EvidenceItem] = (),
    anonymous: bool = False,
    source: str = "web",
    submission_key: str | None = None,
) -> SubmittedReport:
    """Record a report. Without a signed-in reporter (or when they ask), it is anonymous.

    Every upload is checked before anything is written, so a bad file stores nothing. A form's
    `submission_key` already used raises AlreadySubmitted, so a resent form files nothing.
    `evidence`: items already captured (a mailbox's email), attached as they are.
    """
    for _name, data in files:
        check_upload(data)
    claim = submission_claim(submission_key, kind="report")
    links = [normalise_post_link(link) for link in post_links if link.strip()]
    accounts = [normalise_account(platform, a) for a in offending_accounts if a.strip()]
    reporter = None if anonymous or actor is None or not actor.is_authenticated else actor
    code = receipt_new() if reporter is None else None
    report = Report.objects.create(
        created_at=timezone.now(),
        source=source[:80],
        reporter=reporter,
        target_kind=target_kind,
        target_name=target_name.strip(),
        platform=platform,
        post_links=links,
        offending_accounts=accounts,
        what_happened=what_happened.strip(),
        happened_on=happened_on,
        urgent=urgent,
        contact_name=contact_name.strip(),
        contact_email=contact_email.strip(),
        contact_phone=contact_phone.strip(),
        receipt_lookup=receipt_lookup_of(code) if code else "",
        receipt_hash=receipt_hash(code) if code else "",
    )
    # An anonymous report's evidence is captured by "nobody", so nothing links it to a login.
    claim.done(report.pk)
    attached = _attach_evidence(report, reporter, files=files, text=text_evidence)
    if evidence:
        report.evidence.add(*evidence)
        attached = [*evidence, *attached]
    captures = _link_captures_begin(report, links)
    audit.record(
        reporter,
        "report.submit",
        report,
        # The item ids put the report on each item's chain of custody (evidence packs).
        {
            "anonymous": reporter is None,
            "source": report.source,
            "files": len(files),
            "items": [item.pk for item in attached],
            "links_to_capture": len(captures),
        },
    )
    if urgent:
        # Someone's safety is at risk: no waiting for triage (cases opens it and alerts leads).
        safety_at_risk_reported(report=report)
    return SubmittedReport(report=report, receipt_code=code)


def _attach_evidence(
    report: Report, captured_by: User | None, *, files: Sequence[tuple[str, bytes]], text: str
) -> list[EvidenceItem]:
    items = [evidence_capture_file(captured_by, data=data, filename=name) for name, data in files]
    if text.strip():
        items.append(evidence_capture_text(captured_by, text=text))
    if items:
        report.evidence.add(*items)
    return items


def report_for_receipt(*, code: str, client: str) -> Report:
    """The report this receipt code opens.

    Wrong codes are limited per client address and per receipt (its lookup digits), and only
    wrong codes count: a reporter who comes back often is never throttled, and someone guessing
    at one receipt, or from one address, locks out neither another receipt's reporter nor
    anyone else behind the same proxy.
    """
    throttled = ReceiptGuessingThrottled(
        "Too many receipt codes were tried. Please wait 15 minutes and try again."
    )
    if spent("receipt-client", client, **_RECEIPT_CLIENT_LIMIT):
        raise throttled
    digits = receipt_normalise(code)
    if len(digits) != CODE_DIGITS:
        hit("receipt-client", client, **_RECEIPT_CLIENT_LIMIT)
        raise ReceiptNotRecognised(
            f"A receipt code has {CODE_DIGITS} digits. Please check it and try again."
        )
    lookup = receipt_lookup_of(digits)
    if spent("receipt-report", lookup, **_RECEIPT_REPORT_LIMIT):
        raise throttled
    candidates = list(Report.objects.filter(receipt_lookup=lookup).exclude(receipt_hash=""))
    for report in candidates:
        if receipt_matches(digits, report.receipt_hash):
            return report
    if not candidates:
        receipt_waste_time(digits)
    else:
        hit("receipt-report", lookup, **_RECEIPT_REPORT_LIMIT)
    hit("receipt-client", client, **_RECEIPT_CLIENT_LIMIT)
    raise ReceiptNotRecognised("We could not find a report with that receipt code.")


@transaction.atomic
def report_evidence_add(
    actor: User | None,
    *,
    report: Report,
    files: Sequence[tuple[str, bytes]] = (),
    text: str = "",
) -> list[EvidenceItem]:
    """The reporter adds evidence later (with their receipt, or signed in as the reporter)."""
    if report.minimised_at:
        raise ReportAlreadyMinimised("This report is closed and its details were removed.")
    for _name, data in files:
        check_upload(data)
    captured_by = report.reporter if report.reporter_id else None
    items = _attach_evidence(report, captured_by, files=files, text=text)
    audit.record(captured_by, "report.evidence_add", report, {"items": [i.pk for i in items]})
    reporter_news(report=report, what="more evidence from the reporter")
    return items


@transaction.atomic
def report_message_from_reporter(*, report: Report, body: str) -> ReportMessage:
    if report.minimised_at:
        raise ReportAlreadyMinimised("This report is closed and its details were removed.")
    message = message_create(report=report, sender=MessageSender.REPORTER, author=None, body=body)
    audit.record(report.reporter, "report.message_from_reporter", report, {"id": message.pk})
    reporter_news(report=report, what="a message from the reporter")
    return message


def message_create(
    *, report: Report, sender: MessageSender, author: User | None, body: str
) -> ReportMessage:
    """Write a message (callers audit it: the reporter's service above, or the case's)."""
    return ReportMessage.objects.create(
        report=report, sender=sender, author=author, body=body.strip(), created_at=timezone.now()
    )


@transaction.atomic
def report_identity_disclose(actor: User, *, report: Report) -> Report:
    """An anonymous reporter, now signed in, tells the party who they are. It cannot be undone."""
    if report.reporter_id is not None:
        raise IdentityAlreadyDisclosed("This report already shows who made it.")
    report.reporter = actor
    report.identity_disclosed_at = timezone.now()
    report.save(update_fields=["reporter", "identity_disclosed_at"])
    audit.record(actor, "report.identity_disclose", report)
    return report


def report_status_set(*, report_id: int, status: ReportStatus) -> None:
    """Called by the case as it moves on; the case's own audit entry records the change."""
    Report.objects.filter(pk=report_id).update(status=status)


def report_details_remove(*, report: Report) -> None:
    """Retention: remove the narrative, contact details and messages; keep what statistics need.

    Called inside the case's minimising service, whose audit entry records it.
    """
    report.what_happened = MINIMISED
    report.target_name = ""
    report.contact_name = report.contact_email = report.contact_phone = ""
    report.post_links = []
    report.minimised_at = timezone.now()
    report.save(
        update_fields=[
            "what_happened",
            "target_name",
            "contact_name",
            "contact_email",
            "contact_phone",
            "post_links",
            "minimised_at",
        ]
    )
    report.messages.all().delete()
    report.link_captures.all().delete()


# --- Links captured before they vanish ------------------------------------------------------


def _link_captures_begin(report: Report, links: Sequence[str]) -> list[LinkCapture]:
    """A capture for each link on a platform we can fetch, tried at once (by the worker, or
    right here where tasks run immediately)."""
    now = timezone.now()
    captures = [
        LinkCapture.objects.create(
            report=report, url=url, platform=platform, next_attempt_at=now, created_at=now
        )
        for url in dict.fromkeys(links)
        if (platform := link_capturable(url)) is not None
    ]
    if captures:
        from upstander.reports.tasks import capture_report_link

        for capture in captures:
            capture_report_link.enqueue(capture_id=capture.pk)
    return captures


def link_capture_retry_delay(attempts: int) -> timedelta:
    ceiling = min(
        float(LINK_CAPTURE_MAX_DELAY_SECONDS),
        LINK_CAPTURE_BASE_DELAY_SECONDS * 2 ** max(attempts - 1, 0),
    )
    return timedelta(seconds=random.uniform(ceiling / 2, ceiling))  # noqa: S311 - jitter


def report_link_capture(capture_id: int, *, now: datetime | None = None) -> str:
    """Fetch one reported link and keep it as the report's evidence; what became of it.

    The try is claimed with a conditional UPDATE, so two workers never fetch the same link and
    one that dies mid-fetch leaves it to the sweep. The fetch runs outside any transaction.
    """
    now = now or timezone.now()
    claimed = LinkCapture.objects.filter(
        Q(next_attempt_at__lte=now) | Q(attempts=0),
        pk=capture_id,
        status=CaptureStatus.PENDING,
    ).update(
        attempts=F("attempts") + 1,
        next_attempt_at=now + timedelta(seconds=LINK_CAPTURE_CLAIM_SECONDS),
    )
    if not claimed:
        return "not due"
    capture = LinkCapture.objects.select_related("report").get(pk=capture_id)
    if capture.report.minimised_at:
        _link_capture_failed(
            capture, "The report's details were removed.", cause="minimised", final=True
        )
        return "failed"
    try:
        post = fetch_link(capture.url)
    except NotFound:
        _link_capture_failed(
            capture,
            "The post could not be found: it may have been deleted already, or it is not public.",
            cause="not_found",
            final=True,
        )
        return "failed"
    except NotSupported as error:
        _link_capture_failed(capture, error.message, cause="not_supported", final=True)
        return "failed"
    except (PlatformError, LinkCaptureUnavailable) as error:
        _link_capture_failed(capture, error.message, cause="unavailable", final=False)
        return "retrying" if capture.attempts < LINK_CAPTURE_MAX_ATTEMPTS else "failed"
    except Exception as error:  # whatever stopped the fetch, try again later
        logger.exception("Capturing link %s failed", capture.pk)
        reason = f"Unexpected error ({type(error).__name__})."
        _link_capture_failed(capture, reason, cause="unexpected", final=False)
        return "retrying" if capture.attempts < LINK_CAPTURE_MAX_ATTEMPTS else "failed"
    _link_captured(capture, post)
    return "captured"


@transaction.atomic
def _link_captured(capture: LinkCapture, post: Post) -> EvidenceItem:
    report = capture.report
    captured_by = report.reporter if report.reporter_id else None
    item = evidence_capture_post(
        captured_by,
        platform=post.platform,
        uri=post.uri,
        url=post.url or capture.url,
        author_handle=post.author_handle,
        author_id=post.author_id,
        text=post.text,
        posted_at=post.created_at,
        raw={"requested_url": capture.url, "response": post.raw},
    )
    report.evidence.add(item)
    LinkCapture.objects.filter(pk=capture.pk).update(
        status=CaptureStatus.CAPTURED, evidence=item, last_error="", captured_at=timezone.now()
    )
    # The item id puts the report on the item's chain of custody (evidence packs).
    audit.record(
        None,
        "report.link_captured",
        report,
        {"capture": capture.pk, "items": [item.pk], "platform": post.platform},
    )
    return item


@transaction.atomic
def _link_capture_failed(capture: LinkCapture, reason: str, *, cause: str, final: bool) -> None:
    """`reason` (shown to staff on the capture) may quote the link the reporter typed or the
    platform's own words: it stays on the capture, which minimising removes; the append-only
    audit entry gets only its `cause`."""
    final = final or capture.attempts >= LINK_CAPTURE_MAX_ATTEMPTS
    next_attempt_at = timezone.now() + link_capture_retry_delay(capture.attempts)
    LinkCapture.objects.filter(pk=capture.pk).update(
        status=CaptureStatus.FAILED if final else CaptureStatus.PENDING,
        last_error=reason[:300],
        next_attempt_at=next_attempt_at,
    )
    audit.record(
        None,
        "report.link_capture_failed",
        capture.report,
        {"capture": capture.pk, "attempts": capture.attempts, "final": final, "cause": cause},
    )
    if not final:
        from upstander.reports.tasks import capture_report_link

        if capture_report_link.get_backend().supports_defer:
            transaction.on_commit(
                lambda: capture_report_link.using(run_after=next_attempt_at).enqueue(
                    capture_id=capture.pk
                )
            )
        # Otherwise the sweep (`report_link_captures_due`) tries it when it is due.


def report_link_captures_due(*, now: datetime | None = None, limit: int = 200) -> int:
    """Try every reported link whose next try is due (the sweep); how many were captured."""
    now = now or timezone.now()
    due = list(
        LinkCapture.objects.filter(status=CaptureStatus.PENDING, next_attempt_at__lte=now)
        .order_by("next_attempt_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )
    return sum(report_link_capture(pk, now=now) == "captured" for pk in due)
