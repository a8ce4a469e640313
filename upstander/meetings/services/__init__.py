"""The verbs of meetings; each is atomic and writes one audit entry."""

from __future__ import annotations

from upstander.meetings.services.incidents import ReportedIncident, meeting_incident_report
from upstander.meetings.services.meetings import (
    generate_meeting_password,
    meeting_create,
    meeting_host_page_view,
    meeting_password_rotate,
)
from upstander.meetings.services.registrations import (
    IssuedRegistration,
    registration_create,
    registration_revoke,
    registration_sign,
)

__all__ = [
    "IssuedRegistration",
    "ReportedIncident",
    "generate_meeting_password",
    "meeting_create",
    "meeting_host_page_view",
    "meeting_incident_report",
    "meeting_password_rotate",
    "registration_create",
    "registration_revoke",
    "registration_sign",
]
