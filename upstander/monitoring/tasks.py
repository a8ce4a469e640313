"""Background work: telling a protected person's delegates that a post crossed their threshold,
and the daily retention run (`manage.py prune_monitoring` does the same)."""

from __future__ import annotations

from django_tasks import task


@task()
def alerts_notify(alert_ids: list[int]) -> None:
    from upstander.monitoring.services.alerts import alerts_send

    alerts_send(alert_ids=alert_ids)


@task()
def prune_monitoring() -> dict[str, int]:
    """Idempotent: delete the posts nobody acted on, and the dead letters, past
    MONITORING_RETENTION_DAYS (a second run the same day finds nothing)."""
    from upstander.monitoring.services.retention import monitoring_retention_run

    run = monitoring_retention_run()
    return {
        "posts": run.posts.posts,
        "review_items": run.posts.review_items,
        "alerts": run.posts.alerts,
        "dead_letters": run.dead_letters,
    }
