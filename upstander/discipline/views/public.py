"""Letters, the member's own page, the public sanctions guide and the statistics."""

from __future__ import annotations

from django import forms as django_forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from upstander.accounts.models import Role
from upstander.accounts.permissions import has_role, request_user
from upstander.core.errors import DomainError, NotPermitted
from upstander.core.quarters import last_closed_quarters
from upstander.discipline import forms, selectors, services
from upstander.discipline.guide import EntrySpec, FactorSpec
from upstander.discipline.letters import letter_pdf
from upstander.discipline.models import (
    Appellant,
    Conduct,
    FactorKind,
    Letter,
    Sanction,
    Stage,
)


def _letter_for(request: HttpRequest, pk: int) -> Letter:
    letter = get_object_or_404(Letter.objects.select_related("proceeding"), pk=pk)
    user = request_user(request)
    if not selectors.may_read_letter(user, letter):
        raise Http404("No such letter.")
    if selectors.is_manager(user) or has_role(user, Role.CASE_WORKER):
        services.proceeding_view_record(user, proceeding=letter.proceeding, view="letter")
    return letter


@login_required
def letter(request: HttpRequest, pk: int) -> HttpResponse:
    return render(request, "discipline/letter.html", {"letter": _letter_for(request, pk)})


@login_required
def letter_download(request: HttpRequest, pk: int) -> HttpResponse:
    found = _letter_for(request, pk)
    response = HttpResponse(
        letter_pdf(subject=found.subject, body=found.body, sent_on=found.created_at),
        content_type="application/pdf",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="{found.proceeding.reference}-{found.kind}.pdf"'
    )
    return response


@login_required
def my_letters(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    return render(
        request,
        "discipline/my_letters.html",
        {
            "letters": selectors.letters_for(user),
            "proceedings": selectors.own_proceedings(user),
            "Stage": Stage,
            "response_form": forms.ResponseForm(prefix="response"),
            "appeal_form": forms.GroundsForm(prefix="appeal"),
        },
    )


@login_required
@require_POST
def my_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    """The member complained about answers the notice or appeals; the complainant may appeal."""
    user = request_user(request)
    proceeding = selectors.own_proceedings(user).filter(pk=pk).first()
    if proceeding is None:
        raise Http404("No such proceeding.")
    is_respondent = proceeding.respondent.user_id == user.pk
    try:
        if step == "response" and is_respondent:
            form: django_forms.Form = forms.ResponseForm(request.POST, prefix="response")
            if form.is_valid():
                services.response_record(
                    user, proceeding=proceeding, response=form.cleaned_data["response"]
                )
                messages.success(request, "Thank you: your response has been sent to the panel.")
                return redirect("discipline:my_letters")
        elif step == "appeal":
            form = forms.GroundsForm(request.POST, prefix="appeal")
            if form.is_valid():
                services.appeal_lodge(
                    user,
                    proceeding=proceeding,
                    appellant=Appellant.RESPONDENT if is_respondent else Appellant.COMPLAINANT,
                    grounds=form.cleaned_data["grounds"],
                )
                messages.success(request, "Your appeal has been lodged. A new panel will hear it.")
                return redirect("discipline:my_letters")
        else:
            raise Http404("No such step.")
        messages.error(request, "Please write your answer before sending it.")
    except DomainError as error:
        messages.error(request, error.message)
    return redirect("discipline:my_letters")


def guide(request: HttpRequest) -> HttpResponse:
    current, entries, factors = selectors.guide_with_entries()
    return render(
        request,
        "discipline/guide.html",
        {
            "guide": current,
            "entries": entries,
            "factors": factors,
            "may_publish": has_role(request.user, Role.SAFEGUARDING_LEAD, Role.ADMINISTRATOR),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def guide_publish(request: HttpRequest) -> HttpResponse:
    """Edit the current guide (or the standard one) and publish it as a new version."""
    if not has_role(request.user, Role.SAFEGUARDING_LEAD, Role.ADMINISTRATOR):
        raise NotPermitted("Only safeguarding leads and administrators publish the guide.")
    entries_initial, factors_initial = selectors.guide_as_initial()
    data = request.POST if request.method == "POST" else None
    form = forms.GuidePublishForm(data)
    entries = forms.GuideEntryFormSet(data, initial=entries_initial, prefix="entry")
    factors = forms.GuideFactorFormSet(data, initial=factors_initial, prefix="factor")
    if request.method == "POST" and form.is_valid() and entries.is_valid() and factors.is_valid():
        try:
            published = services.guide_publish(
                request_user(request),
                notes=form.cleaned_data["notes"],
                entries=tuple(
                    EntrySpec(
                        Conduct(row["conduct"]),
                        Sanction(row["lowest"]),
                        Sanction(row["highest"]),
                        row["examples"].strip(),
                    )
                    for row in entries.cleaned_data
                ),
                factors=tuple(
                    FactorSpec(
                        row["code"], row["label"].strip(), FactorKind(row["kind"]), row["weight"]
                    )
                    for row in factors.cleaned_data
                    if row and not row.get("DELETE")
                ),
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, f"Sanctions guide version {published.version} published.")
            return redirect("discipline:guide")
    labels = dict(Conduct.choices)
    return render(
        request,
        "discipline/guide_publish.html",
        {
            "form": form,
            "entries": [(labels.get(str(row["conduct"].value()), ""), row) for row in entries],
            "entries_formset": entries,
            "factors": factors,
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
def staff_statistics(request: HttpRequest) -> HttpResponse:
    if not has_role(request.user, Role.SAFEGUARDING_LEAD, Role.ADMINISTRATOR):
        raise NotPermitted("Only safeguarding leads and administrators see these statistics.")
    quarters = list(reversed(last_closed_quarters(timezone.localdate(), 8)))  # newest first
    form = forms.StatisticsForm(request.GET or None, quarters=quarters)
    quarter = quarters[0]
    if request.GET and form.is_valid():
        quarter = form.chosen()
    return render(
        request,
        "discipline/statistics.html",
        {"form": form, "stats": selectors.statistics(quarter)},
        status=400 if request.GET and not form.is_valid() else 200,
    )
