"""Thin views for meetings: the public list, registering, signing, and the host's page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from upstander.accounts.permissions import has_role, request_user, signed_in_user
from upstander.core.errors import DomainError, NotPermitted
from upstander.core.ratelimit import rate_limited
from upstander.meetings import selectors, services
from upstander.meetings.forms import (
    IncidentForm,
    MeetingForm,
    RegisterForm,
    RevokeForm,
    SignForm,
)
from upstander.meetings.gate import current_code_of_conduct
from upstander.meetings.models import Audience, Meeting, MeetingPlatform, Registration
from upstander.meetings.services.meetings import HOST_ROLES
from upstander.policies.models import PolicyDocument, PolicyKind


def meeting_list(request: HttpRequest) -> HttpResponse:
    return render(request, "meetings/list.html", {"meetings": selectors.meetings_upcoming()})


@require_http_methods(["GET", "POST"])
@rate_limited("meeting-register", limit=10, window_seconds=600)
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(selectors.meetings_upcoming(), pk=pk)
    actor = signed_in_user(request)
    mine = selectors.registration_of(meeting, actor) if actor else None
    form = RegisterForm(
        request.POST if request.method == "POST" else None, signed_in=actor is not None
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                issued = services.registration_create(
                    actor,
                    meeting=meeting,
                    name=form.cleaned_data.get("name", ""),
                    email=form.cleaned_data.get("email", ""),
                )
            except DomainError as error:
                form.add_error(None, error.message)
            else:
                if issued.created or actor is not None:
                    return redirect("meetings:registration", token=issued.token)
                return render(request, "meetings/check_email.html", {"meeting": meeting})
    return render(
        request,
        "meetings/detail.html",
        {"meeting": meeting, "form": form, "mine": mine},
        status=status,
    )


def _registration_page(
    request: HttpRequest, registration: Registration, post_url: str
) -> HttpResponse:
    """The registrant's page: the sign form, or (only once admitted) the joining details; a
    person no longer eligible is told so, and offered neither."""
    current = current_code_of_conduct()
    on_hold = selectors.registration_on_hold(registration)
    form = SignForm(
        request.POST if request.method == "POST" else None,
        initial={"version": current.version if current else 1},
    )
    status = 200
    if request.method == "POST" and not registration.is_revoked and not on_hold:
        status = 400
        if form.is_valid():
            document = PolicyDocument.objects.filter(
                kind=PolicyKind.CODE_OF_CONDUCT, version=form.cleaned_data["version"]
            ).first()
            try:
                if document is None:
                    raise Http404("No such version.")
                services.registration_sign(
                    signed_in_user(request),
                    registration=registration,
                    document=document,
                    signed_name=form.cleaned_data["signed_name"],
                )
            except DomainError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, "Thank you. Your joining details are below.")
                return redirect(post_url)
    return render(
        request,
        "meetings/registration.html",
        {
            "registration": registration,
            "meeting": registration.meeting,
            "conduct": current,
            "on_hold": on_hold,
            "details": selectors.joining_details(registration),
            "form": form,
            "post_url": post_url,
        },
        status=status,
    )


@never_cache  # shows the meeting's password: not to be kept by a browser
@require_http_methods(["GET", "POST"])
def registration_page(request: HttpRequest, token: str) -> HttpResponse:
    registration = selectors.registration_for_token(token)
    if registration is None:
        return render(request, "meetings/link_problem.html", status=404)
    return _registration_page(request, registration, reverse("meetings:registration", args=[token]))


@never_cache  # shows the meeting's password: not to be kept by a browser
@login_required
@require_http_methods(["GET", "POST"])
def my_registration(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(Meeting, pk=pk)
    registration = selectors.registration_of(meeting, request_user(request))
    if registration is None:
        return redirect("meetings:detail", pk=pk)
    return _registration_page(request, registration, reverse("meetings:mine", args=[pk]))


def _staff_only(request: HttpRequest) -> None:
    if not has_role(request.user, *HOST_ROLES):
        raise NotPermitted("Only staff organise meetings.")


@login_required
@require_http_methods(["GET", "POST"])
def staff_meetings(request: HttpRequest) -> HttpResponse:
    _staff_only(request)
    form = MeetingForm(request.POST or None, initial={"duration_minutes": 90})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            meeting = services.meeting_create(
                request_user(request),
                title=data["title"],
                starts_at=data["starts_at"],
                duration_minutes=data["duration_minutes"],
                platform=MeetingPlatform(data["platform"]),
                join_link=data["join_link"],
                audience=Audience(data["audience"]),
                guidance=data["guidance"],
                branch=data["branch"],
                network_id=data["network"].pk if data["network"] else None,
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, f"Meeting created: {meeting}. Its password was generated.")
            return redirect("meetings:staff_detail", pk=meeting.pk)
    return render(
        request,
        "meetings/staff_list.html",
        {"form": form, "meetings": selectors.meetings_for_staff()},
        status=400 if request.method == "POST" else 200,
    )


@never_cache  # shows the meeting's password: not to be kept by a browser
@login_required
def staff_meeting(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(selectors.meetings_for_staff(), pk=pk)
    services.meeting_host_page_view(request_user(request), meeting=meeting)
    return render(
        request,
        "meetings/staff_detail.html",
        {
            "meeting": meeting,
            "attendees": selectors.meeting_attendees(meeting),
            "conduct": current_code_of_conduct(),
            "revoke_form": RevokeForm(),
            "incident_form": IncidentForm(),
        },
    )


@login_required
@require_POST
def staff_rotate_password(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(Meeting, pk=pk)
    sent = services.meeting_password_rotate(request_user(request), meeting=meeting)
    messages.success(request, f"New password set and sent to {sent} admitted people.")
    return redirect("meetings:staff_detail", pk=pk)


@login_required
@require_POST
def staff_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    registration = get_object_or_404(Registration.objects.select_related("meeting"), pk=pk)
    form = RevokeForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Please say why the place is withdrawn.")
    else:
        rotate = form.cleaned_data["rotate_password"]
        try:
            services.registration_revoke(
                request_user(request),
                registration=registration,
                reason=form.cleaned_data["reason"],
                rotate_password=rotate,
            )
            messages.success(
                request,
                f"{registration.name}'s place is withdrawn and their link no longer works. "
                + (
                    "The meeting has a new password, sent to everyone still admitted."
                    if rotate
                    else "The password is unchanged: change it if they may have the details."
                ),
            )
        except NotPermitted:
            raise
        except DomainError as error:
            messages.error(request, error.message)
    return redirect("meetings:staff_detail", pk=registration.meeting_id)


@login_required
@require_POST
def staff_incident(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(Meeting, pk=pk)
    actor = request_user(request)
    form = IncidentForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Please describe what happened in the meeting.")
        return redirect("meetings:staff_detail", pk=pk)
    reported = services.meeting_incident_report(
        actor,
        meeting=meeting,
        what_happened=form.cleaned_data["what_happened"],
        people_involved=form.cleaned_data["people_involved"],
    )
    if reported.case is not None:
        messages.success(request, "The incident is now a case, assigned to you.")
        return redirect("cases:detail", pk=reported.case.pk)
    messages.success(request, "The incident is reported and waits in the case workers' queue.")
    return redirect("meetings:staff_detail", pk=pk)
