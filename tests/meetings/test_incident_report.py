"""An incident in a meeting goes straight into a case from the host's page."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests.conftest import signed_in
from tests.meetings.helpers import make_meeting, publish_conduct
from upstander.accounts.models import User
from upstander.cases.models import Case
from upstander.core.errors import NotPermitted
from upstander.meetings.errors import IncidentDescriptionRequired
from upstander.meetings.services import meeting_incident_report
from upstander.reports.models import Report

pytestmark = pytest.mark.django_db


def test_a_host_reports_an_incident_and_it_becomes_their_case(
    client: Client, caseworker: User
) -> None:
    publish_conduct()
    meeting = make_meeting(caseworker)
    response = signed_in(client, caseworker).post(
        reverse("meetings:staff_incident", args=[meeting.pk]),
        {"what_happened": "A participant posted slurs in the chat.", "people_involved": "Zed"},
    )
    case = Case.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("cases:detail", args=[case.pk])
    assert case.assigned_to == caseworker
    report = Report.objects.get()
    assert report.source == f"meeting:{meeting.pk}"
    assert "slurs in the chat" in report.what_happened
    assert "Zed" in report.what_happened
    assert meeting.title in report.what_happened


def test_an_administrator_host_files_a_report_for_the_queue(
    administrator: User, member: User
) -> None:
    publish_conduct()
    meeting = make_meeting(administrator)
    reported = meeting_incident_report(administrator, meeting=meeting, what_happened="Threats.")
    assert reported.case is None
    assert reported.report.source == f"meeting:{meeting.pk}"
    with pytest.raises(IncidentDescriptionRequired):
        meeting_incident_report(administrator, meeting=meeting, what_happened=" ")
    with pytest.raises(NotPermitted):
        meeting_incident_report(member, meeting=meeting, what_happened="x")
