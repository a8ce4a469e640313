from __future__ import annotations

from datetime import timedelta
from io import StringIO

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from tests.cases.helpers import consulted_case, triaged_case
from upstander.audit.models import AuditEntry
from upstander.cases.models import Case
from upstander.cases.services import case_close
from upstander.cases.tasks import minimise_closed_cases
from upstander.evidence.errors import EvidenceContentPurged
from upstander.evidence.selectors import evidence_bytes_verified


@pytest.mark.django_db
def test_closed_cases_are_warned_then_minimised_by_the_system(
    settings, caseworker, safeguarding_lead, django_capture_on_commit_callbacks
):
    settings.CASE_RETENTION_DAYS = 730
    settings.CASE_RETENTION_WARNING_DAYS = 30
    case = consulted_case(caseworker)
    still_open = triaged_case(caseworker)
    case_close(caseworker, case=case, outcome="withdrawn")
    item = case.report.evidence.get()  # type: ignore[union-attr]
    closed = timezone.now()

    with (
        time_machine.travel(closed + timedelta(days=701), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        result = minimise_closed_cases.enqueue()
    assert result.return_value == {"warned": 1, "minimised": 0}
    case.refresh_from_db()
    assert case.retention_warned_at is not None and case.minimised_at is None
    assert [message.to for message in mail.outbox] == [[safeguarding_lead.email]]
    assert case.reference in mail.outbox[0].body

    with time_machine.travel(closed + timedelta(days=731), tick=False):
        out = StringIO()
        call_command("minimise_closed_cases", stdout=out)
    assert "Minimised 1 case(s)" in out.getvalue()
    case = Case.objects.select_related("report").get(pk=case.pk)
    assert case.minimised_at is not None and case.summary == ""
    assert case.report is not None
    assert case.report.contact_email == "" and "retention" in case.report.what_happened
    assert case.consultations.get().notes == ""
    # The statistics and the evidence record (with its hash) stay; the bytes go.
    assert (case.state, case.category, case.outcome) == (
        "closed",
        "threat_of_violence",
        "withdrawn",
    )
    assert len(item.sha256) == 64
    with pytest.raises(EvidenceContentPurged):
        evidence_bytes_verified(item)
    entry = AuditEntry.objects.get(verb="case.minimise")
    assert entry.actor_user_id is None and entry.details["by"] == "system"
    still_open.refresh_from_db()
    assert still_open.minimised_at is None


@pytest.mark.django_db
def test_a_case_is_never_minimised_without_a_warning_first(settings, caseworker):
    settings.CASE_RETENTION_DAYS = 10
    settings.CASE_RETENTION_WARNING_DAYS = 5
    case = consulted_case(caseworker, wishes=("record_only",))
    case_close(caseworker, case=case, outcome="no_action")
    with time_machine.travel(timezone.now() + timedelta(days=400), tick=False):
        minimise_closed_cases.enqueue()
        case.refresh_from_db()
        assert case.retention_warned_at is not None and case.minimised_at is None
