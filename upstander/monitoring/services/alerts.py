"""Sending alerts to the delegates who follow the person (once per alert), through the mail
queue: an alert is notified only once the mail server has taken its mails."""

from __future__ import annotations

from collections import defaultdict

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from upstander.core.mail import mail_queue
from upstander.monitoring.models import Alert, Delegation


@transaction.atomic
def alerts_send(*, alert_ids: list[int]) -> int:
    """Mail each delegate once per batch; the post's text stays out of the mail. Idempotent."""
    # Lock the alerts alone, in id order: locking the joined person too made two workers with
    # alerts for the same person deadlock on that person's row.
    alerts = list(
        Alert.objects.select_for_update(of=("self",))
        .filter(id__in=alert_ids, mails_queued_at__isnull=True)
        .select_related("item__person")
        .order_by("id")
    )
    if not alerts:
        return 0
    by_person: dict[int, list[Alert]] = defaultdict(list)
    for alert in alerts:
        by_person[alert.item.person_id].append(alert)
    delegations = Delegation.objects.filter(
        person_id__in=by_person, ended_at__isnull=True
    ).select_related("delegate", "person")
    link = settings.SITE_URL + reverse("monitoring:queue")
    links = []
    for delegation in delegations:
        count = len(by_person[delegation.person_id])
        person = delegation.person.display_name or "a person you follow"
        mail = mail_queue(
            to=delegation.delegate.email,
            subject=f"{count} post(s) aimed at {person} need review",
            body=(
                f"The monitor found {count} post(s) aimed at {person} that scored above "
                f"their alert threshold.\n\nReview them here: {link}?person="
                f"{delegation.person_id}&band=high\n"
            ),
            keep_record=True,
        )
        links += [
            Alert.mails.through(alert_id=alert.pk, queuedmail_id=mail.pk)
            for alert in by_person[delegation.person_id]
        ]
    Alert.mails.through.objects.bulk_create(links)
    Alert.objects.filter(id__in=[alert.id for alert in alerts]).update(
        mails_queued_at=timezone.now()
    )
    return len(alerts)
