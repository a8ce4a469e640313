from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.cases.helpers import consulted_case, reported_case, triaged_case
from tests.conftest import form_key, signed_in
from upstander.audit.models import AuditEntry
from upstander.cases.models import CaseAction, CaseState, PoliceReferral
from upstander.cases.services import case_action_take, case_close
from upstander.core.submissions import submission_key_new
from upstander.reports.models import Report, ReportMessage
from upstander.reports.services import report_submit

SCRIPT = '<script>alert("x")</script>'


@pytest.mark.django_db
def test_the_triage_queue_is_for_case_workers_only(client, caseworker, member, outsider):
    reported_case(caseworker)
    assert signed_in(client, caseworker).get(reverse("cases:queue")).status_code == 200
    for person in (member, outsider):
        assert signed_in(client, person).get(reverse("cases:queue")).status_code == 403


@pytest.mark.django_db
def test_the_queue_lists_new_reports_urgent_first_and_cases_most_severe_first(client, caseworker):
    calm = report_submit(None, target_kind="myself", platform="x", what_happened="rude")
    # Reports marked urgent before safety-at-risk reports opened their case at intake.
    earlier = report_submit(None, target_kind="myself", platform="x", what_happened="threat")
    Report.objects.filter(pk=earlier.report.pk).update(urgent=True)
    at_risk = report_submit(
        None, target_kind="myself", platform="x", what_happened="threat", urgent=True
    )
    response = signed_in(client, caseworker).get(reverse("cases:queue"))
    body = response.content.decode()
    assert body.index(f"report {earlier.report.pk}<") < body.index(f"report {calm.report.pk}<")
    # Safety at risk: already a Critical case, waiting to be taken, not a report to open.
    assert f"report {at_risk.report.pk}<" not in body
    assert f"Take {at_risk.report.case.reference}<" in body


@pytest.mark.django_db
def test_the_queue_and_case_page_use_a_fixed_number_of_queries(client, caseworker):
    for _ in range(3):
        reported_case(caseworker)
    signed_in(client, caseworker)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("cases:queue"))
    for _ in range(10):
        reported_case(caseworker)
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("cases:queue"))
    assert len(many) == len(few)
    case = consulted_case(caseworker)
    with CaptureQueriesContext(connection) as page:
        assert client.get(reverse("cases:detail", args=[case.pk])).status_code == 200
    # Session, user, roles, MFA; case, report; the audited opening; one per list; the people.
    assert len(page) <= 22, [query["sql"][:60] for query in page.captured_queries]


@pytest.mark.django_db
def test_script_in_any_text_field_is_shown_escaped_on_the_case_page(client, caseworker):
    submitted = report_submit(
        None,
        target_kind="representative",
        target_name=SCRIPT,
        platform="x",
        what_happened=SCRIPT,
        offending_accounts=[SCRIPT],
        contact_name=SCRIPT,
    )
    signed_in(client, caseworker)
    opened = client.post(reverse("cases:open_report", args=[submitted.report.pk]))
    page = client.get(opened["Location"])
    assert page.status_code == 200
    assert SCRIPT.encode() not in page.content
    assert b"&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page.content


@pytest.mark.django_db
def test_acting_before_consultation_shows_a_message_and_changes_nothing(client, caseworker):
    case = triaged_case(caseworker)
    response = signed_in(client, caseworker).post(
        reverse("cases:action", args=[case.pk]),
        {"kind": "block", "submission_key": submission_key_new()},
        follow=True,
    )
    assert b"record the consultation before any action" in response.content
    assert not CaseAction.objects.exists()


@pytest.mark.django_db
def test_double_submit_takes_one_case_action(client, caseworker):
    case = consulted_case(caseworker)
    signed_in(client, caseworker)
    sent = {
        "kind": "block",
        "submission_key": form_key(client.get(reverse("cases:detail", args=[case.pk]))),
    }
    client.post(reverse("cases:action", args=[case.pk]), sent)
    second = client.post(reverse("cases:action", args=[case.pk]), sent, follow=True)
    assert b"already sent and recorded" in second.content
    assert CaseAction.objects.filter(case=case).count() == 1
    assert AuditEntry.objects.filter(verb="case.action").count() == 1
    # The next page carries a new key: taking another action is a new sending.
    again = {"kind": "block", "submission_key": form_key(second)}
    client.post(reverse("cases:action", args=[case.pk]), again)
    assert CaseAction.objects.filter(case=case).count() == 2


@pytest.mark.django_db
def test_an_action_without_its_form_key_is_refused_with_a_clear_message(client, caseworker):
    case = consulted_case(caseworker)
    response = signed_in(client, caseworker).post(
        reverse("cases:action", args=[case.pk]), {"kind": "block"}, follow=True
    )
    assert b"not sent in full" in response.content
    assert not CaseAction.objects.exists()


@pytest.mark.django_db
def test_the_consultation_form_records_the_wishes_and_consent(client, caseworker):
    case = triaged_case(caseworker)
    signed_in(client, caseworker)
    bad = client.post(reverse("cases:consultation", args=[case.pk]), {"method": "phone"})
    assert bad.status_code == 400
    response = client.post(
        reverse("cases:consultation", args=[case.pk]),
        {
            "held_on": "2026-11-02",
            "method": "video",
            "wishes": ["block", "support"],
            "consent_panel": "on",
            "preferred_contact": "Signal",
        },
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.state == CaseState.CONSULTING
    consultation = case.consultations.get()
    assert consultation.wishes == ["block", "support"]
    assert consultation.consent_panel and not consultation.consent_police


@pytest.mark.django_db
def test_the_police_form_refuses_a_case_worker_without_consent(client, caseworker):
    case = consulted_case(caseworker, wishes=("support",), consent_police=False)
    response = signed_in(client, caseworker).post(
        reverse("cases:police", args=[case.pk]),
        {"force": "Met", "referred_on": "2026-11-03", "submission_key": submission_key_new()},
    )
    assert response.status_code == 400
    assert b"Only a safeguarding lead" in response.content


@pytest.mark.django_db
def test_double_submit_creates_one_police_referral(client, caseworker):
    case = consulted_case(caseworker)
    signed_in(client, caseworker)
    key = form_key(client.get(reverse("cases:police", args=[case.pk])))
    sent = {"force": "Met", "referred_on": "2026-11-03", "submission_key": key}
    first = client.post(reverse("cases:police", args=[case.pk]), sent)
    second = client.post(reverse("cases:police", args=[case.pk]), sent, follow=True)
    detail = reverse("cases:detail", args=[case.pk])
    assert first.status_code == 302 and first["Location"] == detail
    assert second.redirect_chain == [(detail, 302)]
    assert b"already recorded" in second.content
    assert PoliceReferral.objects.filter(case=case).count() == 1
    assert CaseAction.objects.filter(case=case, kind="police").count() == 1
    assert AuditEntry.objects.filter(verb="case.police_referral").count() == 1


@pytest.mark.django_db
def test_a_police_referral_without_its_form_key_is_refused_with_a_clear_message(client, caseworker):
    case = consulted_case(caseworker)
    response = signed_in(client, caseworker).post(
        reverse("cases:police", args=[case.pk]), {"force": "Met", "referred_on": "2026-11-03"}
    )
    assert response.status_code == 400
    assert b"not sent in full" in response.content
    assert not PoliceReferral.objects.exists()


@pytest.mark.django_db
def test_the_queue_filters_by_htmx_return_only_the_results_partial(client, caseworker):
    case = triaged_case(caseworker)
    signed_in(client, caseworker)
    response = client.get(reverse("cases:queue"), {"state": "triaged"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert b"<html" not in response.content
    assert case.reference.encode() in response.content
    empty = client.get(reverse("cases:queue"), {"state": "closed"}, HTTP_HX_REQUEST="true")
    assert case.reference.encode() not in empty.content


@pytest.mark.django_db
def test_the_live_stage_filter_shows_the_reports_waiting_only_under_new(client, caseworker):
    waiting = report_submit(None, target_kind="myself", platform="x", what_happened="rude")
    signed_in(client, caseworker)
    button = f"Open a case on report {waiting.report.pk}<".encode()
    new = client.get(reverse("cases:queue"), {"state": "new"}, HTTP_HX_REQUEST="true")
    assert b"<html" not in new.content
    assert b"New reports waiting for a case worker" in new.content
    assert button in new.content
    closed = client.get(reverse("cases:queue"), {"state": "closed"}, HTTP_HX_REQUEST="true")
    assert b"New reports waiting for a case worker" not in closed.content
    assert button not in closed.content


@pytest.mark.django_db
def test_a_closed_case_shows_no_deadline_in_the_queue(client, caseworker, safeguarding_lead):
    case = triaged_case(caseworker)
    case_close(safeguarding_lead, case=case, outcome="no_action", reason="Spam, not abuse at all.")
    signed_in(client, caseworker)
    body = client.get(reverse("cases:queue"), {"state": "closed"}).content.decode()
    assert case.reference in body
    assert "none (closed)" in body
    for deadline in ("first response by", "consult by", "decide by"):
        assert deadline not in body


@pytest.mark.django_db
def test_a_decided_case_shows_no_decide_by_deadline_in_the_queue(client, caseworker):
    case = consulted_case(caseworker)
    case_action_take(caseworker, case=case, kind="block")
    signed_in(client, caseworker)
    body = client.get(reverse("cases:queue"), {"state": "action"}).content.decode()
    assert case.reference in body
    assert "none (decided)" in body
    assert "decide by" not in body


@pytest.mark.django_db
def test_the_queue_is_paginated_most_severe_first(client, caseworker):
    from upstander.cases.selectors import QUEUE_PAGE_SIZE, queue_page, triage_queue

    cases = [reported_case(caseworker) for _ in range(QUEUE_PAGE_SIZE + 2)]
    first = queue_page(triage_queue(state="new"), 1)
    second = queue_page(triage_queue(state="new"), 2)
    assert len(first.cases) == QUEUE_PAGE_SIZE and first.has_next and not first.has_previous
    assert len(second.cases) == 2 and not second.has_next and second.has_previous
    ordered = [(-c.severity, c.created_at, c.pk) for c in first.cases + second.cases]
    assert ordered == sorted(ordered) and len(ordered) == len(cases)
    response = signed_in(client, caseworker).get(reverse("cases:queue"))
    assert b"page=2" in response.content


@pytest.mark.django_db
def test_each_queue_filter_gives_the_same_page_prepared_as_from_the_queryset(caseworker):
    from upstander.cases.selectors import queue_page, triage_page, triage_queue

    for _ in range(4):
        reported_case(caseworker)
    triaged_case(caseworker)
    consulted_case(caseworker)
    for filters in (
        {"state": "new"},
        {"state": "triaged"},
        {"state": None},
        {"state": "new", "category": ""},
        {"state": None, "assigned_to": caseworker},
        {"state": "new", "unassigned": True},
        {"state": None, "overdue": True},
    ):
        for number in (1, 2):
            prepared = triage_page(number=number, **filters)
            plain = queue_page(triage_queue(**filters), number)
            assert [case.pk for case in prepared.cases] == [case.pk for case in plain.cases]
            assert prepared.has_next == plain.has_next
            assert [getattr(c, "assignee_email", None) for c in prepared.cases] == [
                getattr(c, "assignee_email", None) for c in plain.cases
            ]


@pytest.mark.django_db
def test_the_triage_form_comes_after_the_report_it_judges(client, caseworker):
    case = reported_case(caseworker)
    page = signed_in(client, caseworker).get(reverse("cases:detail", args=[case.pk]))
    body = page.content.decode()
    triage = body.index(reverse("cases:triage", args=[case.pk]))
    # What happened, who did it and the evidence are read first, then judged.
    assert body.index('id="narrative"') < body.index("<h2>Evidence</h2>") < triage


# A refused form comes back filled in, with the reason, rather than going back to an empty page.


@pytest.mark.django_db
def test_a_refused_triage_keeps_the_summary_the_case_worker_wrote(client, caseworker):
    case = reported_case(caseworker)
    summary = "Slurs about her faith in every reply to the housing thread."
    response = signed_in(client, caseworker).post(
        reverse("cases:triage", args=[case.pk]),
        {"severity": "3", "category": "identity_based", "platform": "bluesky", "summary": summary},
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Identity-based abuse needs the characteristic that was targeted." in body
    assert summary in body
    assert '<option value="identity_based" selected>' in body
    case.refresh_from_db()
    assert case.state == CaseState.NEW


@pytest.mark.django_db
def test_a_refused_action_keeps_the_safeguarding_reason_the_case_worker_typed(client, caseworker):
    case = consulted_case(caseworker, wishes=("support",))
    reason = "Her home address was posted with a threat; block before the rally."
    response = signed_in(client, caseworker).post(
        reverse("cases:action", args=[case.pk]),
        {
            "kind": "block",
            "note": "Same account as last month",
            "safeguarding_reason": reason,
            "submission_key": submission_key_new(),
        },
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Only a safeguarding lead may decide that" in body
    assert reason in body and "Same account as last month" in body
    assert '<option value="block" selected>' in body
    assert not CaseAction.objects.exists()


@pytest.mark.django_db
def test_a_refused_closing_keeps_the_outcome_and_the_reason_given(client, caseworker):
    case = triaged_case(caseworker)
    reason = "The councillor asked by email for the case to be dropped."
    response = signed_in(client, caseworker).post(
        reverse("cases:close", args=[case.pk]),
        {"outcome": "withdrawn", "reason": reason, "confirm": "on"},
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "only a safeguarding lead may close a case without one" in body
    assert reason in body
    assert '<option value="withdrawn" selected>' in body
    case.refresh_from_db()
    assert case.state == CaseState.TRIAGED


@pytest.mark.django_db
def test_a_message_to_the_reporter_too_long_to_send_comes_back_to_be_shortened(client, caseworker):
    case = triaged_case(caseworker)
    message = "We have asked the platform to act. " * 300
    response = signed_in(client, caseworker).post(
        reverse("cases:message", args=[case.pk]), {"body": message}
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Message to the reporter: Ensure this value has at most 10000 characters" in body
    assert message.strip() in body
    assert not ReportMessage.objects.filter(report=case.report, sender="staff").exists()


@pytest.mark.django_db
def test_assigning_to_an_unknown_email_keeps_the_email_typed(client, caseworker):
    case = triaged_case(caseworker)
    response = signed_in(client, caseworker).post(
        reverse("cases:assign", args=[case.pk]), {"email": "kit.okafor@example.org"}
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Nobody with a login has this email address." in body
    assert 'value="kit.okafor@example.org"' in body


@pytest.mark.django_db
def test_refused_staff_evidence_keeps_the_text_and_asks_for_the_files_again(client, caseworker):
    case = triaged_case(caseworker)
    before = case.evidence.count()
    text = "Reply at 21:04: you will not make it to the count."
    bad = SimpleUploadedFile("cat.png", b"#!/bin/sh\x00rm -rf /", content_type="image/png")
    response = signed_in(client, caseworker).post(
        reverse("cases:evidence", args=[case.pk]),
        {"uploads": bad, "text": text, "source_url": "https://bsky.app/profile/troll"},
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "This file type is not accepted." in body
    assert text in body and 'value="https://bsky.app/profile/troll"' in body
    assert "Please choose them again." in body
    assert case.evidence.count() == before
