""" "Your cases": the person targeted follows their own cases in plain words, writes to their case
worker and asks to change their wishes; a signed-in reporter follows what they reported. Nobody
sees another person's case, and the case worker's page says who wrote each message."""

from __future__ import annotations

import io
import json
import re
import zipfile
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from django.db import connection
from django.db.models import Q, QuerySet
from django.urls import reverse

from tests.cases.helpers import consulted_case, triaged_case
from tests.conftest import make_person, signed_in
from upstander.accounts.models import Role
from upstander.audit.models import AuditEntry
from upstander.cases.models import Case, CaseMessage, CaseMessageKind, Consultation
from upstander.cases.selectors import has_own_cases, own_cases
from upstander.cases.services import (
    case_action_take,
    case_close,
    case_message_from_person_targeted,
    case_message_person_targeted,
    case_message_reporter,
    case_open_from_report,
    consultation_record,
)
from upstander.cases.services.retention import case_minimise
from upstander.cases.services.subject_access import subject_access_export
from upstander.reports.models import ReportMessage
from upstander.reports.services import report_message_from_reporter, report_submit


@pytest.fixture
def named_caseworker(caseworker):
    caseworker.display_name = "Kit Okafor"
    caseworker.save(update_fields=["display_name"])
    return caseworker


@pytest.mark.django_db
def test_protected_person_sees_own_case_but_not_others(client, named_caseworker, protected_person):
    someone_else = make_person("cllr.other@example.org", Role.PROTECTED_PERSON)
    theirs = consulted_case(named_caseworker, protected_person)
    consultation_record(
        named_caseworker,
        case=theirs,
        held_on=date(2026, 11, 9),
        method="phone",
        wishes=["block", "support"],
        consent_police=False,
        consent_panel=False,
        next_check_in=date(2026, 11, 23),
        notes="Staff-only note about her worries.",
    )
    case_action_take(named_caseworker, case=theirs, kind="support", note="Staff-only action note")
    other = consulted_case(named_caseworker, someone_else)

    browser = signed_in(client, protected_person)
    listing = browser.get(reverse("cases:your_cases")).content.decode()
    assert theirs.reference in listing
    assert other.reference not in listing
    assert browser.get(reverse("cases:yours", args=[other.pk])).status_code == 404

    page = browser.get(reverse("cases:yours", args=[theirs.pk]))
    body = page.content.decode()
    assert page.status_code == 200
    assert "We are doing what was agreed with you." in body
    assert "We arranged support for you." in body
    assert "Kit Okafor" in body
    assert "23 Nov 2026" in body
    # Staff notes, safeguarding notes, staff emails and jargon stay on the staff page.
    for hidden in (
        "Staff-only",
        "heart condition",
        "frightened to canvass",
        named_caseworker.email,
        "Triaged",
        "against_wishes",
    ):
        assert hidden not in body
    account = browser.get(reverse("web:account_home")).content.decode()
    assert reverse("cases:your_cases") in account


@pytest.mark.django_db
def test_someone_without_cases_sees_no_link_and_an_empty_list(client, member):
    browser = signed_in(client, member)
    account = browser.get(reverse("web:account_home")).content.decode()
    assert reverse("cases:your_cases") not in account
    assert "You have no cases." in browser.get(reverse("cases:your_cases")).content.decode()


@pytest.mark.django_db
def test_person_targeted_writes_to_their_case_worker_from_your_cases(
    client, named_caseworker, protected_person
):
    case = triaged_case(named_caseworker, protected_person)
    case_message_person_targeted(named_caseworker, case=case, body="How are you doing?")
    browser = signed_in(client, protected_person)
    response = browser.post(
        reverse("cases:yours_message", args=[case.pk]), {"body": "Better, thank you."}
    )
    assert response.status_code == 302
    message = CaseMessage.objects.get(case=case, sender="person")
    assert message.body == "Better, thank you."
    assert AuditEntry.objects.filter(
        verb="case.message_from_person_targeted",
        actor_user_id=protected_person.pk,
        target_id=str(case.pk),
        details={"message": message.pk},
    ).exists()
    body = browser.get(reverse("cases:yours", args=[case.pk])).content.decode()
    assert "How are you doing?" in body
    assert "Kit Okafor" in body
    assert "Better, thank you." in body


@pytest.mark.django_db
def test_an_empty_message_sends_nothing_and_says_why_on_the_case_page(
    client, named_caseworker, protected_person
):
    case = triaged_case(named_caseworker, protected_person)
    browser = signed_in(client, protected_person)
    response = browser.post(reverse("cases:yours_message", args=[case.pk]), {"body": ""})
    assert response.status_code == 400
    assert not CaseMessage.objects.filter(case=case, sender="person").exists()
    assert "Message to your case worker: This field is required." in response.content.decode()


@pytest.mark.django_db
def test_a_refused_message_to_the_case_worker_keeps_what_they_typed(
    client, named_caseworker, protected_person
):
    case = triaged_case(named_caseworker, protected_person)
    message = "They found my new account and started again this morning. " * 200
    response = signed_in(client, protected_person).post(
        reverse("cases:yours_message", args=[case.pk]), {"body": message}
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Ensure this value has at most 10000 characters" in body
    assert message.strip() in body
    assert not CaseMessage.objects.filter(case=case, sender="person").exists()


@pytest.mark.django_db
def test_a_refused_change_of_wishes_keeps_the_note_they_wrote(
    client, named_caseworker, protected_person
):
    case = consulted_case(named_caseworker, protected_person)
    note = "I would rather not go to the police now, but please block them."
    response = signed_in(client, protected_person).post(
        reverse("cases:yours_wishes", args=[case.pk]),
        {"wishes": ["block", "no_longer_offered"], "note": note},
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "no_longer_offered is not one of the available choices" in body
    assert note in body
    assert re.search(r'value="block"[^>]* checked', body)
    assert not CaseMessage.objects.filter(case=case, kind=CaseMessageKind.WISHES_CHANGE).exists()


@pytest.mark.django_db
def test_a_wishes_change_request_reaches_the_case_worker_and_leaves_the_consultation_alone(
    client, named_caseworker, protected_person
):
    case = consulted_case(named_caseworker, protected_person, wishes=("block", "police"))
    before = list(Consultation.objects.filter(case=case).values_list("pk", flat=True))
    browser = signed_in(client, protected_person)
    response = browser.post(
        reverse("cases:yours_wishes", args=[case.pk]),
        {"wishes": ["block", "support"], "note": "I no longer want the police involved."},
    )
    assert response.status_code == 302
    request = CaseMessage.objects.get(case=case, kind=CaseMessageKind.WISHES_CHANGE)
    assert "Block the account(s); Support for them" in request.body
    assert "no longer want the police" in request.body
    entry = AuditEntry.objects.get(verb="case.wishes_change_request")
    assert entry.actor_user_id == protected_person.pk
    assert entry.details == {"message": request.pk}  # the wishes stay encrypted, out of the log
    # Only the case worker records a consultation.
    assert list(Consultation.objects.filter(case=case).values_list("pk", flat=True)) == before
    assert Consultation.objects.get(pk=before[0]).wishes == ["block", "police"]

    staff_page = signed_in(client, named_caseworker).get(reverse("cases:detail", args=[case.pk]))
    assert "Asks to change their wishes" in staff_page.content.decode()


@pytest.mark.django_db
def test_only_the_person_targeted_may_ask_to_change_their_wishes(client, caseworker, member):
    reporter = make_person("witness@example.org", Role.MEMBER)
    submitted = report_submit(
        reporter, target_kind="representative", platform="x", what_happened="abuse"
    )
    case = case_open_from_report(caseworker, report=submitted.report)
    browser = signed_in(client, reporter)
    browser.post(reverse("cases:yours_wishes", args=[case.pk]), {"wishes": ["police"]})
    assert not CaseMessage.objects.filter(case=case).exists()
    assert not AuditEntry.objects.filter(verb="case.wishes_change_request").exists()
    # Someone with no part in the case cannot even find it.
    response = signed_in(client, member).post(
        reverse("cases:yours_wishes", args=[case.pk]), {"wishes": ["police"]}
    )
    assert response.status_code == 404


@pytest.mark.django_db
def test_signed_in_reporter_follows_their_report_and_writes_on_its_thread(client, caseworker):
    reporter = make_person("witness@example.org", Role.MEMBER)
    submitted = report_submit(
        reporter, target_kind="representative", platform="x", what_happened="abuse"
    )
    case = case_open_from_report(caseworker, report=submitted.report)
    browser = signed_in(client, reporter)
    assert case.reference in browser.get(reverse("cases:your_cases")).content.decode()
    browser.post(reverse("cases:yours_message", args=[case.pk]), {"body": "Any news?"})
    message = ReportMessage.objects.get(report=submitted.report)
    assert message.body == "Any news?"
    assert AuditEntry.objects.filter(
        verb="report.message_from_reporter", actor_user_id=reporter.pk
    ).exists()
    page = browser.get(reverse("cases:yours", args=[case.pk])).content.decode()
    assert "Next check-in" not in page  # the person targeted's, not theirs
    assert "Change what you want done" not in page


@pytest.mark.django_db
def test_staff_page_says_reporter_for_the_reporter_and_you_only_for_your_own_messages(
    client, caseworker, safeguarding_lead
):
    case = triaged_case(caseworker)
    assert case.report is not None
    report_message_from_reporter(report=case.report, body="From the reporter")
    case_message_reporter(caseworker, case=case, body="From the case worker")
    safeguarding_lead.display_name = "Lee Lead"
    safeguarding_lead.save(update_fields=["display_name"])
    case_message_reporter(safeguarding_lead, case=case, body="From the lead")

    body = signed_in(client, caseworker).get(reverse("cases:detail", args=[case.pk]))
    labels = _sender_labels(body.content.decode())
    assert labels == ["Reporter", "You", "Lee Lead"]


@pytest.mark.django_db
def test_staff_page_calls_a_self_reporting_person_targeted_so(client, caseworker, protected_person):
    submitted = report_submit(
        protected_person, target_kind="myself", platform="x", what_happened="abuse"
    )
    case = case_open_from_report(caseworker, report=submitted.report)
    case.protected_person = protected_person
    case.save(update_fields=["protected_person"])
    report_message_from_reporter(report=submitted.report, body="Me again")
    body = signed_in(client, caseworker).get(reverse("cases:detail", args=[case.pk]))
    assert _sender_labels(body.content.decode())[0] == "Person targeted"


def _sender_labels(html: str) -> list[str]:
    marker = '<span class="sender">'
    return [part.split("</span>", 1)[0] for part in html.split(marker)[1:]]


@pytest.mark.django_db
def test_the_person_targeteds_thread_is_in_their_export_and_goes_when_the_case_is_minimised(
    caseworker, safeguarding_lead, protected_person
):
    case = consulted_case(caseworker, protected_person)
    case_message_from_person_targeted(protected_person, case=case, body="Thank you for calling.")
    case_message_person_targeted(caseworker, case=case, body="Any time.")
    archive = zipfile.ZipFile(
        io.BytesIO(subject_access_export(safeguarding_lead, person=protected_person))
    )
    [about] = json.loads(archive.read("data.json"))["cases_about_you"]
    assert [(m["from"], m["body"]) for m in about["messages_with_your_case_worker"]] == [
        ("you", "Thank you for calling."),
        ("case worker", "Any time."),
    ]
    case_close(caseworker, case=case, outcome="withdrawn")
    case_minimise(safeguarding_lead, case=case)
    assert not CaseMessage.objects.filter(case=case).exists()


@pytest.mark.django_db
def test_the_case_worker_writes_to_the_person_targeted_from_the_case_page(
    client, caseworker, protected_person
):
    case = triaged_case(caseworker, protected_person)
    signed_in(client, caseworker).post(
        reverse("cases:message_person", args=[case.pk]), {"message": "Shall we talk on Monday?"}
    )
    message = CaseMessage.objects.get(case=case)
    assert (message.sender, message.body) == ("staff", "Shall we talk on Monday?")
    assert AuditEntry.objects.filter(
        verb="case.message_person_targeted", details={"message": message.pk}
    ).exists()
    page = signed_in(client, protected_person).get(reverse("cases:yours", args=[case.pk]))
    assert "Shall we talk on Monday?" in page.content.decode()


@pytest.mark.django_db
def test_a_person_finds_the_cases_about_them_and_those_they_reported_and_no_others(
    caseworker, protected_person
):
    reporter = make_person("witness@example.org", Role.MEMBER)
    about_them = consulted_case(caseworker, protected_person)
    reported = case_open_from_report(
        caseworker,
        report=report_submit(
            reporter, target_kind="representative", platform="x", what_happened="abuse"
        ).report,
    )
    someone_elses = triaged_case(caseworker, make_person("cllr.other@example.org", Role.MEMBER))

    assert list(own_cases(protected_person)) == [about_them]
    assert list(own_cases(reporter)) == [reported]
    assert has_own_cases(protected_person) and has_own_cases(reporter)
    assert not has_own_cases(caseworker)
    assert someone_elses not in own_cases(protected_person)


def _plan_nodes(node: dict[str, Any]) -> Iterator[dict[str, Any]]:
    yield node
    for child in node.get("Plans", []):
        yield from _plan_nodes(child)


def _reads_of_every_case(queryset: QuerySet[Case]) -> list[str]:
    """The steps of the query's plan that read the cases table without an index condition."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # A table this small is cheaper to scan; forbid that so the plan shows the indexes.
            cursor.execute("SET LOCAL enable_seqscan = off")
        [plan] = json.loads(queryset.explain(format="json"))
        # An index scan carries its Index Cond; a bitmap heap scan reads only the rows its
        # bitmap index scans found, and carries their condition as Recheck Cond.
        return [
            node["Node Type"]
            for node in _plan_nodes(plan["Plan"])
            if node.get("Relation Name") == "cases_case"
            and "Index Cond" not in node
            and "Recheck Cond" not in node
        ]
    return [line for line in queryset.explain().splitlines() if "SCAN cases_case" in line]


@pytest.mark.django_db
def test_finding_a_persons_own_cases_reads_the_indexes_not_every_case(protected_person):
    """Every account page asks whether the person has cases: it must not read the whole table."""
    assert _reads_of_every_case(own_cases(protected_person)) == []


@pytest.mark.django_db
def test_the_plan_check_catches_an_or_across_the_report_join(protected_person):
    """The check above, kept honest: the query own_cases replaced reads every case."""
    either = Q(protected_person=protected_person) | Q(report__reporter=protected_person)
    assert _reads_of_every_case(Case.objects.filter(either)) != []


@pytest.mark.django_db
def test_after_acting_against_their_wishes_where_it_is_no_longer_says_as_agreed(
    client, named_caseworker, safeguarding_lead, protected_person
):
    case = consulted_case(named_caseworker, protected_person, wishes=("support",))
    case_action_take(named_caseworker, case=case, kind="support")
    case_action_take(
        safeguarding_lead,
        case=case,
        kind="public_statement",
        safeguarding_reason="Credible threat to life; the public must be warned.",
    )
    browser = signed_in(client, protected_person)
    body = browser.get(reverse("cases:yours", args=[case.pk])).content.decode()
    assert "This went beyond what you asked, to keep someone safe." in body
    assert "We are doing what was agreed with you." not in body
    assert "We are acting on your case. Your case worker will explain what we did and why." in body
    listing = browser.get(reverse("cases:your_cases")).content.decode()
    assert "We are doing what was agreed with you." not in listing
