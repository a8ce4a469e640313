"""The procedure's daily round: lift ended sanctions, close appeal windows, alert and prompt."""

from __future__ import annotations

from django_tasks import task

from upstander.discipline import services


@task()
def discipline_daily() -> dict[str, int]:
    """Idempotent: running it twice in a day changes nothing the second time."""
    return {
        "sanctions_lifted": services.sanctions_lift_expired(None),
        "appeal_windows_closed": services.appeal_windows_close(None),
        "interim_overruns_alerted": services.interims_overrun_alert(None),
        "complainants_to_update": services.complainant_update_prompts(None),
    }
