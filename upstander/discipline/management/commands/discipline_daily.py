"""Run the disciplinary procedure's daily round (cron it once a day; safe to run more often)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from upstander.discipline import services


class Command(BaseCommand):
    help = (
        "Lift sanctions that have ended, close appeal windows, alert on overruns, prompt "
        "updates; minimise closed proceedings and declined referrals past "
        "DISCIPLINE_RETENTION_DAYS (warned CASE_RETENTION_WARNING_DAYS before)."
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
        # After the round, so a sanction lifted or a window closed today starts its clock today.
        retention = services.discipline_retention_run()
        figures |= {
            "proceedings minimised (retention)": len(retention.proceedings_minimised),
            "declined referrals minimised (retention)": len(retention.referrals_minimised),
            "proceedings due for minimising (leads warned)": len(retention.proceedings_warned),
            "declined referrals due for minimising (leads warned)": len(retention.referrals_warned),
        }
        for name, value in figures.items():
            self.stdout.write(f"{name}: {value}")
