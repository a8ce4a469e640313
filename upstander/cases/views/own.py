""" "Your cases": the person targeted (or the signed-in reporter) follows their own cases only."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from upstander.accounts.models import User
from upstander.cases import selectors, services
from upstander.cases.forms import WishesChangeForm, YourMessageForm
from upstander.cases.selectors import OwnCase
from upstander.core.errors import NotPermitted
from upstander.core.view_outcome import run_and_tell, tell_form_errors
from upstander.reports.services import report_message_from_reporter


def _person(request: HttpRequest) -> User:
    if not isinstance(request.user, User):
        raise NotPermitted("Sign in to see your cases.")
    return request.user


def _own(request: HttpRequest, pk: int) -> tuple[User, OwnCase]:
    user = _person(request)
    found = selectors.own_case(user, pk)
    if found is None:
        # Someone else's case, or none: the same answer, so ids reveal nothing.
        raise Http404("No such case of yours.")
    return user, found


def _cleaned(request: HttpRequest, form_class: type[forms.Form]) -> dict[str, Any] | None:
    """The posted form's cleaned data, or None once its errors are shown as messages."""
    form = form_class(request.POST)
    if form.is_valid():
        return form.cleaned_data
    tell_form_errors(request, form)
    return None


@login_required
def your_cases(request: HttpRequest) -> HttpResponse:
    user = _person(request)
    return render(request, "cases/your_cases.html", {"rows": selectors.own_case_rows(user)})


@login_required
def your_case(request: HttpRequest, pk: int) -> HttpResponse:
    _user, own = _own(request, pk)
    return render(
        request,
        "cases/your_case.html",
        {"own": own, "message_form": YourMessageForm(), "wishes_form": WishesChangeForm()},
    )


@login_required
@require_POST
def your_case_message(request: HttpRequest, pk: int) -> HttpResponse:
    user, own = _own(request, pk)
    data = _cleaned(request, YourMessageForm)
    if data is None:
        return redirect("cases:yours", pk=pk)
    run_and_tell(
        request,
        lambda: _message_send(user, own, data["body"]),
        "Your message has been sent to your case worker.",
    )
    return redirect("cases:yours", pk=pk)


def _message_send(user: User, own: OwnCase, body: str) -> None:
    """As the person targeted, or else as the one who reported it."""
    if own.as_person_targeted:
        services.case_message_from_person_targeted(user, case=own.case, body=body)
    elif own.case.report is not None:
        report_message_from_reporter(report=own.case.report, body=body)
    else:
        raise Http404("No such case of yours.")


@login_required
@require_POST
def your_case_wishes(request: HttpRequest, pk: int) -> HttpResponse:
    user, own = _own(request, pk)
    data = _cleaned(request, WishesChangeForm)
    if data is None:
        return redirect("cases:yours", pk=pk)
    run_and_tell(
        request,
        lambda: services.case_wishes_change_request(user, case=own.case, **data),
        "Your case worker has your request and will talk it through with you "
        "before anything changes.",
    )
    return redirect("cases:yours", pk=pk)
