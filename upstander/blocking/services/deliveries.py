"""Fan-out: one delivery per account and action (and one for the party's list), queued in the
approving transaction and sent by background tasks (see `runner`), never twice.

People subscribed to the party's Bluesky moderation list need no write of their own: their
deliveries are confirmed when the list's item is (one write, not N).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from django.utils import timezone

from upstander.blocking.models import (
    Action,
    BlockEntry,
    BlockingAccount,
    Delivery,
    DeliveryState,
    Method,
    PartyList,
)
from upstander.blocking.services.schedule import schedule


def _key(entry: BlockEntry, action: str, target: str) -> str:
    return f"e{entry.pk}:{target}:{action}"


def _fan_out(entry: BlockEntry, *, only: Sequence[BlockingAccount] | None = None) -> list[Delivery]:
    """Create the block's deliveries and send them on commit; the approving service audits."""
    accounts = (
        list(only)
        if only is not None
        else list(BlockingAccount.objects.filter(platform=entry.platform, revoked_at__isnull=True))
    )
    now = timezone.now()
    rows: list[Delivery] = []
    party_list = None
    if any(account.method == Method.MODLIST for account in accounts):
        party_list = PartyList.objects.filter(platform=entry.platform).first()
        if party_list is not None:
            rows.append(
                _queued(
                    entry,
                    Action.BLOCK,
                    f"l{party_list.pk}",
                    Method.MODLIST,
                    now=now,
                    party_list=party_list,
                )
            )
    rows.extend(
        _queued(entry, Action.BLOCK, f"a{account.pk}", account.method, now=now, account=account)
        for account in accounts
    )
    if entry.report_to_platform and accounts:
        reporter = accounts[0]
        bluesky = entry.platform == "bluesky"
        rows.append(
            _queued(
                entry,
                Action.REPORT,
                "p",
                reporter.method,
                now=now,
                party_list=party_list if bluesky else None,
                account=None if party_list and bluesky else reporter,
            )
        )
    return _bulk_schedule(rows)


def _queued(
    entry: BlockEntry,
    action: str,
    target: str,
    method: str,
    *,
    now: datetime,
    party_list: PartyList | None = None,
    account: BlockingAccount | None = None,
) -> Delivery:
    """One delivery waiting to be sent, keyed so that the same one is never made twice."""
    return Delivery(
        entry=entry,
        account=account,
        party_list=party_list,
        action=action,
        method=method,
        idempotency_key=_key(entry, action, target),
        next_attempt_at=now,
        queued_at=now,
    )


def _bulk_schedule(rows: list[Delivery]) -> list[Delivery]:
    """Save the deliveries and send them on commit, except those the party list carries."""
    made = Delivery.objects.bulk_create(rows)
    schedule([row.pk for row in made if row.pk is not None and not _rides_on_list(row)])
    return made


def _rides_on_list(delivery: Delivery) -> bool:
    """Subscribed to the party list: covered by the list's delivery, nothing to send."""
    account = delivery.account
    return (
        delivery.method == Method.MODLIST
        and account is not None
        and bool(account.subscription_uri)
        and delivery.action != Action.REPORT
    )


def _unblock_fan_out(entry: BlockEntry) -> list[Delivery]:
    """Cancel what was not yet sent, and undo everywhere a block may have been written (the
    unblocking service audits)."""
    now = timezone.now()
    Delivery.objects.filter(
        entry=entry,
        action=Action.BLOCK,
        state=DeliveryState.QUEUED,
        attempts=0,
        claimed_until__isnull=True,
    ).update(state=DeliveryState.CANCELLED, last_error="Unblocked before it was sent.")
    sent = (
        entry.deliveries.filter(action=Action.BLOCK)
        .exclude(state__in=[DeliveryState.FAILED, DeliveryState.CANCELLED])
        .select_related("account", "party_list")
    )
    rows = [
        Delivery(
            entry=entry,
            account=block.account,
            party_list=block.party_list,
            action=Action.UNBLOCK,
            method=block.method,
            record_ref=block.record_ref,
            idempotency_key=block.idempotency_key.rsplit(":", 1)[0] + ":unblock",
            next_attempt_at=now,
            queued_at=now,
        )
        for block in sent
    ]
    return _bulk_schedule(rows)
