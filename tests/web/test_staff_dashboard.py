"""The staff dashboard's activity feed shows each role only what it may open."""

from __future__ import annotations

import re

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.browser.helpers import seed_published_policies
from tests.cases.helpers import reported_case
from tests.conftest import enable_totp, make_person, signed_in
from upstander import audit
from upstander.accounts.models import Role, User
from upstander.reports.services import report_submit
from upstander.web import selectors as web_selectors
from upstander.web.selectors import recent_audit_entries


@pytest.fixture
def other_worker(db: None) -> User:
    user = make_person("olu.other@example.org", Role.CASE_WORKER)
    enable_totp(user)
    return user


def _about(rows, *targets: str) -> list[str]:
    return [f"{row.actor_name}: {row.verb}" for row in rows if row.target in targets]


@pytest.mark.django_db
def test_the_activity_feed_shows_each_role_only_what_it_may_open(
    client, caseworker, *, other_worker, safeguarding_lead, administrator, panel_member, member
):
    case = reported_case(caseworker)
    report_submit(
        member,
        target_kind="myself",
        platform="x",
        what_happened="Replies calling me names.",
        files=[],
    )
    case_target = f"case {case.pk}"
    report_target = f"report {case.report_id}"

    # The assigned case worker and the lead see the case and its report.
    for staff in (caseworker, safeguarding_lead):
        rows = recent_audit_entries(staff, limit=100)
        assert _about(rows, case_target)
        assert _about(rows, report_target)
    # Another case worker, an administrator and a panel member see neither, and nobody's
    # report by name (the member's new report is in the triage queue: case workers only).
    for staff in (other_worker, administrator, panel_member):
        rows = recent_audit_entries(staff, limit=100)
        assert not _about(rows, case_target, report_target), staff
    assert not [
        r for r in recent_audit_entries(administrator, limit=100) if r.verb.startswith("report")
    ]
    assert not [
        r for r in recent_audit_entries(panel_member, limit=100) if r.verb.startswith("report")
    ]
    assert [r for r in recent_audit_entries(other_worker, limit=100) if r.verb.startswith("report")]
    # The administrator still sees their own area (accounts).
    assert [r for r in recent_audit_entries(administrator, limit=100) if r.verb == "role.grant"]

    page = signed_in(client, other_worker).get(reverse("web:staff_dashboard"))
    assert page.status_code == 200
    assert case_target not in page.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "role", ["caseworker", "safeguarding_lead", "administrator", "panel_member"]
)
def test_the_dashboard_lists_only_the_pages_each_role_may_open(client, request, role):
    from upstander.web.selectors import MANAGE_LINKS

    person = request.getfixturevalue(role)
    signed_in(client, person)
    dashboard = client.get(reverse("web:staff_dashboard")).content.decode()
    for link in MANAGE_LINKS:
        shown = f'href="{reverse(link.url_name)}"' in dashboard.split("<h2>Manage</h2>")[1]
        opens = client.get(reverse(link.url_name)).status_code == 200
        assert shown == opens, f"{role}: {link.url_name} shown={shown} but opens={opens}"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "role", ["caseworker", "safeguarding_lead", "administrator", "panel_member"]
)
def test_every_link_on_the_dashboard_opens_for_the_role_it_is_shown_to(client, request, role):
    # The figure cards link to the triage queue and the blocklist: someone those pages refuse
    # (a panel member, an administrator) must not be shown a way to a "not permitted" page.
    person = request.getfixturevalue(role)
    seed_published_policies()  # the layout links to them
    reported_case(request.getfixturevalue("caseworker"))
    signed_in(client, person)
    dashboard = client.get(reverse("web:staff_dashboard")).content.decode()
    links = set(re.findall(r'href="(/[^"]*)"', dashboard)) - {reverse("account_logout")}
    links = {link for link in links if not link.startswith("/static/")}
    assert links, "the dashboard shows no links"
    refused = {link: client.get(link).status_code for link in sorted(links)}
    refused = {link: status for link, status in refused.items() if status != 200}
    assert not refused, f"{role} is shown links it cannot open: {refused}"


def _record(actor: User | None, verb: str, target: tuple[str, str]) -> None:
    with transaction.atomic():
        audit.record(actor, verb, target)


@pytest.mark.django_db
def test_a_case_worker_sees_the_latest_entries_they_may_open_across_windows_newest_first(
    caseworker, other_worker, monkeypatch
):
    monkeypatch.setattr(web_selectors, "_WINDOW", 3)
    case = reported_case(caseworker)
    theirs = ("cases.case", str(case.pk))
    for n in range(4):
        _record(caseworker, f"test.mine_{n}", theirs)
        for _ in range(2):  # what they may not open sits between, filling each window
            _record(other_worker, "test.not_mine", ("cases.case", "999999"))
    rows = recent_audit_entries(caseworker, limit=3)
    assert [row.verb for row in rows] == ["test.mine_3", "test.mine_2", "test.mine_1"]
    assert not _about(recent_audit_entries(other_worker, limit=100), f"case {case.pk}")


@pytest.mark.django_db
def test_the_activity_feed_reads_a_bounded_stretch_of_the_log_whatever_its_size(
    caseworker, other_worker, monkeypatch
):
    monkeypatch.setattr(web_selectors, "_WINDOW", 2)
    monkeypatch.setattr(web_selectors, "_LOOK_BACK", 4)
    case = reported_case(caseworker)
    _record(caseworker, "test.long_ago", ("cases.case", str(case.pk)))
    for _ in range(4):
        _record(other_worker, "test.not_mine", ("cases.case", "999999"))
    with CaptureQueriesContext(connection) as captured:
        rows = recent_audit_entries(caseworker, limit=15)
    assert "test.long_ago" not in [row.verb for row in rows]
    log_reads = [q["sql"] for q in captured if 'FROM "audit_auditentry"' in q["sql"]]
    assert len(log_reads) == 2 and all("LIMIT 2" in sql for sql in log_reads)


@pytest.mark.django_db
def test_the_dashboard_counts_every_entry_in_the_audit_log(caseworker):
    from upstander.audit.models import AuditEntry
    from upstander.web.selectors import dashboard_figures

    assert dashboard_figures().audit_entries == AuditEntry.objects.count()
    reported_case(caseworker)
    for n in range(3):
        _record(caseworker, f"test.entry_{n}", ("cases.case", "1"))
    assert dashboard_figures().audit_entries == AuditEntry.objects.count() > 3


@pytest.mark.django_db
def test_someone_seated_in_a_proceeding_sees_its_entries_and_other_panel_members_do_not(
    caseworker, safeguarding_lead
):
    from tests.discipline.conftest import make_member, make_panel_member, open_complaint
    from upstander.discipline import services as discipline
    from upstander.discipline.models import AssessmentOutcome, Seat

    respondent = make_member("M-9002", "Sam", "Sender", branch="Hillside")
    proceeding = open_complaint(caseworker, respondent)
    discipline.proceeding_assess(
        safeguarding_lead,
        proceeding=proceeding,
        outcome=AssessmentOutcome.INVESTIGATE,
        criteria="Code of conduct, section 2.",
        reason="Evidenced and serious enough to investigate.",
    )
    seated, not_seated = make_panel_member("panel.seated"), make_panel_member("panel.not")
    discipline.seat_appoint(
        safeguarding_lead, proceeding=proceeding, person=seated, seat=Seat.DECISION_PANEL
    )
    target = f"proceeding {proceeding.pk}"
    assert "proceeding.assess" in [
        row.verb for row in recent_audit_entries(seated, limit=100) if row.target == target
    ]
    assert not _about(recent_audit_entries(not_seated, limit=100), target)
