"""Telling the case worker that something is waiting for them on a case page: a message or a
change of wishes from the person targeted, a message or evidence from the reporter.

The mail names the case and links to it, nothing more: what was written is special category
data and stays in the case (encrypted), read by someone signed in.
"""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse

from upstander.accounts.selectors import safeguarding_lead_emails
from upstander.cases.models import Case
from upstander.core.mail import mail_queue_on_commit
from upstander.reports.models import Report


def case_worker_tell(case: Case, what: str) -> None:
    """Mail the case's worker (the leads, when nobody active is assigned) once the caller's
    transaction commits: "<what> is waiting on case C-000123"."""
    worker = case.assigned_to if case.assigned_to_id else None
    to = [worker.email] if worker is not None and worker.is_active else safeguarding_lead_emails()
    link = settings.SITE_URL + reverse("cases:detail", args=[case.pk])
    mail_queue_on_commit(
        to=to,
        subject=f"[{settings.PARTY_NAME}] {what[0].upper()}{what[1:]}: {case.reference}",
        body=(
            f"There is {what} on case {case.reference}.\n\n"
            f"Read it on the case page: {link}\n\n"
            "What they wrote is not in this email: it stays in the case.\n"
        ),
    )


def case_worker_tell_of_report(*, report: Report, what: str) -> None:
    """The reporter's news, for the case opened on their report (before there is one, the
    report waits in the triage queue with everything it holds)."""
    case = Case.objects.filter(report=report).select_related("assigned_to").first()
    if case is not None:
        case_worker_tell(case, what)
