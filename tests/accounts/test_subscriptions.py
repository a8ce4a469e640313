"""Email updates: double opt-in, and a one-click signed unsubscribe link in every mail."""

from __future__ import annotations

import re

import pytest
from django.contrib import admin
from django.core import mail
from django.test import Client, RequestFactory
from django.urls import reverse

from tests.conftest import signed_in
from upstander.accounts.admin import SubscriberAdmin
from upstander.accounts.errors import InvalidSubscriptionLink
from upstander.accounts.models import Subscriber, SubscriptionStatus, User
from upstander.accounts.services import (
    email_update_send,
    subscription_confirm,
    subscription_request,
    subscription_unsubscribe,
)
from upstander.accounts.services.subscriptions import confirm_token, unsubscribe_url
from upstander.audit.models import AuditEntry

pytestmark = pytest.mark.django_db


def link_in(body: str) -> str:
    found = re.search(r"https?://\S+", body)
    assert found, body
    return found.group(0)


def token_of(link: str) -> str:
    return link.rstrip("/").rsplit("/", 1)[-1]


def test_subscribing_sends_a_confirmation_and_nothing_else(
    client: Client, django_capture_on_commit_callbacks: object
) -> None:
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        response = client.post(reverse("accounts:subscribe"), {"email": "Fan@Example.org"})
    assert response.status_code == 200
    assert Subscriber.objects.get().status == SubscriptionStatus.PENDING
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["fan@example.org"]
    assert "/subscribe/confirm/" in mail.outbox[0].body


def test_only_the_confirmation_link_subscribes(
    client: Client, django_capture_on_commit_callbacks: object
) -> None:
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        subscription_request(email="fan@example.org")
    confirm = link_in(str(mail.outbox[0].body))
    # Opening the link (as a mail scanner would) changes nothing; pressing the button does.
    assert client.get(confirm).status_code == 200
    assert Subscriber.objects.get().status == SubscriptionStatus.PENDING
    assert client.post(confirm).status_code == 200
    assert Subscriber.objects.get().status == SubscriptionStatus.CONFIRMED


def test_a_forged_or_altered_link_is_refused(client: Client) -> None:
    subscription_request(email="fan@example.org")
    response = client.post(reverse("accounts:subscription_confirm", args=["forged-token"]))
    assert response.status_code == 400
    assert "not valid" in response.content.decode()
    assert Subscriber.objects.get().status == SubscriptionStatus.PENDING
    with pytest.raises(InvalidSubscriptionLink):
        subscription_unsubscribe(token="forged-token")


def test_every_newsletter_carries_a_one_click_unsubscribe_link(
    administrator: User, client: Client, django_capture_on_commit_callbacks: object
) -> None:
    from upstander.accounts.services.subscriptions import confirm_token

    for email in ("one@example.org", "two@example.org", "pending@example.org"):
        subscription_request(email=email)
    for email in ("one@example.org", "two@example.org"):
        subscription_confirm(token=confirm_token(email))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        update = email_update_send(administrator, subject="Our report", body="Figures inside.")
    assert update.recipients == 2
    assert sorted(m.to[0] for m in mail.outbox) == ["one@example.org", "two@example.org"]
    message = mail.outbox[0]
    unsubscribe = message.extra_headers["List-Unsubscribe"].strip("<>")
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert unsubscribe in message.body
    # RFC 8058: the mail provider POSTs without a CSRF token; the signed link is the authority.
    csrf_client = Client(enforce_csrf_checks=True)
    assert csrf_client.post(unsubscribe).status_code == 200
    assert Subscriber.objects.get(email=message.to[0]).status == SubscriptionStatus.UNSUBSCRIBED


def test_subscribe_rejects_bad_addresses_and_writes_nothing(client: Client) -> None:
    for bad in ("not-an-email", "<script>alert(1)</script>@x", "a" * 300 + "@example.org", ""):
        response = client.post(reverse("accounts:subscribe"), {"email": bad})
        assert response.status_code == 400
        assert "<script>alert(1)</script>" not in response.content.decode()
    assert not Subscriber.objects.exists()


@pytest.mark.usefixtures("one_rate_limit_window")
def test_subscribe_is_rate_limited_per_connection(client: Client) -> None:
    codes = [
        client.post(reverse("accounts:subscribe"), {"email": f"n{i}@example.org"}).status_code
        for i in range(7)
    ]
    assert codes[:5] == [200] * 5
    assert codes[5:] == [429, 429]
    assert Subscriber.objects.count() == 5


def test_administrators_export_confirmed_subscribers(client: Client, administrator: User) -> None:
    from upstander.accounts.services.subscriptions import confirm_token

    subscription_request(email="one@example.org")
    subscription_request(email="pending@example.org")
    subscription_confirm(token=confirm_token("one@example.org"))
    response = signed_in(client, administrator).get(reverse("accounts:staff_subscribers_export"))
    rows = response.content.decode().splitlines()
    assert rows[0] == "email,confirmed_at"
    assert [row.split(",")[0] for row in rows[1:]] == ["one@example.org"]


def test_a_subscriber_export_is_audited_without_the_addresses(
    client: Client, administrator: User
) -> None:
    subscription_request(email="one@example.org")
    subscription_confirm(token=confirm_token("one@example.org"))
    signed_in(client, administrator).get(reverse("accounts:staff_subscribers_export"))
    entry = AuditEntry.objects.filter(verb="subscribers.export").get()
    assert entry.actor_user_id == administrator.pk
    assert entry.details == {"count": 1, "via": "staff"}
    assert "one@example.org" not in str(entry.details)


def test_the_admin_export_of_subscribers_is_audited(administrator: User) -> None:
    from upstander.accounts.admin import export_subscribers

    subscription_request(email="one@example.org")
    subscription_request(email="two@example.org")
    for email in ("one@example.org", "two@example.org"):
        subscription_confirm(token=confirm_token(email))
    request = RequestFactory().get("/admin/accounts/subscriber/")
    request.user = administrator
    chosen = Subscriber.objects.filter(email="two@example.org")
    response = export_subscribers(SubscriberAdmin(Subscriber, admin.site), request, chosen)
    assert response.content.decode().splitlines()[1].startswith("two@example.org,confirmed,")
    entry = AuditEntry.objects.filter(verb="subscribers.export").get()
    assert entry.details == {"count": 1, "via": "admin"}


def test_people_without_the_administrator_role_cannot_export(
    client: Client, caseworker: User
) -> None:
    response = signed_in(client, caseworker).get(reverse("accounts:staff_subscribers_export"))
    assert response.status_code == 403


def test_an_old_confirmation_link_does_not_resubscribe_someone_who_unsubscribed(
    client: Client, django_capture_on_commit_callbacks: object
) -> None:
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        subscription_request(email="fan@example.org")
    confirm = link_in(str(mail.outbox[0].body))
    assert client.post(confirm).status_code == 200
    assert client.post(confirm).status_code == 200  # pressed twice: still confirmed, no harm
    subscriber = Subscriber.objects.get()
    subscription_unsubscribe(token=unsubscribe_url(subscriber.email).rsplit("/", 2)[-2])
    replayed = client.post(confirm)
    assert replayed.status_code == 400
    assert "already been used" in replayed.content.decode()
    assert Subscriber.objects.get().status == SubscriptionStatus.UNSUBSCRIBED


def test_a_new_request_replaces_the_earlier_link(
    client: Client, django_capture_on_commit_callbacks: object
) -> None:
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        subscription_request(email="fan@example.org")
        subscription_request(email="fan@example.org")
    first, second = (link_in(str(message.body)) for message in mail.outbox)
    assert client.post(first).status_code == 400
    assert Subscriber.objects.get().status == SubscriptionStatus.PENDING
    assert client.post(second).status_code == 200
    assert Subscriber.objects.get().status == SubscriptionStatus.CONFIRMED
