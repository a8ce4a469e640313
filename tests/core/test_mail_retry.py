"""Mail counts as sent only once the mail server took it: a refusal leaves it waiting with its
attempts, error and next try (backoff, capped), and after the last try it is failed and counted
on the safeguarding leads' dashboard."""

from __future__ import annotations

import re
from datetime import timedelta
from io import StringIO

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pytest_django.fixtures import Settings

from tests.conftest import signed_in
from tests.core.mail_backends import REFUSING, refuse_next
from upstander.accounts.models import User
from upstander.core.mail import mail_queue, retry_delay
from upstander.core.models import QueuedMail

pytestmark = pytest.mark.django_db


def test_retry_delay_doubles_and_is_capped_by_the_setting(settings: Settings) -> None:
    settings.MAIL_RETRY_MAX_DELAY_SECONDS = 600
    assert timedelta(seconds=15) <= retry_delay(1) <= timedelta(seconds=30)
    assert timedelta(seconds=60) <= retry_delay(3) <= timedelta(seconds=120)
    assert retry_delay(30) <= timedelta(seconds=600)


def test_mail_refused_on_every_try_is_failed_and_counted_for_leads(
    settings: Settings, client: Client, safeguarding_lead: User
) -> None:
    settings.EMAIL_BACKEND = REFUSING
    settings.MAIL_MAX_ATTEMPTS = 3
    refuse_next(100)
    queued = mail_queue(to="someone@example.org", subject="Hello", body="Text")
    queued.refresh_from_db()
    assert queued.waiting and queued.attempts == 1 and queued.last_error

    later = timezone.now()
    for _ in range(2):
        later += timedelta(hours=2)
        with time_machine.travel(later, tick=False):
            call_command("retry_mail", stdout=StringIO())
    given_up = QueuedMail.objects.get()
    assert given_up.attempts == 3 and given_up.failed_at is not None and not given_up.waiting
    assert mail.outbox == []
    with time_machine.travel(later + timedelta(hours=2), tick=False):
        call_command("retry_mail", stdout=StringIO())  # failed for good: never tried again
    assert QueuedMail.objects.get().attempts == 3

    page = signed_in(client, safeguarding_lead).get(reverse("web:staff_dashboard"))
    failed = re.search(r'id="failed-mail"><p class="figure-number">(\d+)<', page.content.decode())
    assert failed and failed.group(1) == "1"


def test_sent_mail_without_a_record_leaves_no_row() -> None:
    mail_queue(to="someone@example.org", subject="Hello", body="Text")
    assert len(mail.outbox) == 1 and not QueuedMail.objects.exists()
