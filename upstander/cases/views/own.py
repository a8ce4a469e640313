""" "Your cases": the person targeted (or the signed-in reporter) follows their own cases only."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from upstander.accounts.models import User
from upstander.cases import selectors, services
from upstander.cases.forms import WishesChangeForm, YourMessageForm
from upstander.cases.selectors import OwnCase
from upstander.core.errors import DomainError, NotPermitted
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
    """Check the posted form and take the step with it: done, say so and go back to the case;
    refused, show the case again with the form as it was filled in and why."""
    user, own = _own(request, pk)
    form = form_class(request.POST)
    if form.is_valid():
        try:
            step(user, own, form.cleaned_data)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, success)
            return redirect("cases:yours", pk=pk)
    return _your_case_page(request, pk, sent=form)


def _your_case_page(
    request: HttpRequest, pk: int, *, sent: forms.Form | None = None
) -> HttpResponse:
    """The person's own case; with `sent`, a form it refused, shown again as filled in (400)."""
    _user, own = _own(request, pk)
    page_forms: dict[str, forms.Form] = {
        "message_form": YourMessageForm(),
        "wishes_form": WishesChangeForm(),
    }
    if isinstance(sent, YourMessageForm):
        page_forms["message_form"] = sent
    elif isinstance(sent, WishesChangeForm):
        page_forms["wishes_form"] = sent
    return render(
        request,
        "cases/your_case.html",
        {"own": own, **page_forms, "refused": sent},
        status=200 if sent is None else 400,
    )


@login_required
def your_cases(request: HttpRequest) -> HttpResponse:
    user = _person(request)
    return render(request, "cases/your_cases.html", {"rows": selectors.own_case_rows(user)})


@login_required
def your_case(request: HttpRequest, pk: int) -> HttpResponse:
    return _your_case_page(request, pk)


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
