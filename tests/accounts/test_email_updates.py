"""Email updates: an administrator writes one, every confirmed subscriber gets it once with their
own unsubscribe link, and the page shows how far the sending has gone."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from tests.conftest import signed_in
from upstander.accounts.models import EmailUpdate, Subscriber, SubscriptionStatus, User
from upstander.accounts.selectors import email_update_progress
from upstander.accounts.services import (
    email_update_queue_batch,
    email_update_send,
    subscription_confirm,
    subscription_request,
)
from upstander.accounts.services.subscriptions import confirm_token
from upstander.audit.models import AuditEntry
from upstander.core.errors import NotPermitted

pytestmark = pytest.mark.django_db


def confirmed(*emails: str) -> None:
    for email in emails:
        subscription_request(email=email)
        subscription_confirm(token=confirm_token(email))
    mail.outbox.clear()


def test_an_update_reaches_every_confirmed_subscriber_once_with_their_own_unsubscribe_link(
    administrator: User, django_capture_on_commit_callbacks: object
) -> None:
    confirmed(*(f"reader{n}@example.org" for n in range(5)))
    subscription_request(email="pending@example.org")  # never confirmed: never mailed
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        update = email_update_send(administrator, subject="Spring news", body="Hello all.")
    assert sorted(m.to[0] for m in mail.outbox) == [f"reader{n}@example.org" for n in range(5)]
    links = {m.extra_headers["List-Unsubscribe"] for m in mail.outbox}
    assert len(links) == 5  # each subscriber's own link
    update.refresh_from_db()
    progress = email_update_progress(update)
    assert (progress.recipients, progress.queued, progress.sent) == (5, 5, 5)
    assert progress.finished and progress.percent_sent == 100
    assert AuditEntry.objects.filter(verb="email_update.send").count() == 1


def test_queuing_resumes_where_it_stopped_and_skips_who_unsubscribed_meanwhile(
    administrator: User,
) -> None:
    confirmed(*(f"reader{n}@example.org" for n in range(5)))
    update = email_update_send(administrator, subject="Spring news", body="Hello all.")
    # The task has not run (no commit in this test); a worker queues two, then stops.
    assert email_update_queue_batch(update_id=update.pk, batch=2) is False
    Subscriber.objects.filter(email="reader4@example.org").update(
        status=SubscriptionStatus.UNSUBSCRIBED
    )
    # Another worker picks it up where the first stopped.
    while not email_update_queue_batch(update_id=update.pk, batch=2):
        pass
    assert email_update_queue_batch(update_id=update.pk, batch=2) is True  # finished stays so
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == [f"reader{n}@example.org" for n in range(4)]
    assert email_update_progress(update).queued == 4


def test_only_an_administrator_may_send_an_update(caseworker: User) -> None:
    confirmed("reader@example.org")
    with pytest.raises(NotPermitted):
        email_update_send(caseworker, subject="Hi", body="Hello.")
    assert not EmailUpdate.objects.exists()


def test_the_form_sends_once_however_often_it_is_posted(
    client: Client, administrator: User, django_capture_on_commit_callbacks: object
) -> None:
    confirmed("one@example.org", "two@example.org")
    signed_in(client, administrator)
    page = client.get(reverse("accounts:staff_email_updates"))
    assert page.status_code == 200 and "Send to 2 subscribers" in page.content.decode()
    key = re.search(r'name="submission_key" value="([^"]+)"', page.content.decode())
    assert key is not None
    form = {"subject": "Spring news", "body": "Hello all.", "submission_key": key.group(1)}
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        first = client.post(reverse("accounts:staff_email_updates"), form)
        again = client.post(reverse("accounts:staff_email_updates"), form)
    update = EmailUpdate.objects.get()
    detail = reverse("accounts:staff_email_update", args=[update.pk])
    assert first.status_code == again.status_code == 302
    assert first["Location"] == again["Location"] == detail
    assert len(mail.outbox) == 2


def test_a_bad_update_is_shown_again_with_its_errors_and_nothing_sent(
    client: Client, administrator: User
) -> None:
    confirmed("one@example.org")
    signed_in(client, administrator)
    page = client.get(reverse("accounts:staff_email_updates")).content.decode()
    key = re.search(r'name="submission_key" value="([^"]+)"', page)
    assert key is not None
    response = client.post(
        reverse("accounts:staff_email_updates"),
        {"subject": "Two\r\nlines", "body": "Kept as written", "submission_key": key.group(1)},
    )
    assert response.status_code == 400
    assert "The subject must be one line." in response.content.decode()
    assert "Kept as written" in response.content.decode()
    assert not EmailUpdate.objects.exists() and not mail.outbox


def test_the_progress_region_polls_until_every_mail_has_left(
    client: Client, administrator: User
) -> None:
    confirmed("one@example.org", "two@example.org")
    update = email_update_send(administrator, subject="Spring news", body="Hello all.")
    signed_in(client, administrator)
    url = reverse("accounts:staff_email_update", args=[update.pk])
    waiting = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert waiting.strip().startswith('<section id="progress"')
    assert 'hx-trigger="every 2s"' in waiting
    assert "0 of 2" in waiting
    while not email_update_queue_batch(update_id=update.pk):
        pass
    done = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert "2 of 2" in done and "Finished" in done and "hx-trigger" not in done
