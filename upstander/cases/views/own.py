""" "Your cases": the person targeted (or the signed-in reporter) follows their own cases only."""

from __future__ import annotations

from collections.abc import Callable
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


def _post(
    request: HttpRequest,
    pk: int,
    form_class: type[forms.Form],
    step: Callable[[User, OwnCase, dict[str, Any]], object],
    success: str,
) -> HttpResponse:
    """Check the posted form, take the step with it (or say why not), go back to the case."""
    user, own = _own(request, pk)
    form = form_class(request.POST)
    if form.is_valid():
        run_and_tell(request, lambda: step(user, own, form.cleaned_data), success)
    else:
        tell_form_errors(request, form)
    return redirect("cases:yours", pk=pk)


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
    return _post(
        request,
        pk,
        YourMessageForm,
        _message_send,
        "Your message has been sent to your case worker.",
    )


def _message_send(user: User, own: OwnCase, data: dict[str, Any]) -> None:
    """As the person targeted, or else as the one who reported it."""
    if own.as_person_targeted:
        services.case_message_from_person_targeted(user, case=own.case, body=data["body"])
    elif own.case.report is not None:
        report_message_from_reporter(report=own.case.report, body=data["body"])
    else:
        raise Http404("No such case of yours.")


@login_required
@require_POST
def your_case_wishes(request: HttpRequest, pk: int) -> HttpResponse:
    return _post(
        request,
        pk,
        WishesChangeForm,
        lambda user, own, data: services.case_wishes_change_request(user, case=own.case, **data),
        "Your case worker has your request and will talk it through with you "
        "before anything changes.",
    )
