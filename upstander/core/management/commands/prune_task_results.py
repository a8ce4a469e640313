from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from upstander.core.tasks_pruning import prune_task_results


class Command(BaseCommand):
    help = (
        "Delete finished task rows (and queued mail never sent, and used form submission keys) "
        "older than "
        "TASKS_RESULT_RETENTION_DAYS. Idempotent: run it daily from cron."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help="Keep this many days instead of TASKS_RESULT_RETENTION_DAYS.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        days = (
            options["days"] if options["days"] is not None else settings.TASKS_RESULT_RETENTION_DAYS
        )
        pruned = prune_task_results(days=days)
        self.stdout.write(
            f"Pruned {pruned['task_results']} finished task rows, "
            f"{pruned['queued_mail']} unsent mails and {pruned['submission_keys']} form "
            f"submission keys older than {days} days."
        )
