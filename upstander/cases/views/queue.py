from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import date as format_date
from django.urls import reverse
from django.views.decorators.http import require_POST

from upstander.accounts.models import User
from upstander.accounts.permissions import require_role
from upstander.cases import selectors, services
from upstander.cases.forms import QueueFilterForm
from upstander.cases.models import Case, CaseState, Category, Severity
from upstander.cases.services.access import WORKER_ROLES
from upstander.core.errors import DomainError, NotPermitted
from upstander.reports.models import Report, ReportPlatform, TargetKind


def staff_user(request: HttpRequest) -> User:
    """The signed-in case worker or lead (anyone else gets the 403 page)."""
    user = request.user
    if not isinstance(user, User):
        raise NotPermitted("Sign in as a case worker to see cases.")
    require_role(user, *WORKER_ROLES)
    return user


@dataclass(frozen=True)
class QueueRow:
    """One line of the triage queue, ready to print."""

    url: str
    take_url: str
    reference: str
    severity: str
    severe: bool
    category: str
    platform: str
    opened: str
    assignee: str
    deadline: str


@dataclass(frozen=True)
class AwaitingRow:
    """A new report nobody has opened a case for yet."""

    open_url: str
    pk: int
    received: str
    urgent: bool
    platform: str
    target_kind: str
    source: str


def _deadline(case: Case) -> str:
    # A closed case has nothing left to do by any date (the queue does not read closed_at).
    if case.state == CaseState.CLOSED:
        return "none (closed)"
    if not case.first_response_at:
        return f"first response by {format_date(case.first_response_due, 'j M H:i')}"
    if not case.consulted_at:
        return f"consult by {format_date(case.consultation_due, 'j M')}"
    if case.decided_at:
        return "none (decided)"
    return f"decide by {format_date(case.decision_due, 'j M')}"


def queue_rows(cases: list[Case]) -> list[QueueRow]:
    severities, categories = dict(Severity.choices), dict(Category.choices)
    platforms = dict(ReportPlatform.choices)
    return [
        QueueRow(
            url=reverse("cases:detail", args=[case.pk]),
            take_url=reverse("cases:take", args=[case.pk]),
            reference=case.reference,
            severity=severities.get(case.severity, str(case.severity)),
            severe=case.severity >= Severity.HIGH,
            category=categories.get(case.category, case.category),
            platform=platforms.get(case.platform, case.platform),
            opened=format_date(case.created_at, "j M Y H:i"),
            # Annotated by the queue's query (User.__str__: the display name, else the email).
            assignee=getattr(case, "assignee_name", "") or getattr(case, "assignee_email", "")
            if case.assigned_to_id
            else "",
            deadline=_deadline(case),
        )
        for case in cases
    ]


def awaiting_rows(reports: list[Report]) -> list[AwaitingRow]:
    platforms, kinds = dict(ReportPlatform.choices), dict(TargetKind.choices)
    return [
        AwaitingRow(
            open_url=reverse("cases:open_report", args=[report.pk]),
            pk=report.pk,
            received=format_date(report.created_at, "j M H:i"),
            urgent=report.urgent,
            platform=platforms.get(report.platform, report.platform),
            target_kind=kinds.get(report.target_kind, report.target_kind),
            source=report.source,
        )
        for report in reports
    ]


@login_required
def triage_queue(request: HttpRequest) -> HttpResponse:
    user = staff_user(request)
    form = QueueFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    overdue = bool(filters.get("overdue"))
    state = filters.get("state") or (None if overdue else "new")
    category = filters.get("category")
    page = selectors.triage_page(
        number=filters.get("page") or 1,
        state=state,
        category=None if category in (None, "", "any") else category,
        assigned_to=user if filters.get("mine") else None,
        unassigned=bool(filters.get("unassigned")),
        overdue=overdue,
    )
    context = {
        "form": form,
        "state": state,
        "page": page,
        "rows": queue_rows(page.cases),
        "awaiting": awaiting_rows(selectors.reports_awaiting_case()) if state == "new" else [],
    }
    if getattr(request, "htmx", False):
        return render(request, "cases/queue.html#results", context)
    return render(request, "cases/queue.html", context)


@login_required
@require_POST
def open_from_report(request: HttpRequest, report_pk: int) -> HttpResponse:
    user = staff_user(request)
    report = get_object_or_404(Report, pk=report_pk)
    try:
        case = services.case_open_from_report(user, report=report)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("cases:queue")
    messages.success(request, f"Case {case.reference} is open and assigned to you.")
    return redirect("cases:detail", pk=case.pk)
