"""`manage.py prune_monitoring`: the monitor's daily retention run (cron it once a day)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from upstander.monitoring.services.retention import (
    PRUNE_BATCH_SIZE,
    PruneProgress,
    monitoring_retention_run,
)


class Command(BaseCommand):
    help = (
        "Delete the monitored posts nobody acted on (never flagged, or dismissed), with their "
        "queue items and alerts, and the dead letters, stored more than "
        "MONITORING_RETENTION_DAYS ago; posts anyone acted on, or still to review, stay. "
        "Run it daily from cron or a systemd timer; it is safe to run any number of times, "
        "and a run stopped half way goes on where it stopped."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--batch-size",
            type=int,
            default=PRUNE_BATCH_SIZE,
            help=f"Rows deleted per transaction (default {PRUNE_BATCH_SIZE}).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["batch_size"] < 1:
            raise CommandError("--batch-size must be at least 1.")
        run = monitoring_retention_run(batch_size=options["batch_size"], progress=self._progress)
        self.stdout.write(
            self.style.SUCCESS(
                f"Deleted {run.posts.posts} post(s) nobody acted on (with "
                f"{run.posts.review_items} queue item(s) and {run.posts.alerts} alert(s)) and "
                f"{run.dead_letters} dead letter(s) stored before "
                f"{run.stored_before:%Y-%m-%d %H:%M} UTC (retention {run.retention_days} days)."
            )
        )

    def _progress(self, done: PruneProgress) -> None:
        self.stdout.write(
            f"{done.what}: batch {done.batch}, {done.deleted} deleted ({done.total} so far)"
        )
        self.stdout.flush()
