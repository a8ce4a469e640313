"""Monitoring settings, read as `core.env.setting_int` reads every tunable."""

from __future__ import annotations

from django.core.exceptions import ImproperlyConfigured

from upstander.core.env import setting_int


def retention_days() -> int:
    """Posts nobody acted on, and dead letters, are deleted this many days after they were
    stored (MONITORING_RETENTION_DAYS, default 90).

    Why 90: the posts are personal data of members of the public (their accounts, their
    words), and nearly all are ordinary replies to a representative that nobody acts on, so
    they may be kept only as long as the monitoring needs them (storage limitation). Staff
    need some weeks: to work through a backlog after a holiday or an election, to see an
    author's earlier posts when a pattern builds up (a pile-on, a slow campaign of
    harassment), and for the person targeted to decide, after the fact, to act on a post.
    Three months covers that; anything anyone acted on (a case, a block request, an action
    on the platform) is kept whatever its age, and evidence captured from a post is a copy
    that case retention governs.
    """
    days = setting_int("MONITORING_RETENTION_DAYS", 90)
    if days < 1:
        raise ImproperlyConfigured(
            f"MONITORING_RETENTION_DAYS must be at least 1 (a day), not {days}."
        )
    return days
