"""Check-in reminders: the case worker is told when the date agreed with the person targeted
for the next check-in has come, once per agreed date."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import transaction
from django.db.models import F, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone

from upstander import audit
from upstander.accounts.models import Role, User
from upstander.accounts.permissions import require_role
from upstander.accounts.selectors import safeguarding_lead_emails
from upstander.cases.models import Case, CaseState, Consultation
from upstander.core.mail import mail_queue


@transaction.atomic
def check_in_reminders_send(actor: User | None, *, today: date | None = None) -> list[int]:
    """Remind each open case's worker (the leads, where nobody is assigned) of a check-in that
    is due, from the latest consultation. The mail names the case, never the person or what
    happened. Safe to run any number of times a day."""
    require_role(actor, Role.SAFEGUARDING_LEAD)
    day = today or timezone.localdate()
    latest_check_in = Subquery(
        Consultation.objects.filter(case=OuterRef("pk"))
        .order_by("-recorded_at", "-pk")
        .values("next_check_in")[:1]
    )
    due: list[tuple[int, date, str | None, bool | None]] = list(
        Case.objects.select_for_update(of=("self",))
        .exclude(state=CaseState.CLOSED)
        .annotate(check_in=latest_check_in)
        .filter(check_in__lte=day)
        .filter(Q(check_in_reminded_for__isnull=True) | ~Q(check_in_reminded_for=F("check_in")))
        .order_by("pk")
        .values_list("pk", "check_in", "assigned_to__email", "assigned_to__is_active")
    )
    if not due:
        return []
    leads: list[str] = []
    for pk, check_in, assigned, assigned_is_active in due:
        Case.objects.filter(pk=pk).update(check_in_reminded_for=check_in)
        # A worker who has left (account deactivated) is not reading: the leads are told.
        worker = assigned if assigned_is_active else None
        if worker is None and not leads:
            leads = safeguarding_lead_emails()
        reference = f"C-{pk:06d}"
        link = settings.SITE_URL + reverse("cases:detail", args=[pk])
        for email in [worker] if worker else leads:
            mail_queue(
                to=email,
                subject=f"[{settings.PARTY_NAME}] Check-in due: {reference}",
                body=(
                    f"The check-in agreed with the person targeted in case {reference} was due "
                    f"on {check_in:%d %B %Y}.\n\nOpen the case: {link}\n"
                ),
            )
    audit.record(
        actor,
        "cases.check_in_reminders",
        ("cases.case", f"{len(due)} cases"),
        {"cases": [pk for pk, *_ in due], "on": day.isoformat()},
    )
    return [pk for pk, *_ in due]
