"""Background work: meeting mails and the welcome pack (with its PDF), written when sent.

Each task takes ids only: the link, password and personal token are read or derived here.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage
from django.urls import reverse
from django_tasks import task

from upstander.core.mail import mail_send
from upstander.meetings.models import Registration, WelcomePack
from upstander.meetings.services.mail import joining_details_mail, registration_link_mail
from upstander.meetings.welcome_pdf import WelcomeContent, welcome_pack_pdf


def welcome_content(pack: WelcomePack) -> WelcomeContent:
    return WelcomeContent(
        party_name=settings.PARTY_NAME,
        member_name=pack.member.given_name,
        equality=pack.equality,
        behaviour=pack.behaviour,
        code_of_conduct=pack.code_of_conduct,
        report_url=settings.SITE_URL + reverse("web:report_abuse"),
    )


@task()
def send_welcome_pack(*, pack_id: int) -> None:
    pack = WelcomePack.objects.select_related(
        "member", "equality", "behaviour", "code_of_conduct"
    ).get(pk=pack_id)
    if not pack.sent_to:
        return
    page = settings.SITE_URL + reverse("meetings:welcome")
    message = EmailMessage(
        subject=f"Welcome to {settings.PARTY_NAME}",
        body=(
            f"Hello {pack.member.given_name},\n\n"
            f"Welcome to {settings.PARTY_NAME}. Your welcome pack is attached as a PDF, and "
            f"online here: {page}\n\n"
            "It includes our equality statement, our online behaviour policy (with examples of "
            "behaviour we do not tolerate), how to report abuse, and the code of conduct for "
            "our meetings. Please read the behaviour policy and accept it from the page above "
            "once you have signed in.\n"
        ),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[pack.sent_to],
    )
    message.attach("welcome-pack.pdf", welcome_pack_pdf(welcome_content(pack)), "application/pdf")
    message.send()


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
