"""Background work: the welcome pack (with its PDF), written when sent; it takes an id only.

A pack the mail server refuses is tried again later (`mail_task_retry`).
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage
from django.urls import reverse
from django_tasks import task

from upstander.core.mail import mail_task_retry
from upstander.policies.models import WelcomePack
from upstander.policies.welcome_pdf import WelcomeContent, welcome_pack_pdf


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
def send_welcome_pack(*, pack_id: int, attempt: int = 1) -> None:
    pack = WelcomePack.objects.select_related(
        "member", "equality", "behaviour", "code_of_conduct"
    ).get(pk=pack_id)
    if not pack.sent_to:
        return
    page = settings.SITE_URL + reverse("policies:welcome")
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
    try:
        message.send()
    except OSError as error:
        try:
            mail_task_retry(send_welcome_pack, attempt=attempt, error=error, pack_id=pack_id)
        except OSError:
            # Given up on: the pack must not look sent, or nobody would send it again.
            from upstander.policies.services import welcome_pack_undelivered  # imports this

            welcome_pack_undelivered(None, pack_id=pack_id)
            raise
