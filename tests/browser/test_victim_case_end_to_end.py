"""One person's case from the report form to a disciplinary panel, in a real browser (issue 15).

A councillor (a protected person, signed in) reports abuse of herself by an account a party
member declared as his own. A case worker triages it and consults her: she asks for a
disciplinary complaint and agrees that a panel may see the evidence. She follows the case on
"Your cases". The case's member route refers the member to discipline; the safeguarding lead
accepts the referral on the referrals page, which opens the complaint; the investigator
discloses the post she pasted, and a panel member reads it on the panel page.

Steps that this walk does not check (triage, consultation, assessment, seating the panel,
the notice) go through the same services the pages call; their pages have tests of their own
(test_cases_flow.py, test_discipline_flow.py).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.utils import timezone

from tests.browser.helpers import new_context, seed_published_policies, sign_in, submit_form_of
from tests.conftest import PASSWORD, enable_totp, make_person
from upstander.accounts.models import Platform, Role, User
from upstander.accounts.services import handle_declare, member_create
from upstander.cases.models import CaseState, PendingReferral, PendingStatus
from upstander.cases.services import (
    case_action_take,
    case_open_from_report,
    case_triage,
    consultation_record,
)
from upstander.discipline import services as discipline
from upstander.discipline.models import (
    AssessmentOutcome,
    Proceeding,
    Referral,
    ReferralSource,
    ReferralStatus,
    Seat,
    Stage,
)
from upstander.evidence.models import EvidenceKind
from upstander.reports.models import Report

pytestmark = pytest.mark.browser

THE_POST = "Nobody wants you on the council, go back where you came from."


def _person(email: str, *roles: Role) -> tuple[User, str]:
    user = make_person(email, *roles)
    return user, enable_totp(user)


def _signed_in(browser: Any, base: str, person: tuple[User, str]) -> Any:
    page = new_context(browser).new_page()
    sign_in(page, base, person[0].email, PASSWORD, totp_secret=person[1])
    return page


def test_a_report_walks_from_the_form_to_the_victims_page_to_a_referral_to_the_panel(
    live_server: Any, browser: Any
) -> None:
    base = live_server.url
    seed_published_policies()
    discipline.guide_publish(None, notes="Standard guide")
    victim = _person("cllr.priya@example.org", Role.PROTECTED_PERSON, Role.MEMBER)
    worker = _person("kit.case@example.org", Role.CASE_WORKER)
    lead = _person("lena.lead@example.org", Role.SAFEGUARDING_LEAD)
    panel = [_person(f"panel{n}@example.org", Role.PANEL_MEMBER) for n in range(3)]
    member = member_create(
        None,
        membership_number="M-4242",
        given_name="Dale",
        family_name="Abuser",
        joined_on=date(2019, 5, 1),
    )
    handle_declare(None, member=member, platform=Platform.BLUESKY, handle="dale.bsky.social")

    # The councillor, signed in, reports a post about her by the member's account.
    page = _signed_in(browser, base, victim)
    page.goto(f"{base}/report/new/")
    page.check("input[name=target_kind][value=myself]")
    page.select_option("select[name=platform]", "bluesky")
    page.fill("textarea[name=post_links]", "https://bsky.app/profile/dale.bsky.social/post/1")
    page.fill("textarea[name=offending_accounts]", "@dale.bsky.social")
    page.fill("textarea[name=what_happened]", "He replied to my housing post telling me to leave.")
    page.fill("textarea[name=text_evidence]", THE_POST)
    submit_form_of(page, "textarea[name=what_happened]")
    assert "Thank you: we have your report" in page.inner_text("h1")
    # Signed in, she follows it from her account: no receipt code to keep.
    assert page.locator("#receipt-code").count() == 0
    report = Report.objects.get()
    assert report.reporter_id == victim[0].pk

    # A case worker opens it (she is its protected person), triages it and consults her: she
    # wants a disciplinary complaint and agrees a panel may see the evidence.
    case = case_open_from_report(worker[0], report=report)
    assert case.protected_person_id == victim[0].pk
    [account] = case.offending_accounts.all()
    assert account.member_id == member.pk  # the member route, not a block
    case_triage(
        worker[0],
        case=case,
        severity=3,
        category="harassment",
        protected_person=victim[0],
        summary="A member told the councillor to leave.",
    )
    consultation_record(
        worker[0],
        case=case,
        held_on=timezone.localdate(),
        method="phone",
        wishes=["disciplinary"],
        consent_police=False,
        consent_panel=True,
    )

    # She sees her case on "Your cases", in plain words.
    page.goto(f"{base}/account/cases/")
    assert case.reference in page.inner_text("main")
    page.click(f"main a:has-text('{case.reference}')")
    assert "talking with you about what you want" in page.inner_text("#case-stage")
    assert "Nothing yet." in page.inner_text("#case-done")

    # The case's member route refers the member: one referral, in her name, with her evidence.
    case_action_take(worker[0], case=case, kind="disciplinary")
    case.refresh_from_db()
    assert case.state == CaseState.ACTION
    assert PendingReferral.objects.get(case=case).status == PendingStatus.FULFILLED
    referral = Referral.objects.get()
    assert (referral.source, referral.source_case_id) == (ReferralSource.CASE, case.pk)
    assert referral.respondent_id == member.pk
    assert referral.complainant_user_id == victim[0].pk
    [evidence] = referral.evidence.all()  # the post she pasted into the form
    assert evidence.kind == EvidenceKind.TEXT

    # Her page says what was done, and names no member.
    page.reload()
    assert "We are doing what was agreed with you." in page.inner_text("#case-stage")
    done = page.inner_text("#case-done")
    assert "We made a complaint under the party's disciplinary procedure." in done
    assert "Passed to the party's disciplinary procedure." in done
    assert "Dale" not in page.inner_text("main")
    assert "M-4242" not in page.inner_text("main")
    page.context.close()

    # The safeguarding lead accepts the referral from the queue: the complaint opens.
    page = _signed_in(browser, base, lead)
    page.goto(f"{base}/staff/discipline/referrals/")
    card = page.locator(f"#r-{referral.pk}")
    assert "Dale Abuser (M-4242)" in card.inner_text()
    assert f"case {case.pk}" in card.inner_text()
    assert "The person targeted, who asked for a complaint" in card.inner_text()
    assert f"Evidence {evidence.pk}" in card.inner_text()
    with page.expect_navigation():
        card.locator("button", has_text="Accept and open the complaint").click()
    proceeding = Proceeding.objects.get()
    assert page.url.endswith(f"/staff/discipline/{proceeding.pk}/")
    assert f"{proceeding.reference} opened" in page.inner_text(".messages")
    referral.refresh_from_db()
    assert (referral.status, referral.proceeding_id) == (ReferralStatus.ACCEPTED, proceeding.pk)
    assert proceeding.stage == Stage.ASSESSMENT
    assert proceeding.source_case_id == case.pk
    page.context.close()

    # Assessed, investigated, and the post disclosed with the notice (the services the
    # proceeding's page calls).
    discipline.proceeding_assess(
        lead[0],
        proceeding=proceeding,
        outcome=AssessmentOutcome.INVESTIGATE,
        criteria="Code of conduct 2.1",
        reason="Evidenced and public.",
    )
    discipline.seat_appoint(
        lead[0], proceeding=proceeding, person=worker[0], seat=Seat.INVESTIGATOR
    )
    for person, _ in panel:
        discipline.seat_appoint(
            lead[0], proceeding=proceeding, person=person, seat=Seat.DECISION_PANEL
        )
    discipline.investigation_complete(worker[0], proceeding=proceeding, report="He wrote it.")
    discipline.notice_send(
        worker[0],
        proceeding=proceeding,
        hearing_at=timezone.now() + timedelta(days=30),
        hearing_place="Online, by video",
        disclose_evidence_ids=[evidence.pk],
    )

    # A panel member reads the disclosed post on the panel page.
    page = _signed_in(browser, base, panel[0])
    page.goto(f"{base}/staff/discipline/{proceeding.pk}/panel/")
    item = page.locator(f"#evidence-{evidence.pk}")
    assert evidence.sha256 in item.inner_text()
    item.locator("summary", has_text="Show the text").click()
    assert THE_POST in item.inner_text()
    page.context.close()
