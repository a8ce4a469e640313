"""The lead's and investigator's pages: open, follow and move a proceeding.

Every look at a proceeding by staff is put on the audit record (proceeding_view_record).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django import forms as django_forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from upstander.accounts.models import Member, Role, User
from upstander.accounts.permissions import has_role, request_user
from upstander.core.errors import DomainError, NotPermitted
from upstander.core.submissions import AlreadySubmitted
from upstander.core.view_outcome import to_first_sending
from upstander.discipline import forms, selectors, services
from upstander.discipline.errors import CaseConsentRequired, EvidenceNotShared
from upstander.discipline.models import (
    Appellant,
    AssessmentOutcome,
    ConflictKind,
    InterimSuspension,
    Proceeding,
    Seat,
    Stage,
)
from upstander.discipline.views.access import (
    OPENERS,
    _person,
    _proceeding,
    _require_staff_view,
)
from upstander.discipline.views.panel import _panel_representation
from upstander.discipline.views.representation import _representation


@login_required
def staff_list(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    if not has_role(user, *OPENERS, Role.PANEL_MEMBER):
        raise NotPermitted("Only staff working on discipline see proceedings.")
    stage = request.GET.get("stage", "")
    return render(
        request,
        "discipline/staff_list.html",
        {
            "proceedings": selectors.proceedings_for(user, stage=stage)[:200],
            "stages": Stage.choices,
            "stage": stage,
            "is_manager": selectors.is_manager(user),
            "may_open": has_role(user, *OPENERS),
            "referrals_waiting": (
                selectors.referrals_waiting().count()
                if has_role(user, Role.SAFEGUARDING_LEAD)
                else None
            ),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def staff_open(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    if not has_role(user, *OPENERS):
        raise NotPermitted("Only case workers and safeguarding leads open complaints.")
    initial = {
        "membership_number": request.GET.get("member", "")[:32],
        "source_case_id": request.GET.get("case", "")[:12],
        "evidence_ids": request.GET.get("evidence", "")[:500],
        "conduct": request.GET.get("conduct", "")[:32],
    }
    form = forms.ComplaintOpenForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        respondent = Member.objects.filter(membership_number=data["membership_number"]).first()
        complainant = (
            User.objects.filter(email=data["complainant_email"].lower()).first()
            if data["complainant_email"]
            else None
        )
        if respondent is None:
            form.add_error("membership_number", "No member has this membership number.")
        elif data["complainant_email"] and complainant is None:
            form.add_error("complainant_email", "Nobody with an account has this address.")
        else:
            allegations = [(data["conduct"], data["description"])]
            if data["second_conduct"]:
                allegations.append((data["second_conduct"], data["second_description"]))
            try:
                proceeding = services.complaint_open(
                    user,
                    respondent=respondent,
                    allegations=allegations,
                    complainant_user=complainant,
                    complainant_anonymous_to_respondent=data["complainant_anonymous_to_respondent"],
                    source_case_id=data["source_case_id"],
                    evidence_ids=data["evidence_ids"],
                    sexual_harassment=data["sexual_harassment"],
                    submission_key=data["submission_key"],
                )
            except AlreadySubmitted as done:
                return to_first_sending(
                    request,
                    done,
                    "This complaint was already opened, once.",
                    detail="discipline:staff_detail",
                    fallback="discipline:staff_list",
                )
            except EvidenceNotShared as error:
                form.add_error("evidence_ids", error.message)
            except CaseConsentRequired as error:
                form.add_error("source_case_id", error.message)
            except DomainError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, f"Complaint {proceeding.reference} opened.")
                return redirect("discipline:staff_detail", pk=proceeding.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "discipline/staff_open.html", {"form": form}, status=status)


def _evidence_choices(proceeding: Proceeding) -> list[tuple[int, str]]:
    items = selectors.evidence_items_of(proceeding, disclosed_only=False)
    return [(item.pk, str(item)) for item in items]


def _staff_forms(proceeding: Proceeding, data: Any = None, only: str = "") -> dict[str, Any]:
    """The forms for each step; `data` binds only the one that was posted."""

    def bound(name: str) -> Any:
        return data if name == only else None

    today = timezone.localdate()
    return {
        "assess": forms.AssessForm(bound("assess"), prefix="assess"),
        "appoint": forms.AppointForm(bound("appoint"), prefix="appoint"),
        "report": forms.ReportForm(bound("report"), prefix="report"),
        "notice": forms.NoticeForm(
            bound("notice"), prefix="notice", evidence_choices=_evidence_choices(proceeding)
        ),
        "response": forms.ResponseForm(bound("response"), prefix="response"),
        "interim": forms.InterimForm(
            bound("interim"), prefix="interim", initial={"review_on": today + timedelta(days=28)}
        ),
        "interim_end": forms.EndInterimForm(bound("interim_end"), prefix="interim_end"),
        "appeal": forms.AppealForm(bound("appeal"), prefix="appeal"),
        "extend": forms.ExtendForm(bound("extend"), prefix="extend"),
        "update": forms.UpdateForm(bound("update"), prefix="update"),
        "representation": forms.RepresentationForm(
            bound("representation"), prefix="representation"
        ),
        "conflict": forms.ConflictForm(bound("conflict"), prefix="conflict"),
    }


def _render_detail(
    request: HttpRequest, proceeding: Proceeding, step_forms: dict[str, Any], status: int = 200
) -> HttpResponse:
    user = request_user(request)
    return render(
        request,
        "discipline/staff_detail.html",
        {
            "p": proceeding,
            "forms": step_forms,
            "is_manager": selectors.is_manager(user),
            "is_lead": has_role(user, Role.SAFEGUARDING_LEAD),
            "guide_range": selectors.range_for(proceeding),
            "evidence": selectors.evidence_items_of(proceeding, disclosed_only=False),
            "disclosed_ids": {
                e.item_id for e in proceeding.evidence.all() if e.disclosed_at is not None
            },
            "withdrawn_ids": set(selectors.disclosure_of(proceeding).withdrawn),
            "interim": next(
                (i for i in proceeding.interim_suspensions.all() if i.ended_at is None), None
            ),
            "Stage": Stage,
        },
        status=status,
    )


@login_required
def staff_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    proceeding = _proceeding(pk)
    if not selectors.is_manager(user) and selectors.sits_on_panel(user, proceeding):
        return redirect("discipline:panel", pk=pk)
    _require_staff_view(user, proceeding)
    services.proceeding_view_record(user, proceeding=proceeding, view="staff")
    return _render_detail(request, proceeding, _staff_forms(proceeding))


Step = Callable[[User, Proceeding, dict[str, Any]], str]


def _assess(user: User, p: Proceeding, d: dict[str, Any]) -> str:
    services.proceeding_assess(
        user,
        proceeding=p,
        outcome=AssessmentOutcome(d["outcome"]),
        criteria=d["criteria"],
        reason=d["reason"],
    )
    return "Assessment recorded."


def _appoint(user: User, p: Proceeding, d: dict[str, Any]) -> str:
    person = _person(d["email"])
    services.seat_appoint(user, proceeding=p, person=person, seat=Seat(d["seat"]))
    return f"{person} appointed."


def _report(user: User, p: Proceeding, d: dict[str, Any]) -> str:
    services.investigation_complete(user, proceeding=p, report=d["report"])
    return "Investigation findings recorded."


def _notice(user: User, p: Proceeding, d: dict[str, Any]) -> str:
    services.notice_send(
        user,
        proceeding=p,
        hearing_at=d["hearing_at"],
        hearing_place=d["hearing_place"],
        disclose_evidence_ids=list(d["disclose"]),
    )
    return "Notice of allegations sent to the member."


def _response(user: User, p: Proceeding, d: dict[str, Any]) -> str:
    services.response_record(user, proceeding=p, response=d["response"])
    return "Response recorded; the proceeding waits for the hearing."


def _interim(user: User, p: Proceeding, d: dict[str, Any]) -> str:
    services.interim_propose(
        user, proceeding=p, criteria=d["criteria"], reason=d["reason"], review_on=d["review_on"]
    )
    return "Interim suspension proposed; someone outside the investigation must approve it."


def _interim_end(user: User, p: Proceeding, d: dict[str, Any]) -> str:
    interim = InterimSuspension.objects.filter(proceeding=p, ended_at__isnull=True).first()
    if interim is None:
        raise DomainError("There is no interim suspension to end.")
    services.interim_end(user, interim=interim, reason=d["reason"])
    return "Interim suspension ended."


def _appeal(user: User, p: Proceeding, d: dict[str, Any]) -> str:
    services.appeal_lodge(
        user, proceeding=p, appellant=Appellant(d["appellant"]), grounds=d["grounds"]
    )
    return "Appeal lodged. Seat an appeal panel of three with nobody from the first."


def _extend(user: User, p: Proceeding, d: dict[str, Any]) -> str:
    services.appeal_window_extend(user, proceeding=p, until=d["until"], reason=d["reason"])
    return "Appeal window extended."


def _update(user: User, p: Proceeding, d: dict[str, Any]) -> str:
    services.complainant_update_send(user, proceeding=p, news=d["news"])
    return "Update sent to the complainant."


def _conflict(user: User, p: Proceeding, d: dict[str, Any]) -> str:
    person = _person(d["email"])
    services.conflict_declare(
        user, person=person, kind=ConflictKind(d["kind"]), proceeding=p, note=d["note"]
    )
    return "Conflict of interest recorded."


STEPS: dict[str, Step] = {
    "assess": _assess,
    "appoint": _appoint,
    "report": _report,
    "notice": _notice,
    "response": _response,
    "interim": _interim,
    "interim_end": _interim_end,
    "appeal": _appeal,
    "extend": _extend,
    "update": _update,
    "representation": _representation,
    "conflict": _conflict,
}


def _interim_approve(user: User, p: Proceeding) -> str:
    pending = InterimSuspension.objects.filter(
        proceeding=p, approved_at__isnull=True, ended_at__isnull=True
    ).first()
    if pending is None:
        raise DomainError("No interim suspension is waiting for approval.")
    services.interim_approve(user, interim=pending)
    return "Interim suspension approved: the member is suspended until it ends."


def _hearing_ready(user: User, p: Proceeding) -> str:
    services.hearing_ready(user, proceeding=p)
    return "The proceeding goes on to the hearing."


def _agree_named(user: User, p: Proceeding) -> str:
    services.complainant_naming_agree(user, proceeding=p)
    return "Recorded: the complainant agreed to be named."


# Steps without a form.
PLAIN_STEPS: dict[str, Callable[[User, Proceeding], str]] = {
    "interim_approve": _interim_approve,
    "hearing_ready": _hearing_ready,
    "agree_named": _agree_named,
}


@login_required
@require_POST
def staff_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    user = request_user(request)
    proceeding = _proceeding(pk)
    if step == "representation" and selectors.sits_on_panel(user, proceeding):
        return _panel_representation(request, user, proceeding)
    _require_staff_view(user, proceeding)
    if step in PLAIN_STEPS:
        try:
            messages.success(request, PLAIN_STEPS[step](user, proceeding))
        except DomainError as error:
            messages.error(request, error.message)
        return redirect("discipline:staff_detail", pk=pk)
    if step not in STEPS:
        raise Http404("No such step.")
    step_forms = _staff_forms(proceeding, request.POST, only=step)
    form: django_forms.Form = step_forms[step]
    if form.is_valid():
        try:
            messages.success(request, STEPS[step](user, proceeding, form.cleaned_data))
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            return redirect("discipline:staff_detail", pk=pk)
    proceeding = _proceeding(pk)
    return _render_detail(request, proceeding, step_forms, status=400)
