from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from upstander.cases.conf import retention_days, retention_warning_days
from upstander.cases.services.retention import retention_run


class Command(BaseCommand):
    help = (
        "Minimise closed cases, and reports that never became a case, past CASE_RETENTION_DAYS "
        "(warned CASE_RETENTION_WARNING_DAYS before), and the bytes of set-aside mailbox "
        "messages past it. Run it daily from cron or a systemd "
        "timer; it is safe to run any number of times."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        run = retention_run()
        self.stdout.write(
            self.style.SUCCESS(
                f"Minimised {len(run.minimised)} case(s) and {len(run.reports_minimised)} "
                f"report(s) that never became a case; warned about {len(run.warned)} case(s) "
                f"and {len(run.reports_warned)} report(s); removed the bytes of "
                f"{len(run.mailbox_purged)} set-aside mailbox message(s) (retention "
                f"{retention_days()} days, warning {retention_warning_days()} days)."
            )
        )
