"""Background work: telling a protected person's delegates that a post crossed their threshold."""

from __future__ import annotations

from django_tasks import task


@task()
def alerts_notify(alert_ids: list[int]) -> None:
    from upstander.monitoring.services.alerts import alerts_send

    alerts_send(alert_ids=alert_ids)
