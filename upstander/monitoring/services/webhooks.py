"""Webhook deliveries: a platform says a watched account has news, so its source is read now.

Polling stays the source of truth (the cursor, the restart-safe pipeline); a delivery only marks
the account's source due, and the monitor, which checks for due sources every second or so,
reads it through the adapter at once instead of at its next poll.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from upstander.monitoring.models import MonitorSource, WatchedAccount
from upstander.monitoring.services.sources import source_row_ensure
from upstander.platforms.meta_webhook import AccountNews

# The receiver's own row among the sources: when Meta last delivered, how many accounts it
# named (`events_seen`) and how many it named that nobody here watches (`events_malformed`).
META_WEBHOOK_SOURCE = "meta-webhook"


@dataclass(frozen=True)
class WebhookOutcome:
    due: list[str]  # the sources marked due
    ignored: int  # accounts nobody here watches, and entries about something else


@transaction.atomic
def meta_webhook_news_record(*, news: list[AccountNews], other: int = 0) -> WebhookOutcome:
    """Mark the source of every watched account `news` names as due now; count the rest.

    Bookkeeping, not audited, as a read's checkpoint is not: it changes no person's data and
    only moves a read forward (what the read finds is stored and audited as every poll's is),
    and an audit entry per delivery would put Meta's traffic on the audit chain."""
    now = timezone.now()
    due: list[str] = []
    for item in news:
        account = (
            WatchedAccount.objects.filter(
                platform=item.platform, stable_id=item.account_id, revoked_at__isnull=True
            )
            .only("pk", "platform")
            .first()
        )
        if account is None:
            continue
        name = f"{account.platform}-notifications:{account.pk}"
        source_row_ensure(name=name)
        # The earliest news is kept: a read that began after it clears it (see source_due_clear).
        MonitorSource.objects.filter(name=name, due_at__isnull=True).update(due_at=now)
        due.append(name)
    ignored = len(news) - len(due) + other
    source_row_ensure(name=META_WEBHOOK_SOURCE)
    MonitorSource.objects.filter(name=META_WEBHOOK_SOURCE).update(
        events_seen=F("events_seen") + len(news) + other,
        events_malformed=F("events_malformed") + ignored,
        last_read_at=now,
        updated_at=now,
    )
    return WebhookOutcome(due=due, ignored=ignored)
