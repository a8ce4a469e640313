"""The procedure's daily round (lift ended sanctions, close appeal windows, alert and prompt,
minimise what is past retention and warn of what comes next), and mailing letters by id: the
letter is read, decrypted, when the task runs."""

from __future__ import annotations

from django_tasks import task

from upstander.core.mail import mail_send
from upstander.discipline import services
from upstander.discipline.models import Letter


@task()
def discipline_daily() -> dict[str, int]:
    """Idempotent: running it twice in a day changes nothing the second time."""
    figures = {
        "sanctions_lifted": services.sanctions_lift_expired(None),
        "appeal_windows_closed": services.appeal_windows_close(None),
        "interim_overruns_alerted": services.interims_overrun_alert(None),
        "complainants_to_update": services.complainant_update_prompts(None),
    }
    # After the round, so a sanction lifted or a window closed today starts its clock today.
    retention = services.discipline_retention_run()
    return figures | {
        "proceedings_minimised": len(retention.proceedings_minimised),
        "referrals_minimised": len(retention.referrals_minimised),
        "proceedings_retention_warned": len(retention.proceedings_warned),
        "referrals_retention_warned": len(retention.referrals_warned),
    }


@task()
def send_letter(*, letter_id: int) -> bool:
    """Mail a letter to the address it was sent to; False when it has no address.

    Only for letters queued before letters went through `core.mail.mail_queue` (which
    retries); nothing enqueues it any more.
    """
    letter = Letter.objects.filter(pk=letter_id).first()
    if letter is None or not letter.emailed_to:
        return False
    mail_send(to=letter.emailed_to, subject=letter.subject, body=letter.body)
    return True
