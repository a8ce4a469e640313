"""Background work: meeting mails, written when sent.

Each task takes ids only: the link, password and personal token are read or derived here.
"""

from __future__ import annotations

from django_tasks import task

from upstander.core.mail import mail_send
from upstander.meetings.models import Registration
from upstander.meetings.services.mail import joining_details_mail, registration_link_mail

# Welcome packs queued under this module's path (before the pack moved to policies) still run.
from upstander.policies.tasks import send_welcome_pack  # noqa: F401


def _live_registration(registration_id: int) -> Registration | None:
    registration = Registration.objects.select_related("meeting").filter(pk=registration_id).first()
    # Withdrawn since it was queued: nothing goes out.
    return None if registration is None or registration.is_revoked else registration


@task()
def send_registration_link(*, registration_id: int) -> bool:
    registration = _live_registration(registration_id)
    if registration is None or not registration.token_nonce:
        return False
    subject, body = registration_link_mail(registration)
    mail_send(to=registration.email, subject=subject, body=body)
    return True


@task()
def send_joining_details(*, registration_id: int, with_link: bool, rotated: bool) -> bool:
    registration = _live_registration(registration_id)
    if registration is None:
        return False
    subject, body = joining_details_mail(registration, with_link=with_link, rotated=rotated)
    mail_send(to=registration.email, subject=subject, body=body)
    return True
