"""The panel's need-to-know view and its decisions; every look is audited."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from upstander.accounts.models import User
from upstander.accounts.permissions import request_user
from upstander.core.errors import DomainError, NotPermitted
from upstander.discipline import forms, selectors, services
from upstander.discipline.errors import EndDateRequired, OutsideGuideRangeNeedsReason
from upstander.discipline.models import (
    Proceeding,
    Seat,
    Stage,
)
from upstander.discipline.views.access import _proceeding
from upstander.discipline.views.representation import _representation


def _factor_choices() -> list[tuple[str, str]]:
    _, _, factors = selectors.guide_with_entries()
    return [(f.code, f"{f.label} ({f.get_kind_display().lower()})") for f in factors]


def _panel_representation(request: HttpRequest, user: User, proceeding: Proceeding) -> HttpResponse:
    """A panel member records an approach without seeing the lead's view of the proceeding."""
    form = forms.RepresentationForm(request.POST, prefix="representation")
    if form.is_valid():
        try:
            messages.success(request, _representation(user, proceeding, form.cleaned_data))
        except DomainError as error:
            messages.error(request, error.message)
    else:
        messages.error(request, "Please say who approached you and what they said.")
    return redirect("discipline:panel", pk=proceeding.pk)


def _require_panel_view(user: User, proceeding: Proceeding) -> None:
    if selectors.manages(user, proceeding):
        return
    if selectors.sits_on_panel(user, proceeding):
        return
    raise NotPermitted("Only the panel sitting in this proceeding sees its papers.")


def _panel_forms(data: Any = None, only: str = "") -> dict[str, Any]:
    choices = _factor_choices()
    return {
        "representation": forms.RepresentationForm(prefix="representation"),
        "decide": forms.DecisionForm(
            data if only == "decide" else None, prefix="decide", factor_choices=choices
        ),
        "appeal_decide": forms.AppealDecisionForm(
            data if only == "appeal_decide" else None,
            prefix="appeal_decide",
            factor_choices=choices,
        ),
    }


def _chosen_factors(request: HttpRequest) -> list[str]:
    """The guide's factors ticked on the page, unknown codes dropped."""
    known = {code for code, _ in _factor_choices()}
    return [code for code in request.GET.getlist("factors") if code in known]


def _render_panel(
    request: HttpRequest, proceeding: Proceeding, panel_forms: dict[str, Any], status: int = 200
) -> HttpResponse:
    user = request_user(request)
    factors = _chosen_factors(request)
    disclosed = services.disclosed_evidence_show(user, proceeding=proceeding, view="panel")
    return render(
        request,
        "discipline/panel.html",
        {
            "b": selectors.panel_bundle(user, proceeding),
            "contents": disclosed.contents,
            "withdrawn": disclosed.withdrawn,
            "forms": panel_forms,
            "factor_choices": _factor_choices(),
            "chosen_factors": factors,
            "range_with_factors": selectors.range_for(proceeding, factors) if factors else None,
            "Stage": Stage,
            "Seat": Seat,
        },
        status=status,
    )


@login_required
def panel(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    proceeding = _proceeding(pk)
    _require_panel_view(user, proceeding)
    if getattr(request, "htmx", False):
        # Only the guide's range for the ticked factors: nothing about the proceeding itself.
        factors = _chosen_factors(request)
        return render(
            request,
            "discipline/panel.html#range",
            {
                "range_with_factors": selectors.range_for(proceeding, factors),
                "chosen_factors": factors,
            },
        )
    services.proceeding_view_record(user, proceeding=proceeding, view="panel")
    return _render_panel(request, proceeding, _panel_forms())


@login_required
@require_POST
def panel_decide(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    user = request_user(request)
    proceeding = _proceeding(pk)
    _require_panel_view(user, proceeding)
    if step not in ("decide", "appeal_decide"):
        raise Http404("No such step.")
    panel_forms = _panel_forms(request.POST, only=step)
    form = panel_forms[step]
    if form.is_valid():
        d = form.cleaned_data
        try:
            # The forms' cleaned data are the services' arguments (typed by the forms).
            if step == "decide":
                services.decision_record(user, proceeding=proceeding, **d)
            else:
                services.appeal_decide(user, proceeding=proceeding, **d)
        except (OutsideGuideRangeNeedsReason, EndDateRequired) as error:
            # Each names what is missing: show it by that field.
            field = "ends_on" if isinstance(error, EndDateRequired) else "outside_range_reason"
            form.add_error(field, error.message)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, "Decision recorded; the letter has been sent.")
            return redirect("discipline:panel", pk=pk)
    return _render_panel(request, _proceeding(pk), panel_forms, status=400)
