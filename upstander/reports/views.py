"""The public report form, the one-time receipt, and the reporter's follow-up pages."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.uploadedfile import UploadedFile
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from upstander.accounts.permissions import request_user, signed_in_user
from upstander.core.crypto import PREFIX, decrypt_text, encrypt_text
from upstander.core.errors import DomainError
from upstander.core.ratelimit import client_ip, rate_limited
from upstander.core.submissions import AlreadySubmitted
from upstander.core.view_outcome import run_and_tell
from upstander.evidence.errors import EvidenceEmpty, EvidenceTooLarge, EvidenceTypeNotAccepted
from upstander.reports import selectors, services
from upstander.reports.errors import InvalidPostLink, ReceiptGuessingThrottled
from upstander.reports.forms import MoreEvidenceForm, ReceiptForm, ReporterMessageForm, ReportForm
from upstander.reports.models import Report
from upstander.reports.receipts import receipt_display

SESSION_KEY = "upstander.receipt_reports"
FRESH_RECEIPT_KEY = "upstander.fresh_receipt"
EVIDENCE_REFUSALS = (EvidenceEmpty, EvidenceTooLarge, EvidenceTypeNotAccepted)


def _files(uploads: list[UploadedFile]) -> list[tuple[str, bytes]]:
    return [(upload.name or "upload", upload.read()) for upload in uploads]


@never_cache
@require_http_methods(["GET", "POST"])
@rate_limited("report", limit=10, window_seconds=600)
def report_new(request: HttpRequest) -> HttpResponse:
    form = ReportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            submitted = services.report_submit(
                signed_in_user(request),
                target_kind=data["target_kind"],
                platform=data["platform"],
                what_happened=data["what_happened"],
                post_links=data["post_links"],
                offending_accounts=data["offending_accounts"],
                happened_on=data["happened_on"],
                target_name=data["target_name"],
                urgent=data["urgent"],
                contact_name=data["contact_name"],
                contact_email=data["contact_email"],
                contact_phone=data["contact_phone"],
                files=_files(data["uploads"]),
                text_evidence=data["text_evidence"],
                anonymous=data["anonymous"],
                submission_key=data["submission_key"],
            )
        except AlreadySubmitted:
            messages.info(request, "This report was already sent. We filed it once.")
            return redirect("reports:sent")
        except DomainError as error:
            form.add_error(_field_at_fault(error), error.message)
        else:
            # Someone signed in who reports anonymously is not tied to the report in their
            # session (whose row names their login, signed but readable): they reopen it with
            # the receipt, as everyone else does.
            if submitted.receipt_code and not request.user.is_authenticated:
                _remember(request, submitted.report)
            # Held for the receipt page alone, which shows it once and forgets it: reloading
            # that page files nothing and shows the code no more.
            # Encrypted: session rows are signed, not secret, and the code is kept nowhere
            # else but as a slow hash.
            request.session[FRESH_RECEIPT_KEY] = {
                "receipt": encrypt_text(receipt_display(submitted.receipt_code))
                if submitted.receipt_code
                else None,
            }
            return redirect("reports:sent")
    status = 200
    if request.method == "POST":
        status = 400
        form.ask_for_files_again()
    return render(request, "reports/report_new.html", {"form": form}, status=status)


def _field_at_fault(error: DomainError) -> str | None:
    """Where on the form a refusal from the service is shown, so the summary links to it."""
    if isinstance(error, InvalidPostLink):
        return "post_links"
    if isinstance(error, EVIDENCE_REFUSALS):
        return "uploads"
    return None


def _receipt_from_session(fresh: dict[str, Any] | None) -> str | None:
    stored = fresh.get("receipt") if fresh is not None else None
    if not stored:
        return None
    # A code held before it was encrypted there (a page left open across an upgrade).
    return decrypt_text(stored) if stored.startswith(PREFIX) else str(stored)


@never_cache
@require_http_methods(["GET"])
def report_sent(request: HttpRequest) -> HttpResponse:
    fresh: dict[str, Any] | None = request.session.pop(FRESH_RECEIPT_KEY, None)
    return render(
        request,
        "reports/report_sent.html",
        {
            "fresh": fresh is not None,
            "receipt": _receipt_from_session(fresh),
        },
    )


def _remember(request: HttpRequest, report: Report) -> None:
    request.session.cycle_key()
    remembered: list[int] = request.session.get(SESSION_KEY, [])
    request.session[SESSION_KEY] = [*[pk for pk in remembered if pk != report.pk], report.pk][-5:]


def _report_for(request: HttpRequest, pk: int) -> Report:
    """The reporter's own report: opened with the receipt in this session, or signed in."""
    report = get_object_or_404(Report, pk=pk)
    if pk in request.session.get(SESSION_KEY, []):
        return report
    if request.user.is_authenticated and report.reporter_id == request.user.pk:
        return report
    raise Http404("No such report here.")


@never_cache
@require_http_methods(["GET", "POST"])
def receipt_enter(request: HttpRequest) -> HttpResponse:
    form = ReceiptForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                report = services.report_for_receipt(
                    code=form.cleaned_data["code"], client=client_ip(request)
                )
            except ReceiptGuessingThrottled as error:
                form.add_error(None, error.message)
                status = 429
            except DomainError as error:
                form.add_error("code", error.message)
            else:
                _remember(request, report)
                return redirect("reports:status", pk=report.pk)
    return render(request, "reports/receipt_enter.html", {"form": form}, status=status)


@never_cache
def report_status(request: HttpRequest, pk: int) -> HttpResponse:
    return _status_page(request, _report_for(request, pk))


def _status_page(
    request: HttpRequest,
    report: Report,
    *,
    sent: ReporterMessageForm | MoreEvidenceForm | None = None,
) -> HttpResponse:
    """The reporter's page; with `sent`, a form it refused, shown again as filled in (400)."""
    return render(
        request,
        "reports/report_status.html",
        {
            "report": report,
            "messages_list": selectors.report_messages(report),
            "evidence": selectors.report_evidence(report),
            "message_form": sent
            if isinstance(sent, ReporterMessageForm)
            else ReporterMessageForm(),
            "evidence_form": sent if isinstance(sent, MoreEvidenceForm) else MoreEvidenceForm(),
            "refused": sent,
            "via_receipt": report.pk in request.session.get(SESSION_KEY, []),
        },
        status=200 if sent is None else 400,
    )


@never_cache
@require_POST
@rate_limited("report-message", limit=20, window_seconds=600)
def report_message(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report_for(request, pk)
    form = ReporterMessageForm(request.POST)
    if form.is_valid():
        try:
            services.report_message_from_reporter(report=report, body=form.cleaned_data["body"])
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, "Your message was sent to the case worker.")
            return redirect("reports:status", pk=pk)
    return _status_page(request, report, sent=form)


@never_cache
@require_POST
@rate_limited("report-evidence", limit=10, window_seconds=600)
def report_evidence(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report_for(request, pk)
    form = MoreEvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            items = services.report_evidence_add(
                signed_in_user(request),
                report=report,
                files=_files(form.cleaned_data["uploads"]),
                text=form.cleaned_data["text"],
            )
        except DomainError as error:
            form.add_error(_field_at_fault(error), f"Nothing was added. {error.message}")
        else:
            messages.success(request, f"Added {len(items)} item(s) of evidence. Thank you.")
            return redirect("reports:status", pk=pk)
    form.ask_for_files_again()
    return _status_page(request, report, sent=form)


@login_required
@require_POST
def report_disclose(request: HttpRequest, pk: int) -> HttpResponse:
    actor = request_user(request)
    report = _report_for(request, pk)
    run_and_tell(
        request,
        lambda: services.report_identity_disclose(actor, report=report),
        "The case worker can now see that this report is yours.",
    )
    return redirect("reports:status", pk=pk)


@require_POST
def receipt_forget(request: HttpRequest) -> HttpResponse:
    request.session.pop(SESSION_KEY, None)
    messages.info(request, "This browser no longer has your report open.")
    return redirect("web:report_abuse")


@login_required
def my_reports(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "reports/my_reports.html",
        {"reports": selectors.reports_of(request_user(request))},
    )
