from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from upstander.networks.services import statistics_publish_closed_quarters


class Command(BaseCommand):
    help = (
        "Publish the statistics of each closed quarter not yet published (the public page shows "
        "nothing else). Run it daily from cron or a systemd timer; it is safe to run any number "
        "of times."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        published = statistics_publish_closed_quarters(None)
        labels = ", ".join(str(row.quarter_starts_on) for row in published) or "none"
        self.stdout.write(self.style.SUCCESS(f"Published quarters starting: {labels}."))
