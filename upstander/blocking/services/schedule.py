"""Handing deliveries to the task queue, in batches, once the transaction commits."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from django.db import transaction

BATCH = 10  # deliveries per task: fewer commits per delivery, still spread over many workers


def schedule(ids: Iterable[int], *, run_after: datetime | None = None) -> None:
    from upstander.blocking.tasks import deliver

    wanted = list(ids)
    if not wanted:
        return

    def send() -> None:
        task = deliver
        if run_after is not None:
            if not task.get_backend().supports_defer:
                return  # the sweeper (`deliveries_run_due`) picks it up when it is due
            task = task.using(run_after=run_after)
        for start in range(0, len(wanted), BATCH):
            task.enqueue(delivery_ids=wanted[start : start + BATCH])

    transaction.on_commit(send)
