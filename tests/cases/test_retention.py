from __future__ import annotations

from datetime import date, timedelta
from io import StringIO

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from tests.cases.helpers import consulted_case, triaged_case
from upstander.accounts.models import Platform
from upstander.accounts.services import handle_declare, member_create
from upstander.audit.models import AuditEntry
from upstander.cases.models import Case, CaseAction
from upstander.cases.services import case_action_take, case_close
from upstander.cases.services.retention import case_minimise
from upstander.cases.tasks import minimise_closed_cases
from upstander.discipline.selectors import referral_queue
from upstander.discipline.services import referral_accept
from upstander.evidence.errors import EvidenceContentPurged
from upstander.evidence.models import EvidenceItem
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


SECRET = "She disclosed she is HIV positive and the troll found her clinic address"


@pytest.mark.django_db
def test_minimising_removes_a_leads_safeguarding_reason(safeguarding_lead):
    case = consulted_case(safeguarding_lead, wishes=("record_only",))
    case_action_take(safeguarding_lead, case=case, kind="support", safeguarding_reason=SECRET)
    case.refresh_from_db()
    case_close(safeguarding_lead, case=case, outcome="support_only")
    case_minimise(safeguarding_lead, case=case)
    (action,) = CaseAction.objects.filter(case=case)
    assert action.against_wishes and SECRET not in action.safeguarding_reason


@pytest.mark.django_db
def test_minimising_keeps_evidence_an_open_disciplinary_proceeding_relies_on(
    caseworker, safeguarding_lead, protected_person
):
    member = member_create(
        None,
        membership_number="M-9",
        given_name="Jo",
        family_name="Brennan",
        joined_on=date(2020, 1, 1),
    )
    handle_declare(None, member=member, platform=Platform.BLUESKY, handle="jo.bsky.social")
    case = consulted_case(
        caseworker,
        protected_person,
        wishes=("block", "disciplinary"),
        accounts=("jo.bsky.social",),
    )
    case_action_take(caseworker, case=case, kind="block")
    (waiting,) = referral_queue(safeguarding_lead)
    proceeding = referral_accept(safeguarding_lead, referral=waiting.referral)
    (item_id,) = proceeding.evidence.values_list("item_id", flat=True)
    case.refresh_from_db()
    case_close(caseworker, case=case, outcome="disciplinary")
    case_minimise(safeguarding_lead, case=case)
    # The proceeding is still open: its panel and the member still need the bytes.
    assert evidence_bytes_verified(EvidenceItem.objects.get(pk=item_id))
