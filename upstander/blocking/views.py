"""Thin views for the blocklist: list, request, one block with live delivery status, consent."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from upstander.accounts.models import Role, User
from upstander.accounts.permissions import has_role, request_user
from upstander.blocking import selectors, services
from upstander.blocking.errors import MemberAccountRefused
from upstander.blocking.forms import BlockRequestForm, ConnectForm, ReasonForm, StableIdForm
from upstander.blocking.models import Action, BlockEntry, BlockHandover, EntryStatus, Method
from upstander.core.errors import DomainError, NotPermitted
from upstander.core.redirects import next_url
from upstander.discipline import selectors as discipline_selectors
from upstander.evidence.services import evidence_capture_post

STATUSES = [("", "All"), *EntryStatus.choices]


def _staff(request: HttpRequest) -> User:
    if not has_role(request.user, Role.CASE_WORKER, Role.SAFEGUARDING_LEAD):
        raise NotPermitted("Only case workers and safeguarding leads can see the blocklist.")
    return request_user(request)


def _entry(pk: int) -> BlockEntry:
    try:
        return selectors.entry_detail(pk)
    except BlockEntry.DoesNotExist:
        raise Http404("No such block.") from None


@login_required
def blocklist(request: HttpRequest) -> HttpResponse:
    _staff(request)
    status = request.GET.get("status", "")
    if status not in dict(STATUSES):
        status = ""
    search = request.GET.get("q", "")[:200]
    is_lead = has_role(request.user, Role.SAFEGUARDING_LEAD)
    waiting = discipline_selectors.referrals_waiting()
    return render(
        request,
        "blocking/blocklist.html",
        {
            "entries": selectors.blocklist(status=status, search=search)[:200],
            "status": status,
            "statuses": STATUSES,
            "search": search,
            "weeks": selectors.time_to_block_weekly(),
            # Who is referred is party membership and an allegation: the leads' to know, as
            # on their referrals queue; others see how many wait.
            "referrals": waiting[:50] if is_lead else [],
            "referrals_waiting": waiting.count(),
            "is_lead": is_lead,
            "handovers": selectors.open_handovers()[:100],
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def block_new(request: HttpRequest) -> HttpResponse:
    actor = _staff(request)
    form = BlockRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            evidence_ids = list(data["evidence_ids"])
            if data["post_url"]:
                captured = evidence_capture_post(
                    actor,
                    platform=data["platform"],
                    uri=data["post_url"],
                    url=data["post_url"],
                    author_handle=data["handle"],
                    author_id=data["account_id"],
                    text=data["post_text"],
                    posted_at=None,
                    raw={},
                )
                evidence_ids.append(captured.pk)
            entry = services.block_request(
                actor,
                platform=data["platform"],
                account_id=data["account_id"],
                handle=data["handle"],
                reason=data["reason"],
                evidence_ids=evidence_ids,
                report_to_platform=data["report_to_platform"],
                case_id=data["case_id"],
            )
        except MemberAccountRefused as refused:
            messages.warning(request, refused.message)
            return redirect("blocking:blocklist")
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, "The block is waiting for a safeguarding lead's approval.")
            return redirect("blocking:block_detail", pk=entry.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "blocking/block_new.html", {"form": form}, status=status)


def _detail_context(actor: User, entry: BlockEntry) -> dict[str, object]:
    deliveries = selectors.entry_deliveries(entry)
    blocks = selectors.delivery_summary(deliveries, Action.BLOCK)
    unblocks = selectors.delivery_summary(deliveries, Action.UNBLOCK)
    return {
        "entry": entry,
        "deliveries": deliveries,
        "blocks": blocks,
        "unblocks": unblocks,
        "polling": not blocks.settled or not unblocks.settled,
        "may_decide": services.may_approve(actor),
        "evidence": entry.evidence.order_by("pk"),
        "reason_form": ReasonForm(),
    }


@login_required
def block_detail(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _staff(request)
    entry = _entry(pk)
    context = _detail_context(actor, entry)
    if request.htmx:  # type: ignore[attr-defined,unused-ignore]
        return render(request, "blocking/block_detail.html#deliveries", context)
    if context["may_decide"]:
        # Who approves sees the posts themselves (each showing audited), not only their ids.
        context["shown"] = services.block_evidence_show(actor, entry=entry)
    return render(request, "blocking/block_detail.html", context)


@login_required
@require_POST
def block_decide(request: HttpRequest, pk: int, decision: str) -> HttpResponse:
    actor = _staff(request)
    entry = _entry(pk)
    form = ReasonForm(request.POST)
    try:
        if decision == "approve":
            services.block_approve(actor, entry=entry)
            messages.success(request, "Approved: the block is on its way to every account.")
        elif not form.is_valid():
            messages.error(request, "Write the reason first.")
        elif decision == "refuse":
            services.block_refuse(actor, entry=entry, reason=form.cleaned_data["reason"])
            messages.success(request, "Refused.")
        elif decision == "unblock":
            services.block_unblock(actor, entry=entry, reason=form.cleaned_data["reason"])
            messages.success(request, "Lifted: the unblock is on its way to every account.")
        else:
            raise Http404("No such decision.")
    except MemberAccountRefused as refused:
        messages.warning(request, refused.message)
    except NotPermitted:
        raise
    except DomainError as error:
        messages.error(request, error.message)
    return redirect("blocking:block_detail", pk=entry.pk)


@login_required
@require_POST
def handover_stable_id(request: HttpRequest, pk: int) -> HttpResponse:
    """A case worker or lead names a waiting request's account by its stable id."""
    actor = _staff(request)
    handover = get_object_or_404(BlockHandover, pk=pk)
    form = StableIdForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Enter the account's stable id.")
    else:
        try:
            services.handover_stable_id_set(
                actor, handover=handover, account_id=form.cleaned_data["account_id"]
            )
        except NotPermitted:
            raise
        except DomainError as error:
            messages.error(request, error.message)
        else:
            handover.refresh_from_db()
            messages.success(
                request,
                "On the blocklist, waiting for approval."
                if handover.entry_id
                else f"Saved. {handover.get_state_display()}: {handover.last_error}",
            )
    return redirect(next_url(request, "blocking:blocklist"))


@login_required
@require_http_methods(["GET", "POST"])
def consent(request: HttpRequest) -> HttpResponse:
    """A protected person connects an account to the blocklist, having read what it means."""
    person = request_user(request)
    if not has_role(person, Role.PROTECTED_PERSON):
        raise NotPermitted("Only a protected person can connect their accounts to the blocklist.")
    form = ConnectForm(request.POST or None, initial={"method": Method.MUTE})
    if request.method == "POST" and form.is_valid():
        try:
            # The form's fields are the service's keyword arguments, one for one.
            services.blocking_account_connect(person, person=person, **form.cleaned_data)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                "Connected: the platform accepted these credentials. You can withdraw at any "
                "time on this page.",
            )
            return redirect("blocking:consent")
    return render(
        request,
        "blocking/consent.html",
        {
            "form": form,
            "consent_text": services.CONSENT_TEXT,
            "accounts": selectors.accounts_of(person),
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def consent_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    person = request_user(request)
    account = selectors.accounts_of(person).filter(pk=pk).first()
    if account is None:
        raise Http404("No such account.")
    services.blocking_account_revoke(person, account=account)
    messages.success(request, "Withdrawn: the party will not act on this account any more.")
    return redirect("blocking:consent")
