from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from upstander.cases.services import check_in_reminders_send


class Command(BaseCommand):
    help = (
        "Remind case workers of check-ins agreed with the person targeted that are due. Run it "
        "daily from cron or a systemd timer; each agreed date is reminded once."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        reminded = check_in_reminders_send(None)
        self.stdout.write(
            self.style.SUCCESS(f"Check-in reminders sent for {len(reminded)} case(s).")
        )
