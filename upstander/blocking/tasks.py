"""Background work for the blocklist: each delivery, each hand-over's retry, the sweeper, the
list subscription."""

from __future__ import annotations

from django_tasks import task

from upstander.blocking.models import BlockingAccount
from upstander.blocking.services import (
    blocking_account_subscribe,
    blocking_account_subscribe_failed,
    blocks_expire,
    deliveries_run,
    deliveries_run_due,
    handover_retry,
    handovers_retry_due,
)
from upstander.core.errors import DomainError
from upstander.platforms.errors import PlatformError


@task()
def deliver(*, delivery_ids: list[int]) -> dict[str, str]:
    """A batch of deliveries (claimed together, results recorded together)."""
    return {str(k): v for k, v in deliveries_run(delivery_ids=delivery_ids).items()}


@task()
def deliver_due() -> int:
    """Run whatever is due (retries after backoff, rate-limited writes, hand-overs waiting for
    a stable id) and lift expired blocks."""
    blocks_expire()
    handovers_retry_due()
    return deliveries_run_due()


@task()
def retry_handover(*, handover_id: int) -> str:
    """One hand-over's next try (idempotent: a claimed or not-yet-due one is left alone)."""
    return handover_retry(handover_id=handover_id)


@task()
def retry_handovers_due() -> int:
    return handovers_retry_due()


@task()
def subscribe_to_party_list(*, account_pk: int) -> str:
    account = BlockingAccount.objects.get(pk=account_pk)
    try:
        blocking_account_subscribe(account=account)
    except (PlatformError, DomainError) as error:
        blocking_account_subscribe_failed(account=account, error=error.message)
        return "failed"
    return "subscribed"
