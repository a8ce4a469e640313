from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from upstander.accounts.models import User
from upstander.cases import selectors, services
from upstander.cases.forms import (
    ActionForm,
    AssignForm,
    CaseEvidenceForm,
    CloseForm,
    ConsultationForm,
    MessageForm,
    PersonMessageForm,
    ReopenForm,
    TriageForm,
)
from upstander.cases.models import Case
from upstander.cases.views.queue import staff_user
from upstander.core.errors import DomainError
from upstander.core.submissions import AlreadySubmitted


def _case(pk: int) -> Case:
    return get_object_or_404(Case.objects.select_related("report", "assigned_to"), pk=pk)


# Each form of the case page, with the name the template knows it by and ids of its own, so
# that two forms' fields (a reason, a message) never share an id on the page.
_PAGE_FORMS: dict[type[forms.Form], tuple[str, str]] = {
    TriageForm: ("triage_form", "id_%s"),
    ActionForm: ("action_form", "id_action_%s"),
    CloseForm: ("close_form", "id_close_%s"),
    ReopenForm: ("reopen_form", "id_reopen_%s"),
    MessageForm: ("message_form", "id_message_%s"),
    PersonMessageForm: ("person_message_form", "id_person_%s"),
    AssignForm: ("assign_form", "id_assign_%s"),
    CaseEvidenceForm: ("evidence_form", "id_evidence_%s"),
}


def _page_form(
    form_class: type[forms.Form], case: Case, request: HttpRequest | None = None
) -> forms.Form:
    """One of the case page's forms: empty, or filled with what `request` posted."""
    _name, auto_id = _PAGE_FORMS.get(form_class, ("", "id_%s"))
    # Triage starts from what the case says now.
    initial = (
        {"platform": case.platform, "severity": case.severity} if form_class is TriageForm else None
    )
    if request is None:
        return form_class(initial=initial, auto_id=auto_id)
    return form_class(request.POST, request.FILES or None, initial=initial, auto_id=auto_id)


def _case_page(
    request: HttpRequest, user: User, pk: int, *, sent: forms.Form | None = None
) -> HttpResponse:
    """The case page; with `sent`, a form it refused, shown again as it was filled in (400)."""
    case = selectors.case_for_page(pk)
    if case is None:
        raise Http404("No such case.")
    services.case_sensitive_open(user, case=case)
    page = selectors.case_page(case)
    page_forms = {
        name: _page_form(form_class, case) for form_class, (name, _) in _PAGE_FORMS.items()
    }
    if sent is not None and type(sent) in _PAGE_FORMS:
        page_forms[_PAGE_FORMS[type(sent)][0]] = sent
    return render(
        request,
        "cases/case_detail.html",
        {
            "case": case,
            "report": case.report,
            "report_links": page.report_links,
            "evidence": page.evidence,
            "accounts": page.accounts,
            "linked": page.linked,
            "consultations": page.consultations,
            "actions": page.actions,
            "referrals": page.police_referrals,
            "pending_blocks": page.pending_blocks,
            "pending_referrals": page.pending_referrals,
            "report_messages": selectors.reporter_thread_for_staff(
                case, page.report_messages, user
            ),
            "person_messages": selectors.person_targeted_thread_for_staff(case, user)
            if case.protected_person_id
            else [],
            "update_due": page.update_due,
            "timeline": page.timeline,
            **page_forms,
            "refused": sent,
        },
        status=200 if sent is None else 400,
    )


@login_required
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _case_page(request, staff_user(request), pk)


def _post(
    request: HttpRequest,
    pk: int,
    form_class: type[forms.Form],
    act: Callable[[User, Case, dict[str, Any]], str],
) -> HttpResponse:
    """Parse the form and call the service: done, say so and go back to the case; refused,
    show the case page again with the form as it was filled in and why."""
    user = staff_user(request)
    case = _case(pk)
    form = _page_form(form_class, case, request)
    if form.is_valid():
        try:
            done = act(user, case, form.cleaned_data)
        except AlreadySubmitted:
            messages.info(request, "This was already sent and recorded, once.")
            return redirect("cases:detail", pk=pk)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, done)
            return redirect("cases:detail", pk=pk)
    return _case_page(request, user, pk, sent=form)


@login_required
@require_POST
def case_take(request: HttpRequest, pk: int) -> HttpResponse:
    user = staff_user(request)
    case = _case(pk)
    try:
        services.case_assign(user, case=case, assignee=user)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("cases:queue")
    messages.success(request, f"Case {case.reference} is now yours.")
    return redirect("cases:detail", pk=pk)


@login_required
@require_POST
def case_assign(request: HttpRequest, pk: int) -> HttpResponse:
    def act(user: User, case: Case, data: dict[str, Any]) -> str:
        assignee = User.objects.filter(email=data["email"].lower()).first()
        if assignee is None:
            raise DomainError("Nobody with a login has this email address.")
        services.case_assign(user, case=case, assignee=assignee)
        return f"Assigned to {assignee}."

    return _post(request, pk, AssignForm, act)


@login_required
@require_POST
def case_triage(request: HttpRequest, pk: int) -> HttpResponse:
    def act(user: User, case: Case, data: dict[str, Any]) -> str:
        target = None
        if data["protected_person_email"]:
            target = User.objects.filter(email=data["protected_person_email"].lower()).first()
            if target is None:
                raise DomainError("Nobody with a login has that email address.")
        services.case_triage(
            user,
            case=case,
            severity=data["severity"],
            category=data["category"],
            targeted_characteristic=data["targeted_characteristic"],
            platform=data["platform"],
            possible_crime=data["possible_crime"],
            protected_person=target,
            summary=data["summary"] or None,
            safeguarding_notes=data["safeguarding_notes"] or None,
        )
        return "Triaged. Next: talk to the person targeted and record what they want."

    return _post(request, pk, TriageForm, act)


@login_required
@require_http_methods(["GET", "POST"])
def consultation(request: HttpRequest, pk: int) -> HttpResponse:
    user = staff_user(request)
    case = _case(pk)
    services.case_sensitive_open(user, case=case, purpose="consultation")
    form = ConsultationForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.consultation_record(user, case=case, **form.cleaned_data)
            except DomainError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, "The consultation is recorded.")
                return redirect("cases:detail", pk=pk)
    return render(request, "cases/consultation.html", {"case": case, "form": form}, status=status)


@login_required
@require_POST
def case_decide(request: HttpRequest, pk: int) -> HttpResponse:
    def act(user: User, case: Case, data: dict[str, Any]) -> str:
        services.case_decide(user, case=case)
        return "The case is at the action stage."

    return _post(request, pk, forms.Form, act)


@login_required
@require_POST
def case_action(request: HttpRequest, pk: int) -> HttpResponse:
    def act(user: User, case: Case, data: dict[str, Any]) -> str:
        action = services.case_action_take(user, case=case, **data)
        return f"Recorded: {action.get_kind_display()}."

    return _post(request, pk, ActionForm, act)


@login_required
@require_POST
def case_close(request: HttpRequest, pk: int) -> HttpResponse:
    def act(user: User, case: Case, data: dict[str, Any]) -> str:
        services.case_close(user, case=case, outcome=data["outcome"], reason=data["reason"])
        return "The case is closed."

    return _post(request, pk, CloseForm, act)


@login_required
@require_POST
def case_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    def act(user: User, case: Case, data: dict[str, Any]) -> str:
        services.case_reopen(user, case=case, reason=data["reason"])
        return "The case is open again."

    return _post(request, pk, ReopenForm, act)


@login_required
@require_POST
def case_message(request: HttpRequest, pk: int) -> HttpResponse:
    def act(user: User, case: Case, data: dict[str, Any]) -> str:
        services.case_message_reporter(user, case=case, body=data["body"])
        return "Your message is waiting for the reporter."

    return _post(request, pk, MessageForm, act)


@login_required
@require_POST
def case_message_person(request: HttpRequest, pk: int) -> HttpResponse:
    def act(user: User, case: Case, data: dict[str, Any]) -> str:
        services.case_message_person_targeted(user, case=case, body=data["message"])
        return "Your message is waiting for the person targeted in their cases."

    return _post(request, pk, PersonMessageForm, act)


@login_required
@require_POST
def case_evidence(request: HttpRequest, pk: int) -> HttpResponse:
    def act(user: User, case: Case, data: dict[str, Any]) -> str:
        items = services.case_evidence_add(
            user,
            case=case,
            files=[(f.name or "upload", f.read()) for f in data["uploads"]],
            text=data["text"],
            source_url=data["source_url"],
        )
        return f"Added {len(items)} item(s) of evidence."

    return _post(request, pk, CaseEvidenceForm, act)
