"""Running deliveries: claim a batch, write to the platforms, record what happened.

A batch is claimed with one conditional UPDATE that stamps a fresh claim token (so any number
of workers can run, on any database), and committed before any platform call. Each delivery
then waits for its account's rate-limit slot, writes under its idempotency key (the adapter looks
before it writes), and the results of the whole batch are recorded in one transaction. A worker
that dies mid-batch leaves its claims to expire; the retry finds on the platform what was written
and writes nothing twice. Transient errors retry with exponential backoff; permanent ones fail the
delivery with the reason and alert the safeguarding leads. A platform call that fails in a way
its adapter did not foresee (a server, named by whoever connected the account, can answer
anything) counts as a transient error for that delivery alone: the rest of the batch goes on.
"""

from __future__ import annotations

import logging
import random
import secrets
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from typing import TypeVar

from django.db import DatabaseError, transaction
from django.db.models import Count, F, Max, Q, QuerySet
from django.utils import timezone

from upstander import audit
from upstander.accounts.models import Role, RoleGrant
from upstander.blocking import conf
from upstander.blocking.models import (
    Action,
    BlockEntry,
    BlockingAccount,
    Delivery,
    DeliveryState,
    EntryStatus,
    Method,
    PartyList,
)
from upstander.blocking.services.perform import confirm, perform
from upstander.blocking.services.schedule import schedule
from upstander.platforms.errors import AuthenticationFailed, PlatformError, TransientError

log = logging.getLogger("upstander.blocking")
OPEN = (DeliveryState.QUEUED, DeliveryState.SENT)
T = TypeVar("T")


def _due(now: datetime) -> Q:
    unclaimed = Q(claimed_until__isnull=True) | Q(claimed_until__lt=now)
    return unclaimed & Q(state__in=OPEN, next_attempt_at__lte=now)


def _slot(delivery: Delivery, now: datetime) -> datetime | None:
    """Take the target account's write slot; None if taken, else when the next one opens."""
    interval = timedelta(milliseconds=conf.min_write_interval_ms(delivery.entry.platform))
    target: BlockingAccount | PartyList | None = delivery.account or delivery.party_list
    assert target is not None
    if not interval:
        waiting = target.next_write_at
        return waiting if waiting is not None and waiting > now else None
    free = Q(next_write_at__isnull=True) | Q(next_write_at__lte=now)
    if isinstance(target, BlockingAccount):
        rows = BlockingAccount.objects.filter(free, pk=target.pk)
        current = BlockingAccount.objects.filter(pk=target.pk)
    else:
        rows = PartyList.objects.filter(free, pk=target.pk)  # type: ignore[assignment]
        current = PartyList.objects.filter(pk=target.pk)  # type: ignore[assignment]
    if rows.update(next_write_at=now + interval):
        return None
    return current.values_list("next_write_at", flat=True).first() or now


def _release(delivery: Delivery, *, at: datetime, undo_attempt: bool, error: str = "") -> None:
    changes: dict[str, object] = {"claimed_until": None, "claim_token": "", "next_attempt_at": at}
    if undo_attempt:
        changes["attempts"] = F("attempts") - 1
    if error:
        changes["last_error"] = error[:500]
    Delivery.objects.filter(pk=delivery.pk).update(**changes)
    schedule([delivery.pk], run_after=at)


def _start(delivery_ids: Sequence[int], now: datetime, results: dict[int, str]) -> list[Delivery]:
    """Claim the due deliveries among these and their accounts' write slots (one commit)."""
    token = secrets.token_hex(16)
    with transaction.atomic():
        Delivery.objects.filter(_due(now), pk__in=list(delivery_ids)).update(
            claimed_until=now + timedelta(seconds=conf.CLAIM_SECONDS),
            claim_token=token,
            attempts=F("attempts") + 1,
        )
        claimed = list(
            Delivery.objects.filter(claim_token=token)
            .select_related("entry", "account", "party_list")
            .order_by("pk")
        )
        ready = []
        for delivery in claimed:
            wanted = (
                EntryStatus.UNBLOCKED if delivery.action == Action.UNBLOCK else EntryStatus.ACTIVE
            )
            if delivery.entry.status != wanted:
                Delivery.objects.filter(pk=delivery.pk).update(
                    state=DeliveryState.CANCELLED,
                    claimed_until=None,
                    last_error="The block was lifted before this was sent.",
                )
                results[delivery.pk] = "cancelled"
                continue
            opens = _slot(delivery, now)
            if opens is not None:
                _release(delivery, at=opens, undo_attempt=True)
                results[delivery.pk] = "rate limited"
                continue
            ready.append(delivery)
    for delivery_id in delivery_ids:
        results.setdefault(delivery_id, "not due")
    return ready


def deliveries_run(*, delivery_ids: Sequence[int]) -> dict[int, str]:
    """Run these deliveries where due and not held by another worker; say what happened."""
    results: dict[int, str] = {}
    confirmed: list[tuple[Delivery, datetime]] = []
    for delivery in _start(delivery_ids, timezone.now(), results):
        try:
            outcome = _on_platform(perform, delivery)
            delivery.record_ref = outcome.ref
            sent_at = timezone.now()
            if not outcome.confirmed:
                Delivery.objects.filter(pk=delivery.pk).update(
                    state=DeliveryState.SENT, record_ref=outcome.ref, sent_at=sent_at
                )
                if not _on_platform(confirm, delivery):
                    _release(delivery, at=sent_at + timedelta(seconds=1), undo_attempt=False)
                    results[delivery.pk] = "sent"
                    continue
        except PlatformError as error:
            _failed(delivery, error)
            results[delivery.pk] = "failed" if error.permanent else "retry"
            continue
        confirmed.append((delivery, sent_at))
        results[delivery.pk] = "confirmed"
    if confirmed:
        _confirm(confirmed)
    return results


def _on_platform(call: Callable[[Delivery], T], delivery: Delivery) -> T:
    """Make this delivery's platform call. Anything it raises other than a `PlatformError`
    (an adapter that could not make sense of an answer) is logged and becomes a transient error
    for this delivery, naming only the exception's type: never the answer, which may hold
    anything. Our own database's errors are not the platform's, and go on up."""
    try:
        return call(delivery)
    except (PlatformError, DatabaseError):
        raise
    except Exception as error:
        kind = type(error).__name__
        log.exception("Delivery %s: unexpected %s from the platform", delivery.pk, kind)
        raise TransientError(f"Unexpected {kind} from the platform.") from error


def delivery_run(*, delivery_id: int) -> str:
    return deliveries_run(delivery_ids=[delivery_id])[delivery_id]


def _confirm(done: list[tuple[Delivery, datetime]]) -> None:
    now = timezone.now()
    with transaction.atomic():
        for delivery, sent_at in done:
            delivery.state = DeliveryState.CONFIRMED
            delivery.sent_at = sent_at
            delivery.confirmed_at = now
            delivery.claimed_until = None
            delivery.claim_token = ""
            delivery.last_error = ""
        Delivery.objects.bulk_update(
            [delivery for delivery, _ in done],
            [
                "state",
                "record_ref",
                "sent_at",
                "confirmed_at",
                "claimed_until",
                "claim_token",
                "last_error",
            ],
        )
        for delivery, _ in done:
            if delivery.party_list_id is not None and delivery.action != Action.REPORT:
                _cascade_list(delivery, now)
        for entry in {delivery.entry_id: delivery.entry for delivery, _ in done}.values():
            _complete_if_done(entry)


def _covered_by_list(delivery: Delivery) -> QuerySet[Delivery]:
    """The open deliveries of people whose accounts rely on the party list for this action."""
    return Delivery.objects.filter(
        entry_id=delivery.entry_id,
        action=delivery.action,
        method=Method.MODLIST,
        account__isnull=False,
        state__in=OPEN,
    )


def _cascade_list(delivery: Delivery, now: datetime) -> None:
    """The list changed: every subscribed person's account is covered by it."""
    _covered_by_list(delivery).exclude(account__subscription_uri="").update(
        state=DeliveryState.CONFIRMED,
        sent_at=now,
        confirmed_at=now,
        record_ref=delivery.record_ref,
        claimed_until=None,
        claim_token="",
    )


def _complete_if_done(entry: BlockEntry) -> None:
    """The last block delivery is settled: time-to-block ends at the last confirmation.

    The entry's row is locked first, so two workers settling the last two deliveries at once
    cannot each see the other's as still open.
    """
    BlockEntry.objects.select_for_update().filter(pk=entry.pk).values_list("pk").first()
    figures = entry.deliveries.filter(action=Action.BLOCK).aggregate(
        open=Count("pk", filter=Q(state__in=OPEN)),
        last=Max("confirmed_at", filter=Q(state=DeliveryState.CONFIRMED)),
    )
    last = figures["last"]
    if figures["open"] or last is None:
        return
    if BlockEntry.objects.filter(pk=entry.pk, completed_at__isnull=True).update(completed_at=last):
        seconds = (last - entry.first_seen_at).total_seconds()
        audit.record(None, "block.delivered", entry, {"time_to_block_s": round(seconds, 3)})


def backoff(attempt: int) -> timedelta:
    ceiling = min(conf.BACKOFF_CAP_SECONDS, conf.BACKOFF_BASE_SECONDS * 2 ** max(attempt - 1, 0))
    return timedelta(seconds=random.uniform(ceiling / 2, ceiling))  # noqa: S311 - jitter


def _failed(delivery: Delivery, error: PlatformError) -> None:
    attempts = Delivery.objects.filter(pk=delivery.pk).values_list("attempts", flat=True).get()
    if not error.permanent and attempts < conf.max_attempts():
        _release(
            delivery, at=timezone.now() + backoff(attempts), undo_attempt=False, error=error.message
        )
        return
    reason = error.message if error.permanent else f"Gave up after {attempts} tries: {error}"
    failed = {
        "state": DeliveryState.FAILED,
        "failed_at": timezone.now(),
        "claimed_until": None,
        "claim_token": "",
        "last_error": reason[:500],
    }
    with transaction.atomic():
        Delivery.objects.filter(pk=delivery.pk).update(**failed)
        if delivery.party_list_id is not None and delivery.action != Action.REPORT:
            # The people who rely on the list are not covered either.
            _covered_by_list(delivery).update(
                **{**failed, "last_error": f"The party list was not updated: {reason}"[:500]}
            )
        if delivery.account_id is not None and isinstance(error, AuthenticationFailed):
            BlockingAccount.objects.filter(pk=delivery.account_id).update(last_error=reason[:500])
        audit.record(
            None,
            "block.delivery_failed",
            delivery.entry,
            # The platform's words stay on the delivery (they may quote a handle or a token's
            # owner); the append-only log keeps what kind of failure it was.
            {
                "delivery": delivery.pk,
                "account": delivery.account_id,
                "cause": type(error).__name__,
                "permanent": error.permanent,
                "attempts": attempts,
            },
        )
        _alert_leads(delivery, reason)
        _complete_if_done(delivery.entry)


def _alert_leads(delivery: Delivery, reason: str) -> None:
    from upstander.core.mail import mail_queue_on_commit

    emails = list(
        RoleGrant.objects.filter(
            role=Role.SAFEGUARDING_LEAD, revoked_at__isnull=True, user__is_active=True
        ).values_list("user__email", flat=True)
    )
    target = str(delivery.account or delivery.party_list)
    body = (
        f"A block of {delivery.entry.label} on {delivery.entry.get_platform_display()} could not "
        f"be delivered to {target}, and will not be retried.\n\nWhy: {reason}\n\n"
        "If the account's access was revoked, ask the person to connect it again."
    )
    mail_queue_on_commit(to=emails, subject="A block could not be delivered", body=body)


def deliveries_run_due(*, now: datetime | None = None, limit: int = 500, batch: int = 20) -> int:
    """Run every delivery that is due (the sweeper, for backends that cannot defer)."""
    now = now or timezone.now()
    ids = list(
        Delivery.objects.filter(_due(now))
        .order_by("next_attempt_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )
    for start in range(0, len(ids), batch):
        deliveries_run(delivery_ids=ids[start : start + batch])
    return len(ids)
