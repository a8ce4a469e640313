"""Thin views: the review queue (staff), author history, and a person's own monitoring page."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from upstander.accounts.models import Platform, Role, User
from upstander.accounts.permissions import has_role, request_user
from upstander.core.errors import DomainError, NotPermitted
from upstander.core.htmx import htmx_refusal, is_htmx
from upstander.core.redirects import next_url
from upstander.core.view_outcome import run_and_tell
from upstander.monitoring import selectors, services
from upstander.monitoring.connect import verify_account
from upstander.monitoring.forms import (
    BulkActionForm,
    ConnectAccountForm,
    DelegateForm,
    QueueFilterForm,
    ThresholdForm,
)
from upstander.monitoring.models import Delegation, MonitoringProfile, ReviewItem, WatchedAccount
from upstander.monitoring.permissions import sees_every_queue
from upstander.monitoring.services.review import MODERATIONS, moderations_offered
from upstander.platforms.errors import PlatformError
from upstander.reports.selectors import mailbox_health

PAGE_SIZE = 50
MODERATIONS_IN_ORDER = [(action.value, rule.label) for action, rule in MODERATIONS.items()]


def _reviewer(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User) or not (
        has_role(user, Role.CASE_WORKER) or sees_every_queue(user)
    ):
        raise NotPermitted("The review queue is for case workers.")
    return user


def _person_choices(viewer: User) -> list[tuple[int, str]]:
    return [(p.pk, str(p)) for p in selectors.followed_people(viewer)]


@login_required
@require_http_methods(["GET", "POST"])
def queue(request: HttpRequest) -> HttpResponse:
    viewer = _reviewer(request)
    people = _person_choices(viewer)
    filter_form = QueueFilterForm(request.GET or None, people=people)
    filters = filter_form.filters()
    items = selectors.queue_items(viewer, filters)
    page = Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))
    status = 200
    bulk = BulkActionForm(item_ids=[item.id for item in page.object_list])
    if request.method == "POST":
        bulk = BulkActionForm(request.POST, item_ids=list(items.values_list("id", flat=True)))
        if not bulk.is_valid():
            if is_htmx(request):
                return htmx_refusal(_form_problems(bulk))
            status = 400
        else:
            try:
                _act(request, viewer, bulk)
            except DomainError as error:
                if is_htmx(request):
                    return htmx_refusal(error.message)
                messages.error(request, error.message)
                status = 400
            else:
                if not is_htmx(request):
                    return HttpResponseRedirect(request.get_full_path())
                page = Paginator(selectors.queue_items(viewer, filters), PAGE_SIZE).get_page(
                    request.GET.get("page")
                )
                bulk = BulkActionForm(item_ids=[item.id for item in page.object_list])
    context = {
        "filter_form": filter_form,
        "bulk_form": bulk,
        "page": page,
        "counts": selectors.band_counts(viewer, filters),
        # Hiding, deleting and banning are offered only where the platform's adapter declares
        # them: on each post for its platform, and for the selection when any post allows it.
        "moderations": _offer_moderations(page.object_list),
        "query": request.GET.urlencode(),
        # Only overseers: the monitor's health is theirs to act on.
        "dead_letters": selectors.dead_letter_count() if sees_every_queue(viewer) else 0,
    }
    template = "monitoring/queue.html#results" if is_htmx(request) else "monitoring/queue.html"
    return render(request, template, context, status=status)


MODERATION_MESSAGES = {
    "hide": ("Hid {count} comment(s) on the platform.", "Not hidden"),
    "delete": ("Deleted {count} comment(s) on the platform.", "Not deleted"),
    "ban": ("Banned the authors of {count} comment(s) from the page.", "Not banned"),
}


def _offer_moderations(items: Iterable[ReviewItem]) -> list[tuple[str, str]]:
    """Each post's platform actions (as `item.moderations`), and those any post allows."""
    offered: dict[str, str] = {}
    for item in items:
        item.moderations = moderations_offered(item.post.platform)  # type: ignore[attr-defined]
        offered.update(item.moderations)  # type: ignore[attr-defined]
    return [(action, label) for action, label in MODERATIONS_IN_ORDER if action in offered]


def _form_problems(form: BulkActionForm) -> str:
    return " ".join(str(problem) for problems in form.errors.values() for problem in problems)


def _act(request: HttpRequest, viewer: User, bulk: BulkActionForm) -> None:
    item_ids: list[int] = bulk.cleaned_data["items"]
    action = bulk.cleaned_data["action"]
    if action == "dismiss":
        count = services.review_dismiss(viewer, item_ids=item_ids)
        messages.success(request, f"Dismissed {count} post(s).")
    elif action in MODERATION_MESSAGES:
        result = services.review_moderate(viewer, action=action, item_ids=item_ids)
        done, refused = MODERATION_MESSAGES[action]
        if result.done:
            messages.success(request, done.format(count=len(result.done)))
        for item_id, reason in sorted(result.failed.items()):
            messages.error(request, f"{refused} (post {item_id}): {reason}")
    elif action == "block":
        requests = services.review_request_block(viewer, item_ids=item_ids)
        messages.success(
            request,
            f"Asked for {len(requests)} account(s) to be blocked; the blocking team picks "
            "the request up.",
        )
    else:
        summary = bulk.cleaned_data["summary"] or "Abusive posts found by the monitor."
        cases = services.review_open_case(viewer, item_ids=item_ids, summary=summary)
        messages.success(request, f"Opened {len(cases)} case(s) with the posts as evidence.")


@login_required
def author(request: HttpRequest, platform: str, author_id: str) -> HttpResponse:
    viewer = _reviewer(request)
    if platform not in Platform.values:
        raise Http404("Unknown platform.")
    history = selectors.author_history(viewer, platform=platform, author_id=author_id)
    return render(request, "monitoring/author.html", {"history": history})


@login_required
@require_http_methods(["GET", "POST"])
def people(request: HttpRequest) -> HttpResponse:
    """Who follows whom: safeguarding leads assign case workers to protected people."""
    viewer = _reviewer(request)
    followed = list(selectors.followed_people(viewer))
    caseworkers = [(u.pk, str(u)) for u in selectors.caseworkers()]
    people = [(u.pk, str(u)) for u in followed]
    if request.method == "POST":
        form = DelegateForm(request.POST, caseworkers=caseworkers, people=people)
        if not form.is_valid():
            messages.error(request, "Choose a person from the list and a case worker for them.")
        else:
            person = get_object_or_404(User, pk=form.cleaned_data["person"])
            delegate = get_object_or_404(User, pk=form.cleaned_data["delegate"])
            run_and_tell(
                request,
                lambda: services.delegate_assign(viewer, person=person, delegate=delegate),
                f"{delegate} now follows {person}.",
            )
        return redirect("monitoring:people")
    rows = [
        (person, list(selectors.delegations_of(person)), list(selectors.accounts_of(person)))
        for person in followed
    ]
    return render(
        request,
        "monitoring/people.html",
        {
            "rows": rows,
            "form": DelegateForm(caseworkers=caseworkers, people=people),
            "sees_sources": sees_every_queue(viewer),
        },
    )


@login_required
def source_health(request: HttpRequest) -> HttpResponse:
    """Each reader's health (last read, last error, backlog), and the party mailbox's, for
    the lead to act on."""
    viewer = _reviewer(request)
    if not sees_every_queue(viewer):
        raise NotPermitted("The monitor's sources are for safeguarding leads.")
    sources, platforms = selectors.source_health()
    return render(
        request,
        "monitoring/sources.html",
        {
            "sources": sources,
            "platforms": platforms,
            "dead_letters": selectors.dead_letter_count(),
            "mailboxes": mailbox_health(),
        },
    )


# -- the protected person's own page ---------------------------------------------------------
@login_required
@require_http_methods(["GET", "POST"])
def my_monitoring(request: HttpRequest) -> HttpResponse:
    person = request_user(request)
    if not has_role(person, Role.PROTECTED_PERSON):
        raise NotPermitted("Monitoring is offered to candidates and representatives.")
    form = ConnectAccountForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                _connect(request, person, form)
            except (DomainError, PlatformError) as error:
                messages.error(request, error.message)
                status = 400
            else:
                return redirect("monitoring:mine")
        else:
            status = 400
    profile = MonitoringProfile.objects.filter(person=person).first()
    context = {
        "form": form,
        "accounts": selectors.accounts_of(person),
        "delegations": selectors.delegations_of(person),
        "threshold_form": ThresholdForm(
            initial={"threshold": profile.alert_threshold if profile else 0.8}
        ),
    }
    return render(request, "monitoring/mine.html", context, status=status)


def _connect(request: HttpRequest, person: User, form: ConnectAccountForm) -> None:
    data = form.cleaned_data
    consent = form.fields["consent"].label or ""
    if data["platform"] == Platform.MASTODON and not data["server"]:
        raise DomainError("Mastodon needs your server's address.")
    if data["platform"] == Platform.FACEBOOK and not data["credential"]:
        raise DomainError("Facebook needs a page access token for your page.")
    if data["platform"] == Platform.INSTAGRAM and not data["credential"]:
        raise DomainError(
            "Instagram needs an access token for the Facebook Page your professional account "
            "is linked to."
        )
    if data["platform"] == Platform.YOUTUBE and not data["credential"]:
        raise DomainError("YouTube needs an access token for your channel.")
    verified = verify_account(
        platform=data["platform"],
        handle=data["handle"],
        credential=data["credential"],
        server=data["server"],
    )
    account = services.watched_account_connect(
        person,
        person=person,
        platform=Platform(data["platform"]),
        handle=verified.handle,
        stable_id=verified.stable_id,
        consent_statement=str(consent),
        credential=data["credential"],
        instance_url=verified.server,
    )
    if verified.session:
        services.watched_account_session_save(account=account, session=verified.session)
    messages.success(request, f"We now watch {account.handle} with your consent.")


@login_required
@require_POST
def revoke(request: HttpRequest, account_id: int) -> HttpResponse:
    account = get_object_or_404(WatchedAccount, pk=account_id)
    actor = request_user(request)
    run_and_tell(
        request,
        lambda: services.watched_account_revoke(actor, account=account),
        f"We stopped watching {account.handle} and deleted its credentials.",
    )
    return redirect(next_url(request, "monitoring:mine"))


@login_required
@require_POST
def end_delegation(request: HttpRequest, delegation_id: int) -> HttpResponse:
    delegation = get_object_or_404(Delegation, pk=delegation_id)
    actor = request_user(request)
    run_and_tell(
        request,
        lambda: services.delegate_end(actor, delegation=delegation),
        f"{delegation.delegate} no longer follows you.",
    )
    return redirect("monitoring:mine")


@login_required
@require_POST
def threshold(request: HttpRequest) -> HttpResponse:
    person = request_user(request)
    form = ThresholdForm(request.POST)
    if form.is_valid():
        services.monitoring_threshold_set(
            person, person=person, threshold=form.cleaned_data["threshold"]
        )
        messages.success(request, "Saved.")
    else:
        messages.error(request, "Give a number between 0 and 1.")
    return redirect("monitoring:mine")
