"""Background work: meeting mails, written when sent.

Each task takes ids only: the link, password and personal token are read or derived here. A mail
the mail server refuses is tried again later (`mail_task_retry`), written afresh each time.
"""

from __future__ import annotations

from django_tasks import task

from upstander.core.mail import mail_send, mail_task_retry
from upstander.meetings.gate import is_admitted
from upstander.meetings.models import Registration
from upstander.meetings.services.mail import joining_details_mail, registration_link_mail

# Welcome packs queued under this module's path (before the pack moved to policies) still run.
from upstander.policies.tasks import send_welcome_pack  # noqa: F401


def _live_registration(registration_id: int) -> Registration | None:
    registration = Registration.objects.select_related("meeting").filter(pk=registration_id).first()
    # Withdrawn since it was queued: nothing goes out.
    return None if registration is None or registration.is_revoked else registration


@task()
def send_registration_link(*, registration_id: int, attempt: int = 1) -> bool:
    registration = _live_registration(registration_id)
    if registration is None or not registration.token_nonce:
        return False
    subject, body = registration_link_mail(registration)
    try:
        mail_send(to=registration.email, subject=subject, body=body)
    except OSError as error:
        mail_task_retry(
            send_registration_link, attempt=attempt, error=error, registration_id=registration_id
        )
        return False
    return True


@task()
def send_joining_details(
    *, registration_id: int, with_link: bool, rotated: bool, attempt: int = 1
) -> bool:
    registration = _live_registration(registration_id)
    # A later try may find the person no longer admitted (suspended, or a new code of conduct).
    if registration is None or not is_admitted(registration):
        return False
    subject, body = joining_details_mail(registration, with_link=with_link, rotated=rotated)
    try:
        mail_send(to=registration.email, subject=subject, body=body)
    except OSError as error:
        mail_task_retry(
            send_joining_details,
            attempt=attempt,
            error=error,
            registration_id=registration_id,
            with_link=with_link,
            rotated=rotated,
        )
        return False
    return True
