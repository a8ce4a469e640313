"""The safeguarding lead's queue of referrals: each with its evidence, accepted or declined."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from upstander.accounts.models import Role, User
from upstander.accounts.permissions import has_role, request_user
from upstander.core.errors import DomainError, NotPermitted
from upstander.discipline import forms, selectors, services
from upstander.discipline.models import Referral, ReferralStatus


def _lead(request: HttpRequest) -> User:
    user = request_user(request)
    if not has_role(user, Role.SAFEGUARDING_LEAD):
        raise NotPermitted("Only safeguarding leads see the referrals to discipline.")
    return user


def _waiting(pk: int) -> Referral:
    referral = Referral.objects.filter(pk=pk).first()
    if referral is None:
        raise Http404("No such referral.")
    return referral


def _accept_form(referral: Referral, data: Any = None) -> forms.ReferralAcceptForm:
    return forms.ReferralAcceptForm(
        data,
        prefix=f"accept-{referral.pk}",
        initial={
            "conduct": referral.conduct,
            "description": selectors.referral_default_allegation(referral),
        },
    )


def _decline_form(referral: Referral, data: Any = None) -> forms.ReferralDeclineForm:
    return forms.ReferralDeclineForm(data, prefix=f"decline-{referral.pk}")


def _queue_page(
    request: HttpRequest, user: User, bound: dict[int, dict[str, Any]] | None = None
) -> HttpResponse:
    bound = bound or {}
    rows = []
    for queued in selectors.referral_queue(user):
        referral = queued.referral
        posted = bound.get(referral.pk, {})
        rows.append(
            {
                "queued": queued,
                "accept": posted.get("accept") or _accept_form(referral),
                "decline": posted.get("decline") or _decline_form(referral),
            }
        )
    return render(
        request,
        "discipline/referrals.html",
        {"rows": rows, "decided": selectors.referrals_decided()},
        status=400 if bound else 200,
    )


@login_required
def referrals(request: HttpRequest) -> HttpResponse:
    return _queue_page(request, _lead(request))


def _decide(
    request: HttpRequest,
    user: User,
    referral: Referral,
    form: forms.ReferralAcceptForm | forms.ReferralDeclineForm,
    step: Callable[[], HttpResponse],
    *,
    kind: str,
    error_field: str | None,
) -> HttpResponse:
    """Take a lead's decision (`step`, once the form is valid). Refused: a referral decided
    meanwhile goes back to the queue with the reason; one still waiting shows the reason on its
    form, at `error_field`, with the queue (as does an invalid form)."""
    if form.is_valid():
        try:
            return step()
        except DomainError as error:
            if referral.status != ReferralStatus.PENDING:
                messages.info(request, error.message)
                return redirect("discipline:referrals")
            form.add_error(error_field, error.message)
    return _queue_page(request, user, {referral.pk: {kind: form}})


@login_required
@require_POST
def referral_accept(request: HttpRequest, pk: int) -> HttpResponse:
    user = _lead(request)
    referral = _waiting(pk)
    form = _accept_form(referral, request.POST)

    def accept() -> HttpResponse:
        proceeding = services.referral_accept(
            user,
            referral=referral,
            conduct=form.cleaned_data["conduct"],
            description=form.cleaned_data["description"],
        )
        messages.success(
            request, f"Referral {referral.reference} accepted: {proceeding.reference} opened."
        )
        return redirect("discipline:staff_detail", pk=proceeding.pk)

    return _decide(request, user, referral, form, accept, kind="accept", error_field=None)


@login_required
@require_POST
def referral_decline(request: HttpRequest, pk: int) -> HttpResponse:
    user = _lead(request)
    referral = _waiting(pk)
    form = _decline_form(referral, request.POST)

    def decline() -> HttpResponse:
        services.referral_decline(user, referral=referral, reason=form.cleaned_data["reason"])
        messages.success(request, f"Referral {referral.reference} declined, with your reason.")
        return redirect("discipline:referrals")

    return _decide(request, user, referral, form, decline, kind="decline", error_field="reason")
