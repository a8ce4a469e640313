"""Block requests handed over by cases: kept in sight and retried until the blocklist takes them.

A case names an offending account by the handle the person saw. When that handle cannot be
turned into a stable id (a typo, the platform down, no connected account to ask with), the
request is kept as a `BlockHandover` with its state and reason, retried with backoff by the
blocking worker (and by a task where the backend can defer), and a case worker or lead can
enter the stable id by hand, which re-queues it at once.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from upstander import audit
from upstander.accounts.models import User
from upstander.accounts.permissions import require_role
from upstander.blocking import conf
from upstander.blocking.errors import (
    AccountNotFound,
    AlreadyOnBlocklist,
    HandoverClosed,
    MemberAccountRefused,
    StableIdInvalid,
)
from upstander.blocking.models import (
    HANDOVER_OPEN,
    BlockEntry,
    BlockHandover,
    EntryStatus,
    HandoverState,
    Scope,
)
from upstander.blocking.services.entries import REQUESTERS, block_request_checked
from upstander.blocking.services.request import BlockRequest
from upstander.blocking.services.resolve import stable_id_for
from upstander.core.errors import DomainError
from upstander.evidence.selectors import EvidenceUse, evidence_check

# Retried by the worker without a person; FAILED waits for a stable id entered by hand.
RETRIED = (HandoverState.WAITING, HandoverState.NEEDS_STABLE_ID, HandoverState.RETRYING)

_DID = re.compile(r"did:(plc:[a-z2-7]{8,64}|web:[A-Za-z0-9.\-%:]{3,253})")


def handover_backoff(attempt: int) -> timedelta:
    seconds = conf.HANDOVER_BACKOFF_BASE_SECONDS * 2 ** max(attempt - 1, 0)
    return timedelta(seconds=min(conf.HANDOVER_BACKOFF_CAP_SECONDS, seconds))


def block_hand_over(actor: User | None, request: BlockRequest) -> BlockEntry | BlockHandover:
    """`block_request`, except that an account whose stable id cannot be found yet is kept as
    a hand-over (shown with its reason and next try) instead of being refused."""
    require_role(actor, *REQUESTERS)
    checked = evidence_check(
        actor,
        request.evidence_ids,
        use=EvidenceUse.BLOCK,
        case_id=request.case_id,
        unknown_refused=False,
    )
    request = replace(request, evidence_ids=checked)
    kept = BlockHandover.objects.filter(source_ref=request.source_ref).first()
    if kept is not None:
        return kept  # handed over before: it goes its own way (retries, a stable id by hand)
    try:
        return block_request_checked(actor, request)
    except AccountNotFound as error:
        return _handover_keep(actor, request, error)


@transaction.atomic
def _handover_keep(
    actor: User | None, request: BlockRequest, error: AccountNotFound
) -> BlockHandover:
    now = timezone.now()
    handover = BlockHandover.objects.create(
        platform=request.platform,
        handle=request.handle.strip().lstrip("@"),
        reason=request.reason,
        evidence_ids=sorted(set(request.evidence_ids)),
        case_id=request.case_id,
        source=request.source,
        source_ref=request.source_ref,
        requested_by=actor,
        requested_at=now,
        state=HandoverState.RETRYING if error.transient else HandoverState.NEEDS_STABLE_ID,
        last_error=error.message[:500],
        attempts=1,
        next_attempt_at=now + handover_backoff(1),
        updated_at=now,
    )
    audit.record(actor, "block.handover_waiting", handover, _details(handover))
    _schedule_retry(handover)
    return handover


def _details(handover: BlockHandover) -> dict[str, object]:
    """Ids and states only: the handle and the platform's message stay on the row."""
    return {
        "case": handover.case_id,
        "state": handover.state,
        "attempts": handover.attempts,
        "next_attempt_at": handover.next_attempt_at.isoformat()
        if handover.next_attempt_at
        else None,
    }


def _schedule_retry(handover: BlockHandover) -> None:
    """Enqueue the next try on commit; a backend that cannot defer leaves a later one to the
    worker's sweep (`handovers_retry_due`)."""
    from upstander.blocking.tasks import retry_handover

    at = handover.next_attempt_at
    handover_id = handover.pk

    def send() -> None:
        task = retry_handover
        if at is not None and at > timezone.now():
            if not task.get_backend().supports_defer:
                return
            task = task.using(run_after=at)
        task.enqueue(handover_id=handover_id)

    if at is not None:
        transaction.on_commit(send)


def handover_retry(*, handover_id: int, now: datetime | None = None) -> str:
    """Try a due hand-over again (the system, on its requester's behalf); say what happened.

    Claimed with a conditional UPDATE, so any number of workers may sweep at once.
    """
    now = now or timezone.now()
    unclaimed = Q(claimed_until__isnull=True) | Q(claimed_until__lt=now)
    claimed = BlockHandover.objects.filter(
        unclaimed, pk=handover_id, state__in=RETRIED, next_attempt_at__lte=now
    ).update(claimed_until=now + timedelta(seconds=conf.CLAIM_SECONDS), attempts=F("attempts") + 1)
    if not claimed:
        return "not due"
    handover = BlockHandover.objects.select_related("requested_by").get(pk=handover_id)
    try:
        account_id = handover.account_id or stable_id_for(handover.platform, handover.handle)
        entry = block_request_checked(
            None, _request_of(handover, account_id), on_behalf_of=handover.requested_by
        )
    except MemberAccountRefused:
        _handover_close(handover, HandoverState.REFERRED, entry=None)
        return "referred"
    except AlreadyOnBlocklist:
        already = _open_entry(handover.platform, account_id)
        if already is None:  # lifted in between: try once more later
            return _handover_problem(handover, "The account was on the blocklist.", True)
        entry = already
    except AccountNotFound as error:
        return _handover_problem(handover, error.message, True, transient=error.transient)
    except DomainError as error:
        return _handover_problem(handover, error.message, False)
    _handover_close(handover, HandoverState.HANDED_OVER, entry=entry)
    return "handed over"


def _request_of(handover: BlockHandover, account_id: str) -> BlockRequest:
    return BlockRequest(
        platform=handover.platform,
        account_id=account_id,
        handle=handover.handle,
        reason=handover.reason,
        evidence_ids=list(handover.evidence_ids),
        case_id=handover.case_id,
        source=handover.source,
        source_ref=handover.source_ref,
    )


def _open_entry(platform: str, account_id: str) -> BlockEntry | None:
    return BlockEntry.objects.filter(
        platform=platform,
        account_id=account_id,
        scope=Scope.PARTY,
        status__in=[EntryStatus.REQUESTED, EntryStatus.ACTIVE],
    ).first()


@transaction.atomic
def _handover_close(handover: BlockHandover, state: str, *, entry: BlockEntry | None) -> None:
    handover.state = state
    handover.entry = entry
    handover.account_id = entry.account_id if entry is not None else handover.account_id
    handover.last_error = ""
    handover.next_attempt_at = None
    handover.claimed_until = None
    handover.updated_at = timezone.now()
    handover.save(
        update_fields=[
            "state",
            "entry",
            "account_id",
            "last_error",
            "next_attempt_at",
            "claimed_until",
            "updated_at",
        ]
    )
    audit.record(
        None, "block.handover_done", handover, {**_details(handover), "entry": handover.entry_id}
    )


@transaction.atomic
def _handover_problem(
    handover: BlockHandover, message: str, retry: bool, *, transient: bool = False
) -> str:
    """Retry later (with backoff) while tries are left; otherwise wait for a person."""
    handover = BlockHandover.objects.select_for_update().get(pk=handover.pk)
    now = timezone.now()
    if retry and handover.attempts < conf.handover_max_attempts():
        handover.state = HandoverState.RETRYING if transient else HandoverState.NEEDS_STABLE_ID
        handover.next_attempt_at = now + handover_backoff(handover.attempts)
        handover.last_error = message[:500]
    else:
        handover.state = HandoverState.FAILED
        handover.next_attempt_at = None
        tries = f"Gave up after {handover.attempts} tries: " if retry else ""
        handover.last_error = f"{tries}{message}"[:500]
    handover.claimed_until = None
    handover.updated_at = now
    handover.save(
        update_fields=["state", "next_attempt_at", "last_error", "claimed_until", "updated_at"]
    )
    audit.record(None, "block.handover_retry_failed", handover, _details(handover))
    _schedule_retry(handover)
    return "retry" if handover.state != HandoverState.FAILED else "failed"


def handovers_retry_due(*, now: datetime | None = None, limit: int = 200) -> int:
    """Try every due hand-over again (the worker's sweep); returns how many were due."""
    now = now or timezone.now()
    due = list(
        BlockHandover.objects.filter(state__in=RETRIED, next_attempt_at__lte=now)
        .order_by("next_attempt_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )
    for handover_id in due:
        handover_retry(handover_id=handover_id, now=now)
    return len(due)


def _valid_stable_id(platform: str, account_id: str) -> str:
    value = account_id.strip()
    if platform == "bluesky":
        if _DID.fullmatch(value):
            return value
        raise StableIdInvalid("A Bluesky stable id is a DID: did:plc:… or did:web:….")
    try:
        URLValidator(schemes=["https"])(value)
    except ValidationError:
        raise StableIdInvalid(
            "A Mastodon stable id is the account's URI: https://server/users/name."
        ) from None
    return value


@transaction.atomic
def handover_stable_id_set(
    actor: User | None, *, handover: BlockHandover, account_id: str
) -> BlockHandover:
    """A case worker or lead names the account by its stable id: the hand-over is tried again
    at once (and keeps trying with backoff if the blocklist cannot take it yet)."""
    require_role(actor, *REQUESTERS)
    value = _valid_stable_id(handover.platform, account_id)
    handover = BlockHandover.objects.select_for_update().get(pk=handover.pk)
    if handover.state not in HANDOVER_OPEN:
        raise HandoverClosed("This request is already on the blocklist.")
    now = timezone.now()
    handover.account_id = value
    handover.state = HandoverState.WAITING
    handover.last_error = ""
    handover.attempts = 0
    handover.next_attempt_at = now
    handover.claimed_until = None
    handover.updated_at = now
    handover.save(
        update_fields=[
            "account_id",
            "state",
            "last_error",
            "attempts",
            "next_attempt_at",
            "claimed_until",
            "updated_at",
        ]
    )
    audit.record(actor, "block.handover_stable_id", handover, _details(handover))
    _schedule_retry(handover)
    return handover
