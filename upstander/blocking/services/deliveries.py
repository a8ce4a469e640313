"""Fan-out: one delivery per account and action (and one for the party's list), queued in the
approving transaction and sent by background tasks (see `runner`), never twice.

People subscribed to the party's Bluesky moderation list need no write of their own: their
deliveries are confirmed when the list's item is (one write, not N).
"""

from __future__ import annotations

from collections.abc import Sequence

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
                Delivery(
                    entry=entry,
                    party_list=party_list,
                    action=Action.BLOCK,
                    method=Method.MODLIST,
                    idempotency_key=_key(entry, Action.BLOCK, f"l{party_list.pk}"),
                    next_attempt_at=now,
                    queued_at=now,
                )
            )
    for account in accounts:
        rows.append(
            Delivery(
                entry=entry,
                account=account,
                action=Action.BLOCK,
                method=account.method,
                idempotency_key=_key(entry, Action.BLOCK, f"a{account.pk}"),
                next_attempt_at=now,
                queued_at=now,
            )
        )
    if entry.report_to_platform and accounts:
        reporter = accounts[0]
        rows.append(
            Delivery(
                entry=entry,
                account=None if party_list and entry.platform == "bluesky" else reporter,
                party_list=party_list if entry.platform == "bluesky" else None,
                action=Action.REPORT,
                method=reporter.method,
                idempotency_key=_key(entry, Action.REPORT, "p"),
                next_attempt_at=now,
                queued_at=now,
            )
        )
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
    made = Delivery.objects.bulk_create(rows)
    schedule([row.pk for row in made if row.pk is not None and not _rides_on_list(row)])
    return made
