"""Leases on monitor sources: one process works on a source at a time, however many run.

As in healthchecks' sendalerts: claim with a conditional UPDATE and go on only if exactly one
row changed. A process that dies keeps its lease until it expires; then any other may take it.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from upstander import audit
from upstander.monitoring.models import MonitorSource


def source_row_ensure(*, name: str) -> None:
    """Make sure the source `name` has its row, however many processes (monitors, webhook
    deliveries) ask at the same moment: one creates it, the others find it."""
    if not MonitorSource.objects.filter(name=name).exists():
        try:
            with transaction.atomic():
                MonitorSource.objects.create(name=name)
        except IntegrityError:
            pass  # another process created it at the same moment


def source_claim(*, name: str, owner: str, lease_seconds: float) -> bool:
    """Take or renew the lease on `name`; False while another live process holds it."""
    source_row_ensure(name=name)
    now = timezone.now()
    with transaction.atomic():
        changed = (
            MonitorSource.objects.filter(name=name)
            .filter(Q(lease_owner="") | Q(lease_owner=owner) | Q(lease_expires_at__lt=now))
            .update(lease_owner=owner, lease_expires_at=now + timedelta(seconds=lease_seconds))
        )
    return changed == 1


def source_release(*, name: str, owner: str) -> None:
    """Give the lease back at a clean stop, so another process can start at once."""
    with transaction.atomic():
        MonitorSource.objects.filter(name=name, lease_owner=owner).update(
            lease_owner="", lease_expires_at=None
        )


@transaction.atomic
def source_error_record(*, name: str, message: str) -> None:
    """Say on the source why reading it failed (it is retried). A failure that repeats every
    poll is written, and audited, once: only a change is recorded."""
    message = message[:500]
    changed = (
        MonitorSource.objects.filter(name=name)
        .exclude(last_error=message)
        .update(last_error=message)
    )
    if changed:
        source = MonitorSource.objects.get(name=name)
        audit.record(None, "monitoring.source_error", source, {"error": message[:200]})


@transaction.atomic
def source_read_record(*, name: str, backlog: int | None) -> None:
    """A read of `name` succeeded (even with nothing new): when, and how many pages it knows
    are still waiting (None: not known). Bookkeeping on every poll, not audited, as the
    checkpoint is not."""
    MonitorSource.objects.filter(name=name).update(
        last_read_at=timezone.now(), backlog=backlog, waiting_until=None, last_error=""
    )


@transaction.atomic
def source_wait_record(*, name: str, until: datetime, message: str) -> None:
    """The platform asked us not to read `name` before `until` (a spent daily quota, a rate
    limit): the monitor sends it nothing until then, and the lead sees why."""
    message = message[:500]
    MonitorSource.objects.filter(name=name).update(waiting_until=until, last_error=message)
    source = MonitorSource.objects.get(name=name)
    audit.record(
        None,
        "monitoring.source_waiting",
        source,
        {"until": until.isoformat(), "error": message[:200]},
    )


def source_cursor(*, name: str) -> str:
    return MonitorSource.objects.filter(name=name).values_list("cursor", flat=True).first() or ""


@transaction.atomic
def source_due_clear(*, name: str) -> None:
    """A read of `name` begins: the news a webhook announced until now is what it reads. News
    that arrives during the read marks it due again, so that is read next; a read that fails
    is retried at the next poll, not every second. Bookkeeping, not audited."""
    MonitorSource.objects.filter(name=name, due_at__lte=timezone.now()).update(due_at=None)
