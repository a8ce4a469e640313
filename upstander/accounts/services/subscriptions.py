"""Email updates: double opt-in, and a signed one-click unsubscribe link in every mail."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from upstander import audit
from upstander.accounts.errors import InvalidSubscriptionLink
from upstander.accounts.models import EmailUpdate, Role, Subscriber, SubscriptionStatus, User
from upstander.accounts.permissions import require_role
from upstander.core.errors import DomainError
from upstander.core.mail import mail_queue, mail_queue_on_commit
from upstander.core.submissions import submission_claim

CONFIRM_SALT = "upstander.newsletter.confirm"
UNSUBSCRIBE_SALT = "upstander.newsletter.unsubscribe"
CONFIRM_MAX_AGE_SECONDS = 7 * 24 * 3600


def confirm_token(email: str) -> str:
    """A link for the address's current request: it names when the request was made, so a new
    request, an unsubscribe or a confirmation leaves every older link unable to subscribe again."""
    requested = Subscriber.objects.values_list("requested_at", flat=True).get(email=email)
    return _confirm_token_for(email, requested)


def _confirm_token_for(email: str, requested: datetime) -> str:
    return signing.dumps([email, requested.isoformat()], salt=CONFIRM_SALT, compress=True)


def unsubscribe_url(email: str) -> str:
    token = signing.dumps(email, salt=UNSUBSCRIBE_SALT, compress=True)
    return settings.SITE_URL + reverse("accounts:unsubscribe", args=[token])


def _payload(token: str, *, salt: str, max_age: int | None) -> object:
    try:
        return signing.loads(token, salt=salt, max_age=max_age)
    except signing.SignatureExpired as error:
        raise InvalidSubscriptionLink(
            "This confirmation link has expired. Please subscribe again."
        ) from error
    except signing.BadSignature as error:
        raise InvalidSubscriptionLink(
            "This link is not valid. Check that it was copied completely."
        ) from error


@transaction.atomic
def subscription_request(*, email: str) -> Subscriber:
    """Record the request and mail a confirmation link; nothing is sent until they confirm.

    The answer is the same whether or not the address was known, so the form reveals nothing.
    """
    email = email.strip().lower()
    subscriber, created = Subscriber.objects.get_or_create(email=email)
    if subscriber.status == SubscriptionStatus.CONFIRMED:
        return subscriber
    if not created:
        subscriber.status = SubscriptionStatus.PENDING
        subscriber.requested_at = timezone.now()
        subscriber.save(update_fields=["status", "requested_at"])
    audit.record(None, "subscription.request", subscriber)
    link = settings.SITE_URL + reverse(
        "accounts:subscription_confirm",
        args=[_confirm_token_for(email, subscriber.requested_at)],
    )
    mail_queue_on_commit(
        to=[email],
        subject=f"Please confirm your email updates from {settings.PARTY_NAME}",
        body=(
            f"Someone (we hope you) asked for email updates from {settings.PARTY_NAME}.\n\n"
            f"To confirm, open this link within 7 days:\n{link}\n\n"
            "If this was not you, ignore this email and you will hear nothing more."
        ),
    )
    return subscriber


def _email_from(token: str, *, salt: str, max_age: int | None) -> str:
    return str(_payload(token, salt=salt, max_age=max_age))


@transaction.atomic
def subscription_confirm(*, token: str) -> Subscriber:
    """Confirm the request the link was sent for, once: a link from an earlier request, or one
    opened again after unsubscribing, subscribes nobody."""
    payload = _payload(token, salt=CONFIRM_SALT, max_age=CONFIRM_MAX_AGE_SECONDS)
    if not (isinstance(payload, list) and len(payload) == 2):
        raise InvalidSubscriptionLink("This link is not valid. Please subscribe again.")
    email, requested = str(payload[0]), str(payload[1])
    subscriber = Subscriber.objects.select_for_update().filter(email=email).first()
    if subscriber is None:
        raise InvalidSubscriptionLink("This link is not valid. Please subscribe again.")
    if (
        subscriber.requested_at.isoformat() != requested
        or subscriber.status == SubscriptionStatus.UNSUBSCRIBED
    ):
        raise InvalidSubscriptionLink(
            "This link has already been used or replaced. Please subscribe again."
        )
    _status_set(subscriber, SubscriptionStatus.CONFIRMED, "confirmed_at", "subscription.confirm")
    return subscriber


@transaction.atomic
def subscription_unsubscribe(*, token: str) -> Subscriber:
    email = _email_from(token, salt=UNSUBSCRIBE_SALT, max_age=None)
    subscriber = Subscriber.objects.select_for_update().filter(email=email).first()
    if subscriber is None:
        raise InvalidSubscriptionLink("This link is not valid.")
    _status_set(
        subscriber, SubscriptionStatus.UNSUBSCRIBED, "unsubscribed_at", "subscription.unsubscribe"
    )
    return subscriber


def _status_set(subscriber: Subscriber, status: str, stamp: str, verb: str) -> None:
    """Move the subscriber to `status`, noting when in `stamp`, audited; one already there is
    left as it is."""
    if subscriber.status == status:
        return
    subscriber.status = status
    setattr(subscriber, stamp, timezone.now())
    subscriber.save(update_fields=["status", stamp])
    audit.record(None, verb, subscriber)


EMAIL_UPDATE_BATCH = 200


@transaction.atomic
def email_update_send(
    actor: User | None, *, subject: str, body: str, submission_key: str | None = None
) -> EmailUpdate:
    """Record an update for every confirmed subscriber; a task queues the mails in batches,
    each with the subscriber's own unsubscribe link. A resent form sends nothing twice."""
    require_role(actor, Role.ADMINISTRATOR)
    claim = submission_claim(submission_key, kind="email_update")
    subject, body = subject.strip(), body.strip()
    if not subject or not body:
        raise DomainError("An email update needs a subject and a message.")
    if "\n" in subject or "\r" in subject:
        raise DomainError("The subject must be one line.")
    update = EmailUpdate.objects.create(
        subject=subject,
        body=body,
        sent_by=actor,
        recipients=Subscriber.objects.filter(status=SubscriptionStatus.CONFIRMED).count(),
    )
    claim.done(update.pk)
    audit.record(actor, "email_update.send", update, {"recipients": update.recipients})
    transaction.on_commit(lambda: _enqueue_queuing(update.pk))
    return update


def _enqueue_queuing(update_id: int) -> None:
    from upstander.accounts.tasks import email_update_queue

    email_update_queue.enqueue(update_id=update_id)


@transaction.atomic
def email_update_queue_batch(*, update_id: int, batch: int = EMAIL_UPDATE_BATCH) -> bool:
    """Queue the next batch of an update's mails; True once every subscriber's mail is queued.

    The update row is locked, so two workers never queue the same batch; subscribers who
    unsubscribed before their batch was reached are not mailed.
    """
    update = EmailUpdate.objects.select_for_update().get(pk=update_id)
    if update.queued_at is not None:
        return True
    emails = list(
        Subscriber.objects.filter(status=SubscriptionStatus.CONFIRMED, pk__gt=update.cursor)
        .order_by("pk")
        .values_list("pk", "email")[:batch]
    )
    mails = [
        mail_queue(
            to=email,
            subject=update.subject,
            body=update.body,
            unsubscribe_link=unsubscribe_url(email),
            keep_record=True,
        )
        for _, email in emails
    ]
    update.mails.add(*mails)
    if emails:
        update.cursor = emails[-1][0]
    finished = len(emails) < batch
    if finished:
        update.queued_at = timezone.now()
    update.save(update_fields=["cursor", "queued_at"])
    audit.record(None, "email_update.queue", update, {"mails": len(mails), "finished": finished})
    return finished


@transaction.atomic
def subscribers_export(
    actor: User | None, *, only_ids: Iterable[int] | None = None, via: str = "staff"
) -> list[Subscriber]:
    """The confirmed subscribers an administrator takes away as a file; the taking is audited.

    `only_ids` narrows it to a selection (the admin's action). The audit entry holds the count
    and where it was taken, not the addresses.
    """
    require_role(actor, Role.ADMINISTRATOR)
    subscribers = Subscriber.objects.filter(status=SubscriptionStatus.CONFIRMED)
    if only_ids is not None:
        subscribers = subscribers.filter(pk__in=list(only_ids))
    exported = list(subscribers.order_by("email"))
    audit.record(
        actor,
        "subscribers.export",
        ("subscriber_list", "confirmed"),
        {"count": len(exported), "via": via},
    )
    return exported
