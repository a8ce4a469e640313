"""Discipline end to end in a real browser (issue 8).

A case worker opens a complaint against a member (from the discipline staff page: the cases
app's member-route button hands over to the same service), the lead assesses it and seats the
investigator and the panel, the investigator sends the notice (its PDF downloads) and records the
response, the panel suspends the member for six months, the register shows it and the member
cannot register for a meeting, and a different panel varies it on appeal to a formal warning.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
import time_machine
from django.utils import timezone

from tests.browser.helpers import new_context, seed_published_policies, sign_in
from tests.cases.helpers import consulted_case
from tests.conftest import PASSWORD, enable_totp, make_person
from upstander.accounts.models import Member, MembershipStatus, Role, User
from upstander.accounts.services import member_create
from upstander.discipline.models import AppliedSanction, Proceeding, Sanction, Stage
from upstander.discipline.services import guide_publish

pytestmark = pytest.mark.browser


def _staff(email: str, *roles: Role) -> tuple[User, str]:
    user = make_person(email, *roles)
    return user, enable_totp(user)


def _section(page: Any, step: str) -> Any:
    return page.locator(f"section:has(#step-{step}) form")


def _submit(page: Any, form: Any) -> None:
    with page.expect_navigation():
        form.locator("[type=submit]").click()


def _as(browser: Any, base: str, email: str, secret: str) -> Any:
    context = new_context(browser)
    page = context.new_page()
    sign_in(page, base, email, PASSWORD, totp_secret=secret)
    return page


def _appoint(page: Any, email: str, seat: str) -> None:
    form = _section(page, "appoint")
    form.locator("input[name='appoint-email']").fill(email)
    form.locator("select[name='appoint-seat']").select_option(seat)
    _submit(page, form)
    assert "appointed" in page.inner_text(".messages"), page.inner_text("main")


def test_a_members_abuse_goes_from_complaint_to_suspension_to_a_varied_appeal(
    live_server: Any, browser: Any
) -> None:
    base = live_server.url
    seed_published_policies()
    guide_publish(None, notes="Standard guide")
    caseworker, caseworker_secret = _staff("kit.case@example.org", Role.CASE_WORKER)
    lead, lead_secret = _staff("lena.lead@example.org", Role.SAFEGUARDING_LEAD)
    panel = [_staff(f"panel{n}@example.org", Role.PANEL_MEMBER) for n in range(3)]
    appeal = [_staff(f"appeal{n}@example.org", Role.PANEL_MEMBER) for n in range(3)]
    victim = make_person("cllr.victim@example.org", Role.PROTECTED_PERSON, Role.MEMBER)
    abuser = make_person("abusive.member@example.org", Role.MEMBER)
    member_create(
        None,
        membership_number="M-4242",
        given_name="Dale",
        family_name="Abuser",
        joined_on=date(2019, 5, 1),
        branch="Hillside",
        email=abuser.email,
        user=abuser,
    )

    # The councillor was consulted on her case and asked for a disciplinary complaint.
    case = consulted_case(caseworker, victim, wishes=("disciplinary",))

    # The case worker routes the member's abuse to discipline.
    page = _as(browser, base, caseworker.email, caseworker_secret)
    page.goto(f"{base}/staff/discipline/new/?member=M-4242&case={case.pk}")
    page.select_option("select[name=conduct]", "harassment")
    page.fill("textarea[name=description]", "Forty abusive replies to the councillor in a week.")
    page.fill("input[name=complainant_email]", victim.email)
    _submit(page, page.locator("main form"))
    proceeding = Proceeding.objects.get()
    assert proceeding.source_case_id == case.pk
    assert proceeding.reference in page.inner_text("h1")
    investigator_page = page  # the same case worker investigates (one sign-in per person)

    # The lead assesses it and seats the investigator and a panel of three.
    lead_page = _as(browser, base, lead.email, lead_secret)
    detail = f"{base}/staff/discipline/{proceeding.pk}/"
    lead_page.goto(detail)
    form = _section(lead_page, "assess")
    form.locator("select[name='assess-outcome']").select_option("investigate")
    form.locator("textarea[name='assess-criteria']").fill("Code of conduct 2.1")
    # Without a reason the form cannot be sent (the server refuses it too: see test_pages).
    reason = form.locator("textarea[name='assess-reason']")
    assert reason.evaluate("el => !el.checkValidity()")
    proceeding.refresh_from_db()
    assert proceeding.stage == Stage.ASSESSMENT
    form.locator("textarea[name='assess-reason']").fill("Evidenced, repeated, public.")
    _submit(lead_page, form)
    assert "Investigation" in lead_page.inner_text("#stage")
    _appoint(lead_page, caseworker.email, "investigator")
    for person, _ in panel:
        _appoint(lead_page, person.email, "decision_panel")

    # The investigator reports, sends the notice (a PDF) and records the response.
    page = investigator_page
    page.goto(detail)
    form = _section(page, "report")
    form.locator("textarea[name='report-report']").fill("He wrote them and admits it.")
    _submit(page, form)
    form = _section(page, "notice")
    hearing = timezone.localtime() + timedelta(days=30)
    form.locator("input[name='notice-hearing_at']").fill(hearing.strftime("%Y-%m-%dT%H:%M"))
    form.locator("input[name='notice-hearing_place']").fill("Online, by video")
    _submit(page, form)
    assert "Notice of allegations sent" in page.inner_text(".messages")
    pdf_link = page.locator("a", has_text="PDF").first.get_attribute("href")
    pdf = page.request.get(f"{base}{pdf_link}")
    assert pdf.ok
    assert pdf.body().startswith(b"%PDF-")
    form = _section(page, "response")
    form.locator("textarea[name='response-response']").fill("I was angry. I am sorry.")
    _submit(page, form)
    page.context.close()

    # The panel sees the guide's range and, once the hearing has taken place (the clock moves
    # on to it), suspends the member for six months.
    page = _as(browser, base, panel[0][0].email, panel[0][1])
    page.goto(detail)  # sent on to the panel's view
    assert page.url.endswith(f"/staff/discipline/{proceeding.pk}/panel/")
    assert "Formal warning to Suspension" in page.inner_text("#guide-range")
    assert "Case 17" not in page.inner_text("main")
    assert "once the hearing has taken place" in page.inner_text("main")
    page.context.close()
    with time_machine.travel(hearing + timedelta(hours=1)):
        page = _as(browser, base, panel[0][0].email, panel[0][1])
        page.goto(f"{detail}panel/")
        form = _section(page, "decide")
        form.locator("select[name='decide-sanction']").select_option(str(int(Sanction.SUSPENSION)))
        six_months = timezone.localdate() + timedelta(days=183)
        form.locator("input[name='decide-ends_on']").fill(six_months.isoformat())
        form.locator("input[name='decide-education_course']").check()
        form.locator("textarea[name='decide-criteria']").fill("Sanctions guide v1: harassment")
        form.locator("textarea[name='decide-reason']").fill("Sustained harassment of a councillor.")
        _submit(page, form)
        assert "Decision recorded" in page.inner_text(".messages"), page.inner_text("main")
        page.context.close()

    # The register shows the suspension, and the member cannot register for a meeting.
    lead_page.goto(detail)
    assert lead_page.inner_text("#register-status") == "Suspended"
    member = Member.objects.get(membership_number="M-4242")
    assert member.status == MembershipStatus.SUSPENDED
    _member_cannot_register_for_a_meeting(lead, abuser)

    # The member appeals (the lead records it) and a different panel is seated.
    form = _section(lead_page, "appeal")
    form.locator("select[name='appeal-appellant']").select_option("respondent")
    form.locator("textarea[name='appeal-grounds']").fill("Too harsh for a first matter.")
    _submit(lead_page, form)
    _appoint_refused = _section(lead_page, "appoint")
    _appoint_refused.locator("input[name='appoint-email']").fill(panel[1][0].email)
    _appoint_refused.locator("select[name='appoint-seat']").select_option("appeal_panel")
    _submit(lead_page, _appoint_refused)
    assert "different people" in lead_page.inner_text("main")
    lead_page.goto(detail)
    for person, _ in appeal:
        _appoint(lead_page, person.email, "appeal_panel")
    lead_page.context.close()

    # The appeal panel varies the suspension to a formal warning.
    page = _as(browser, base, appeal[0][0].email, appeal[0][1])
    page.goto(f"{detail}panel/")
    form = _section(page, "appeal_decide")
    form.locator("select[name='appeal_decide-outcome']").select_option("vary")
    form.locator("select[name='appeal_decide-sanction']").select_option(
        str(int(Sanction.FORMAL_WARNING))
    )
    expiry = timezone.localdate() + timedelta(days=365)
    form.locator("input[name='appeal_decide-ends_on']").fill(expiry.isoformat())
    form.locator("textarea[name='appeal_decide-criteria']").fill("Guide v1; the grounds")
    form.locator("textarea[name='appeal_decide-reason']").fill("First matter, admitted at once.")
    form.locator("textarea[name='appeal_decide-how_reached']").fill("Unanimous, after a hearing.")
    _submit(page, form)
    assert "Decision recorded" in page.inner_text(".messages"), page.inner_text("main")
    page.context.close()

    member.refresh_from_db()
    assert member.status == MembershipStatus.ACTIVE
    current = AppliedSanction.objects.get(lifted_at__isnull=True)
    assert current.sanction == Sanction.FORMAL_WARNING
    proceeding.refresh_from_db()
    assert proceeding.stage == Stage.CLOSED


def _member_cannot_register_for_a_meeting(host: User, member_user: User) -> None:
    from upstander.meetings.errors import MembershipNotInGoodStanding
    from upstander.meetings.models import Audience, MeetingPlatform
    from upstander.meetings.services import meeting_create, registration_create

    meeting = meeting_create(
        None,
        title="Branch meeting",
        starts_at=timezone.now() + timedelta(days=7),
        platform=MeetingPlatform.JITSI,
        join_link="https://meet.example.org/branch",
        audience=Audience.MEMBERS,
    )
    with pytest.raises(MembershipNotInGoodStanding):
        registration_create(member_user, meeting=meeting)
    del host
