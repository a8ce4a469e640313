"""Thin views: public statistics and summaries, the representatives' pages, staff pages."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from upstander.accounts.models import Role, User
from upstander.accounts.permissions import has_role, request_user
from upstander.core.errors import DomainError, NotPermitted
from upstander.networks import selectors, services
from upstander.networks.errors import NotRepresentative
from upstander.networks.forms import (
    ConsultationForm,
    LinkPolicyForm,
    NetworkMemberForm,
    PublishForm,
    ReplyForm,
    ResponseForm,
)
from upstander.networks.models import Consultation, ConsultationResponse, ConsultationStatus


def public_statistics(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "networks/statistics.html",
        {"report": selectors.case_statistics(), "published": selectors.consultations_published()},
    )


def you_said_we_did(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        consultation = selectors.consultation_detail(pk)
    except Consultation.DoesNotExist as error:
        raise Http404("No such consultation.") from error
    if consultation.status != ConsultationStatus.PUBLISHED:
        raise Http404("This summary is not published yet.")
    return render(request, "networks/you_said_we_did.html", {"consultation": consultation})


def _representative_or_staff(request: HttpRequest) -> None:
    if not has_role(request.user, Role.NETWORK_REP, *services.STAFF):
        raise NotPermitted("This page is for equality network representatives.")


@login_required
def network_home(request: HttpRequest) -> HttpResponse:
    _representative_or_staff(request)
    user = request_user(request)
    return render(
        request,
        "networks/home.html",
        {
            "networks": selectors.networks_represented_by(user),
            "consultations": selectors.consultations_for_representative(user),
            "report": selectors.case_statistics(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def consultation_page(request: HttpRequest, pk: int) -> HttpResponse:
    _representative_or_staff(request)
    user = request_user(request)
    consultation = get_object_or_404(selectors.consultations_for_representative(user), pk=pk)
    mine = selectors.networks_represented_by(user).filter(consultations=consultation)
    form = ResponseForm(request.POST if request.method == "POST" else None, networks=mine)
    if request.method == "POST" and form.is_valid():
        try:
            services.consultation_respond(
                user,
                consultation=consultation,
                network=form.cleaned_data["network"],
                point=form.cleaned_data["point"],
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, "Thank you: your network's point is recorded.")
            return redirect("networks:consultation", pk=pk)
    responses = ConsultationResponse.objects.filter(
        consultation=consultation, network__in=mine
    ).select_related("network")
    return render(
        request,
        "networks/consultation.html",
        {"consultation": consultation, "form": form, "responses": responses},
        status=400 if request.method == "POST" else 200,
    )


def _staff_only(request: HttpRequest) -> None:
    if not has_role(request.user, *services.STAFF):
        raise NotPermitted("Only administrators and safeguarding leads manage consultations.")


@login_required
@require_http_methods(["GET", "POST"])
def staff_networks(request: HttpRequest) -> HttpResponse:
    _staff_only(request)
    form = ConsultationForm(request.POST if "open" in request.POST else None)
    member_form = NetworkMemberForm(request.POST if "add_member" in request.POST else None)
    status = 400 if request.method == "POST" else 200
    if form.is_bound and form.is_valid():
        try:
            consultation = services.consultation_open(
                request_user(request),
                title=form.cleaned_data["title"],
                draft=form.cleaned_data["draft"],
                networks=list(form.cleaned_data["networks"]),
                deadline=form.cleaned_data["deadline"],
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, f"Consultation opened: {consultation}.")
            return redirect("networks:staff_consultation", pk=consultation.pk)
    if member_form.is_bound and member_form.is_valid():
        person = User.objects.filter(email=member_form.cleaned_data["email"].lower()).first()
        if person is None:
            member_form.add_error("email", "Nobody with a login has this email address.")
        else:
            try:
                services.network_member_add(
                    request_user(request),
                    network=member_form.cleaned_data["network"],
                    user=person,
                    representative=member_form.cleaned_data["representative"],
                )
            except NotRepresentative as error:
                member_form.add_error("representative", error.message)
            except DomainError as error:
                member_form.add_error(None, error.message)
            else:
                messages.success(
                    request, f"{person} added to {member_form.cleaned_data['network']}."
                )
                return redirect("networks:staff_networks")
    return render(
        request,
        "networks/staff_networks.html",
        {
            "form": form,
            "member_form": member_form,
            "networks": selectors.networks_all(),
            "consultations": selectors.consultations_for_staff(),
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def staff_consultation(request: HttpRequest, pk: int) -> HttpResponse:
    _staff_only(request)
    try:
        consultation = selectors.consultation_detail(pk)
    except Consultation.DoesNotExist as error:
        raise Http404("No such consultation.") from error
    publish_form = PublishForm(request.POST if "publish" in request.POST else None)
    link_form = LinkPolicyForm(request.POST if "link" in request.POST else None)
    reply_form = ReplyForm(request.POST if "reply" in request.POST else None)
    actor = request_user(request)
    try:
        if reply_form.is_bound:
            if reply_form.is_valid():
                response = get_object_or_404(
                    consultation.responses, pk=reply_form.cleaned_data["response"]
                )
                services.consultation_reply(
                    actor, response=response, reply=reply_form.cleaned_data["reply"]
                )
                messages.success(request, "Answer recorded.")
                return redirect("networks:staff_consultation", pk=pk)
            messages.error(request, "Please write what was done about this point.")
        if publish_form.is_bound and publish_form.is_valid():
            services.consultation_publish(
                actor, consultation=consultation, summary=publish_form.cleaned_data["summary"]
            )
            messages.success(request, "'You said, we did' is published.")
            return redirect("networks:staff_consultation", pk=pk)
        if link_form.is_bound and link_form.is_valid():
            services.consultation_link_policy(
                actor, consultation=consultation, document=link_form.cleaned_data["document"]
            )
            messages.success(request, "Policy version linked.")
            return redirect("networks:staff_consultation", pk=pk)
    except NotPermitted:
        raise
    except DomainError as error:
        messages.error(request, error.message)
    return render(
        request,
        "networks/staff_consultation.html",
        {
            "consultation": consultation,
            "publish_form": publish_form,
            "link_form": link_form,
            "reply_form": reply_form,
            # The point whose answer was refused, to show the errors by it.
            "reply_for": reply_form.cleaned_data.get("response")
            if reply_form.is_bound and not reply_form.is_valid()
            else None,
        },
        status=400 if request.method == "POST" else 200,
    )
