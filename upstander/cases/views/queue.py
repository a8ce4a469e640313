from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from upstander.accounts.models import User
from upstander.accounts.permissions import require_role
from upstander.cases import selectors, services
from upstander.cases.forms import QueueFilterForm
from upstander.cases.services.access import WORKER_ROLES
from upstander.core.errors import DomainError, NotPermitted
from upstander.reports.models import Report


def staff_user(request: HttpRequest) -> User:
    """The signed-in case worker or lead (anyone else gets the 403 page)."""
    user = request.user
    if not isinstance(user, User):
        raise NotPermitted("Sign in as a case worker to see cases.")
    require_role(user, *WORKER_ROLES)
    return user


@login_required
def triage_queue(request: HttpRequest) -> HttpResponse:
    user = staff_user(request)
    form = QueueFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    overdue = bool(filters.get("overdue"))
    state = filters.get("state") or (None if overdue else "new")
    category = filters.get("category")
    cases = selectors.triage_queue(
        state=state,
        category=None if category in (None, "", "any") else category,
        assigned_to=user if filters.get("mine") else None,
        unassigned=bool(filters.get("unassigned")),
        overdue=overdue,
    )
    page = selectors.queue_page(cases, filters.get("page") or 1)
    context = {
        "form": form,
        "state": state,
        "page": page,
        "awaiting": selectors.reports_awaiting_case() if state == "new" else [],
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
