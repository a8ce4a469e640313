"""An incident in a meeting, reported straight into a case from the meeting page."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from upstander import audit
from upstander.accounts.models import User
from upstander.accounts.permissions import has_role
from upstander.cases.models import Case
from upstander.cases.services import case_open_from_report
from upstander.cases.services.access import WORKER_ROLES
from upstander.meetings.errors import IncidentDescriptionRequired
from upstander.meetings.models import Meeting
from upstander.meetings.services.meetings import require_host
from upstander.reports.models import Report
from upstander.reports.services import report_submit


@dataclass(frozen=True)
class ReportedIncident:
    report: Report
    case: Case | None  # opened at once when the reporter is a case worker or lead


@transaction.atomic
def meeting_incident_report(
    actor: User, *, meeting: Meeting, what_happened: str, people_involved: str = ""
) -> ReportedIncident:
    """The host reports what happened; the report names the meeting as its source
    (`meeting:<id>`), and a host who handles cases gets the case opened and assigned to them."""
    require_host(actor, meeting)
    if not what_happened.strip():
        raise IncidentDescriptionRequired("Please describe what happened in the meeting.")
    involved = f"\n\nPeople involved (as shown in the meeting): {people_involved.strip()}"
    submitted = report_submit(
        actor,
        target_kind="someone_else",
        platform="other",
        what_happened=(
            f"Incident in the online meeting '{meeting.title}' "
            f"({timezone.localtime(meeting.starts_at):%d %B %Y %H:%M}, "
            f"{meeting.get_platform_display()}).\n\n{what_happened.strip()}"
            + (involved if people_involved.strip() else "")
        ),
        happened_on=timezone.localdate(),
        source=f"meeting:{meeting.pk}",
    )
    case = (
        case_open_from_report(actor, report=submitted.report)
        if has_role(actor, *WORKER_ROLES)
        else None
    )
    audit.record(
        actor,
        "meeting.incident_report",
        meeting,
        {"report": submitted.report.pk, "case": case.pk if case else None},
    )
    return ReportedIncident(report=submitted.report, case=case)
