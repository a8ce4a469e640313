from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from upstander.accounts.models import Member, Role
from upstander.accounts.permissions import has_role, request_user, signed_in_user
from upstander.core.errors import NotPermitted
from upstander.core.view_outcome import run_and_tell
from upstander.policies import selectors, services
from upstander.policies.forms import PolicyDraftForm
from upstander.policies.models import PolicyDocument, PolicyKind, PolicyStatus
from upstander.policies.welcome_pdf import WelcomeContent, welcome_pack_pdf


def policy_page(request: HttpRequest, kind: str) -> HttpResponse:
    if kind not in PolicyKind.values:
        raise Http404("No such policy.")
    document = selectors.policy_current(PolicyKind(kind))
    if document is None:
        raise Http404("This policy has not been published yet.")
    acknowledged = (
        request.user.is_authenticated
        and document.acknowledgements.filter(user_id=request.user.pk).exists()
    )
    return render(
        request,
        "policies/policy_page.html",
        {
            "document": document,
            "versions": selectors.policy_versions(PolicyKind(kind)),
            "acknowledged": acknowledged,
        },
    )


def policy_version(request: HttpRequest, kind: str, version: int) -> HttpResponse:
    if kind not in PolicyKind.values:
        raise Http404("No such policy.")
    document = get_object_or_404(
        PolicyDocument.objects.exclude(status=PolicyStatus.DRAFT), kind=kind, version=version
    )
    return render(
        request,
        "policies/policy_page.html",
        {"document": document, "versions": selectors.policy_versions(PolicyKind(kind))},
    )


@login_required
@require_POST
def policy_acknowledge(request: HttpRequest, pk: int) -> HttpResponse:
    document = get_object_or_404(PolicyDocument, pk=pk)
    _acknowledge(request, document)
    return redirect("policies:page", kind=document.kind)


def _acknowledge(request: HttpRequest, document: PolicyDocument) -> None:
    actor = request_user(request)
    run_and_tell(
        request,
        lambda: services.policy_acknowledge(actor, document=document),
        f"Thank you: you accepted {document}.",
    )


def _policy_staff_only(request: HttpRequest) -> None:
    if not has_role(request.user, Role.ADMINISTRATOR, Role.SAFEGUARDING_LEAD):
        raise NotPermitted("Only administrators and safeguarding leads manage policies.")


@login_required
@require_http_methods(["GET", "POST"])
def staff_policies(request: HttpRequest) -> HttpResponse:
    _policy_staff_only(request)
    form = PolicyDraftForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        # The form's fields (kind, title, summary, body) are the service's arguments.
        document = services.policy_draft_create(request_user(request), **form.cleaned_data)
        messages.success(request, f"Draft saved: {document}.")
        return redirect("policies:staff_list")
    return render(
        request,
        "policies/staff_policies.html",
        {"form": form, "documents": selectors.policies_for_staff()},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def staff_policy_publish(request: HttpRequest, pk: int) -> HttpResponse:
    _policy_staff_only(request)
    document = get_object_or_404(PolicyDocument, pk=pk)
    actor = request_user(request)
    run_and_tell(
        request,
        lambda: services.policy_publish(actor, document=document),
        f"Published: {document}. Members will be asked to accept it.",
    )
    return redirect("policies:staff_list")


def _welcome_documents() -> dict[str, PolicyDocument | None]:
    return {
        "equality": selectors.policy_current(PolicyKind.EQUALITY),
        "behaviour": selectors.policy_current(PolicyKind.BEHAVIOUR),
        "code_of_conduct": selectors.policy_current(PolicyKind.CODE_OF_CONDUCT),
    }


def welcome(request: HttpRequest) -> HttpResponse:
    """The welcome pack on the web: the current documents; a member accepts the policy here."""
    actor = signed_in_user(request)
    documents = _welcome_documents()
    behaviour = documents["behaviour"]
    member = Member.objects.filter(user=actor).first() if actor else None
    return render(
        request,
        "policies/welcome.html",
        {
            **documents,
            "member": member,
            "pack": selectors.welcome_pack_of(member) if member else None,
            "accepted": bool(
                actor and behaviour and behaviour.acknowledgements.filter(user_id=actor.pk).exists()
            ),
        },
    )


def welcome_pdf(request: HttpRequest) -> HttpResponse:
    documents = _welcome_documents()
    equality, behaviour = documents["equality"], documents["behaviour"]
    conduct = documents["code_of_conduct"]
    if equality is None or behaviour is None or conduct is None:
        raise Http404("The welcome pack is not ready yet.")
    actor = signed_in_user(request)
    member = Member.objects.filter(user=actor).first() if actor else None
    content = WelcomeContent(
        party_name=settings.PARTY_NAME,
        member_name=member.given_name if member else "new member",
        equality=equality,
        behaviour=behaviour,
        code_of_conduct=conduct,
        report_url=request.build_absolute_uri(reverse("web:report_abuse")),
    )
    response = HttpResponse(welcome_pack_pdf(content), content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="welcome-pack.pdf"'
    return response


@login_required
@require_POST
def welcome_accept_behaviour(request: HttpRequest) -> HttpResponse:
    behaviour = selectors.policy_current(PolicyKind.BEHAVIOUR)
    if behaviour is None:
        raise Http404("The behaviour policy is not published yet.")
    _acknowledge(request, behaviour)
    return redirect("policies:welcome")


@login_required
@require_http_methods(["GET", "POST"])
def staff_welcome_packs(request: HttpRequest) -> HttpResponse:
    if not has_role(request.user, Role.ADMINISTRATOR):
        raise NotPermitted("Only an administrator sends welcome packs.")
    if request.method == "POST":
        sent = services.welcome_packs_send_pending(request_user(request))
        messages.success(request, f"Welcome packs sent: {sent}.")
        return redirect("policies:staff_welcome_packs")
    return render(
        request,
        "policies/staff_welcome_packs.html",
        {"waiting": selectors.members_awaiting_welcome_pack()[:200]},
    )
