from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.cases.helpers import consulted_case, reported_case, triaged_case
from tests.conftest import form_key, signed_in
from upstander.audit.models import AuditEntry
from upstander.cases.models import CaseAction, CaseState, PoliceReferral
from upstander.core.submissions import submission_key_new
from upstander.reports.models import Report
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
