"""Run the disciplinary procedure's daily round (cron it once a day; safe to run more often)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from upstander.discipline import services


class Command(BaseCommand):
    help = (
        "Lift sanctions that have ended, close appeal windows, alert on overruns, prompt updates."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        figures = {
            "sanctions lifted": services.sanctions_lift_expired(None),
            "appeal windows closed": services.appeal_windows_close(None),
            "interim suspensions past their maximum (leads alerted)": (
                services.interims_overrun_alert(None)
            ),
            "complainants due an update (leads prompted)": services.complainant_update_prompts(
                None
            ),
        }
        for name, value in figures.items():
            self.stdout.write(f"{name}: {value}")
