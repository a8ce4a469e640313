"""Sending alerts to the delegates who follow the person (once per alert)."""

from __future__ import annotations

from collections import defaultdict

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from upstander.monitoring.models import Alert, Delegation


@transaction.atomic
def alerts_send(*, alert_ids: list[int]) -> int:
    """Mail each delegate once per batch; the post's text stays out of the mail. Idempotent."""
    alerts = list(
        Alert.objects.select_for_update()
        .filter(id__in=alert_ids, notified_at__isnull=True)
        .select_related("item__person")
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
    messages = []
    for delegation in delegations:
        count = len(by_person[delegation.person_id])
        person = delegation.person.display_name or "a person you follow"
        messages.append(
            (
                f"{count} post(s) aimed at {person} need review",
                f"The monitor found {count} post(s) aimed at {person} that scored above "
                f"their alert threshold.\n\nReview them here: {link}?person="
                f"{delegation.person_id}&band=high\n",
                settings.DEFAULT_FROM_EMAIL,
                [delegation.delegate.email],
            )
        )
    Alert.objects.filter(id__in=[alert.id for alert in alerts]).update(notified_at=timezone.now())
    transaction.on_commit(lambda: send_mass_mail(messages, fail_silently=False))
    return len(alerts)
