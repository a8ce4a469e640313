"""Demo cases at different stages, made through the services (called by manage.py seed_demo).

Runs after the reports demo: it opens cases on the first reports and leaves the last one
waiting in the triage queue.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from upstander.accounts.models import User
from upstander.cases.models import Case
from upstander.cases.services import (
    case_action_take,
    case_assign,
    case_close,
    case_message_reporter,
    case_open_from_report,
    case_open_from_review,
    case_triage,
    consultation_record,
    police_referral_record,
    safety_alert_acknowledge,
)
from upstander.evidence.services import evidence_capture_post
from upstander.reports.models import Report


def _open_triaged(worker: User, report: Report, **triage: Any) -> Case:
    """A case opened on a demo report and triaged straight away (`triage`: `case_triage`'s)."""
    case = case_open_from_report(worker, report=report)
    return case_triage(worker, case=case, **triage)


def seed(people: dict[str, User]) -> None:
    lead, worker, councillor = people["lead"], people["caseworker"], people["councillor"]
    reports = list(Report.objects.order_by("pk")[:5])
    if len(reports) < 5:
        return
    today = timezone.localdate()

    # 1. Threats against the councillor: consulted, blocked, referred to the police (action).
    # The reporter said her safety was at risk, so the case opened at intake as Critical and
    # every lead was alerted: the lead acknowledges the alert and the case worker takes it.
    threat = Case.objects.select_related("safety_alert").get(report=reports[0])
    safety_alert_acknowledge(lead, alert=threat.safety_alert)
    threat = case_assign(worker, case=threat, assignee=worker)
    case_triage(
        worker,
        case=threat,
        severity=4,
        category="threat_of_violence",
        protected_person=councillor,
        summary="Pile-on after the housing vote, with a threat to wait for her after surgery.",
    )
    consultation_record(
        worker,
        case=threat,
        held_on=today - timedelta(days=1),
        method="phone",
        wishes=["block", "police", "support"],
        consent_police=True,
        consent_panel=True,
        preferred_contact="Phone after 6pm; not at the office",
        next_check_in=today + timedelta(days=3),
        notes="Shaken; a colleague will go with her to surgeries for now.",
    )
    case_action_take(worker, case=threat, kind="block", note="Both accounts routed.")
    police_referral_record(
        worker,
        case=threat,
        force="Riverside Police",
        crime_reference="RP/2026/0412",
        officer_name="PC Adeyemi",
        officer_contact="0300 123 4567",
        referred_on=today,
    )
    case_message_reporter(
        worker,
        case=threat,
        body="Thank you for telling us. We have spoken to the councillor and acted on it.",
    )

    # 2. Doxxing of a member: triaged, consultation under way.
    doxx = _open_triaged(worker, reports[1], severity=3, category="doxxing")
    consultation_record(
        worker,
        case=doxx,
        held_on=today,
        method="video",
        wishes=["platform_report", "support"],
        consent_police=False,
        consent_panel=False,
        preferred_contact="Email only",
    )

    # 3. Racist comments: triaged, waiting for the consultation.
    _open_triaged(
        lead,
        reports[2],
        severity=2,
        category="identity_based",
        targeted_characteristic="race_ethnicity",
    )

    # 4. Sexist remarks in a meeting: closed with support only.
    meeting = _open_triaged(
        worker,
        reports[3],
        severity=2,
        category="identity_based",
        targeted_characteristic="sex_gender",
        protected_person=councillor,
    )
    consultation_record(
        worker,
        case=meeting,
        held_on=today,
        method="in_person",
        wishes=["support"],
        consent_police=False,
        consent_panel=False,
    )
    case_close(worker, case=meeting, outcome="support_only")

    # 5. From the monitoring review queue: a new case with the post as evidence.
    post = evidence_capture_post(
        None,
        platform="bluesky",
        uri="at://did:plc:demo123/app.bsky.feed.post/3kdemo2",
        url="https://bsky.app/profile/angryvoter99.bsky.social/post/3kdemo2",
        author_handle="angryvoter99.bsky.social",
        author_id="did:plc:demo123",
        text="@priyashah.bsky.social nobody wants you here. resign.",
        posted_at=timezone.now() - timedelta(hours=2),
        raw={"demo": True},
    )
    case_open_from_review(
        worker,
        protected_person=councillor,
        evidence=[post],
        summary="Abusive reply from an account already in another case.",
        offending_accounts=[("bluesky", "angryvoter99.bsky.social")],
    )
    # reports[4] stays in the queue, waiting for a case worker.
