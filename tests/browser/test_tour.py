"""The README's short tour: each role's main path in a real browser, on the demo data.

Each test signs in the way the README tells a newcomer to (the demo password, and for staff the
code `manage.py demo_totp EMAIL` prints), walks the role's main path and checks what the role
must see. With UPSTANDER_SCREENSHOTS=1 each also saves docs/screenshots/tour-<role>.png:

UPSTANDER_SCREENSHOTS=1 .venv/bin/python -m pytest tests/browser/test_tour.py -q
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from tests.browser.helpers import new_context, sign_in_to_the_demo, submit_form_of
from upstander.accounts.models import User
from upstander.cases.models import Case, CaseState
from upstander.cases.services import case_message_reporter, case_open_from_report
from upstander.discipline.models import Proceeding, Stage
from upstander.reports.models import Report

# Sequences restart for each test, so the screenshots show the demo's own references (C-000001).
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, reset_sequences=True)]

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
# Smaller than the other README screenshots: five of them sit in one section.
TOUR_VIEWPORT = {"width": 1280, "height": 800}
DEMO = "@demo.upstander.test"


@pytest.fixture
def demo(live_server: Any) -> str:
    """The demo data, made through the real services as `manage.py seed_demo` makes it."""
    call_command("seed_demo", quiet=True)
    return str(live_server.url)


@pytest.fixture
def tour_page(browser: Any) -> Iterator[Any]:
    context = new_context(browser)
    page = context.new_page()
    page.set_viewport_size(TOUR_VIEWPORT)
    yield page
    context.close()


def _screenshot(page: Any, role: str) -> None:
    if os.environ.get("UPSTANDER_SCREENSHOTS") != "1":
        return
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"tour-{role}.png"
    page.screenshot(path=str(path))
    assert 10_000 < path.stat().st_size < 300_000, (path, path.stat().st_size)


def _follow(page: Any, selector: str) -> None:
    with page.expect_navigation():
        page.click(selector)


def _filter_queue(page: Any, stage: str, reference: str) -> None:
    """The queue's stage filter swaps the results in place (htmx)."""
    page.select_option("select[name=state]", stage)
    page.wait_for_selector(f"#results a:text('{reference}')")


def test_an_anonymous_reporter_reports_and_follows_up_with_the_receipt_code(
    demo: str, browser: Any, tour_page: Any
) -> None:
    page = tour_page
    page.goto(f"{demo}/")
    _follow(page, "main a[href='/report/']")
    _follow(page, "main a[href='/report/new/']")
    page.check("input[name=target_kind][value=myself]")
    page.select_option("select[name=platform]", "instagram")
    page.fill("textarea[name=post_links]", "https://www.instagram.com/p/demo-tour/")
    page.fill("textarea[name=offending_accounts]", "@tour_troll")
    page.fill(
        "textarea[name=what_happened]",
        "An account comments on every photo I post from the campaign trail, calling me vile "
        "names because I am gay.",
    )
    submit_form_of(page, "textarea[name=what_happened]")
    code = page.inner_text("#receipt-code").strip()
    assert len(code.replace(" ", "")) == 24, page.inner_text("main")

    # A case worker opens a case and writes back (through the services, as the staff pages do).
    worker = User.objects.get(email=f"caseworker{DEMO}")
    case = case_open_from_report(worker, report=Report.objects.latest("pk"))
    case_message_reporter(
        worker, case=case, body="Thank you. Can we talk about what you would like us to do?"
    )

    # Days later, from another browser, with nothing but the receipt code.
    back = new_context(browser)
    page = back.new_page()
    page.set_viewport_size(TOUR_VIEWPORT)
    page.goto(f"{demo}/report/follow-up/")
    page.fill("input[name=code]", code)
    submit_form_of(page, "input[name=code]")
    assert "A case worker is handling it" in page.inner_text("#report-status")
    assert "what you would like us to do" in page.inner_text("main")
    page.fill("textarea[name=body]", "Please block the account. I do not want to go to the police.")
    submit_form_of(page, "textarea[name=body]")
    assert "I do not want to go to the police" in page.inner_text("main")
    _screenshot(page, "reporter")
    back.close()


def test_a_case_worker_opens_a_case_on_a_new_report_and_sees_the_victims_wishes(
    demo: str, tour_page: Any
) -> None:
    page = tour_page
    sign_in_to_the_demo(page, demo, f"caseworker{DEMO}")
    page.goto(f"{demo}/staff/")
    _follow(page, "main a[href='/staff/cases/']")
    assert "New reports waiting for a case worker" in page.inner_text("main")

    _follow(page, "main button:text('Open a case on report')")
    assert "/staff/cases/" in page.url
    assert "A video impersonating our candidate" in page.inner_text("#narrative")
    page.select_option("select[name=severity]", "3")
    page.select_option("select[name=category]", "impersonation")
    submit_form_of(page, "select[name=severity]")
    assert "Triaged" in page.inner_text("main")

    # The threat case: what the councillor asked for, and what has been done about it.
    threat = Case.objects.get(state=CaseState.ACTION)
    page.goto(f"{demo}/staff/cases/")
    _filter_queue(page, "action", threat.reference)
    _follow(page, f"#results a:text('{threat.reference}')")
    main = page.inner_text("main")
    assert "Wants: block, police, support. Police consent: yes." in main
    assert "Police: Riverside Police, reference RP/2026/0412" in main
    assert "bluesky:jobrennan.bsky.social · Member M-1004: disciplinary route" in main
    page.locator("main h2:text-is('Consultations')").evaluate("heading => heading.scrollIntoView()")
    _screenshot(page, "case-worker")

    # Need to know: the lead's own case stays closed to the case worker.
    theirs = Case.objects.get(assigned_to__email=f"lead{DEMO}")
    page.goto(f"{demo}/staff/cases/{theirs.pk}/")
    assert "Only the case worker assigned to this case" in page.inner_text("main")


def test_a_safeguarding_lead_sees_every_case_and_assigns_one(demo: str, tour_page: Any) -> None:
    page = tour_page
    sign_in_to_the_demo(page, demo, f"lead{DEMO}")
    page.goto(f"{demo}/staff/cases/")
    # Kit's cases as well as the lead's own.
    consulting = Case.objects.get(state=CaseState.CONSULTING)
    _filter_queue(page, "consulting", consulting.reference)
    assert "Kit Caseworker" in page.inner_text("#results")
    triaged = Case.objects.get(state=CaseState.TRIAGED)
    _filter_queue(page, "triaged", triaged.reference)
    assert "Lena Lead" in page.inner_text("#results")

    _follow(page, f"#results a:text('{triaged.reference}')")
    page.fill("input[name=email]", f"caseworker{DEMO}")
    submit_form_of(page, "input[name=email]")
    assert "Assigned to Kit Caseworker" in page.inner_text("main")
    assert "Talk to the person targeted and ask what they want" in page.inner_text("main")
    _screenshot(page, "safeguarding-lead")


def test_a_panel_member_reads_only_the_papers_of_the_proceedings_they_sit_on(
    demo: str, tour_page: Any
) -> None:
    page = tour_page
    sign_in_to_the_demo(page, demo, f"panel1{DEMO}")
    page.goto(f"{demo}/staff/")
    _follow(page, "main a[href='/staff/discipline/']")
    listed = page.inner_text("main table")
    assert "Waiting for the hearing" in listed
    assert "Investigation" not in listed  # a proceeding whose panel is not yet seated

    hearing = Proceeding.objects.get(stage=Stage.HEARING)
    # A panel member's way into a proceeding is its papers, not the staff file.
    _follow(page, f"main a:text('{hearing.reference}')")
    assert page.url.endswith(f"/staff/discipline/{hearing.pk}/panel/"), page.url
    main = page.inner_text("main")
    assert "You see what this proceeding discloses, and nothing more." in main
    assert "more than forty replies to Cllr Shah" in main
    assert "I accept the replies went too far." in main
    _screenshot(page, "panel-member")

    elsewhere = Proceeding.objects.get(stage=Stage.INVESTIGATION)
    page.goto(f"{demo}/staff/discipline/{elsewhere.pk}/panel/")
    assert "Only the panel sitting in this proceeding sees its papers." in page.inner_text("main")


def test_a_member_accepts_the_behaviour_policy_and_signs_up_for_a_meeting(
    demo: str, tour_page: Any
) -> None:
    page = tour_page
    sign_in_to_the_demo(page, demo, f"member{DEMO}")
    page.goto(f"{demo}/welcome/")
    assert "How to report abuse" in page.inner_text("main")
    page.click("main button:text('I have read and accept the behaviour policy')")
    page.wait_for_selector("main :text('You have accepted version 1')")

    page.goto(f"{demo}/meetings/")
    _follow(page, "main a:text('Open evening: how we tackle online abuse')")
    _follow(page, "main form button:text('Register')")
    assert "One step left: read and sign the code of conduct" in page.inner_text("main")
    assert "/my-place/" in page.url or "/meetings/place/" in page.url
    page.fill("input[name=signed_name]", "Morgan Member")
    page.check("input[name=agree]")
    submit_form_of(page, "input[name=signed_name]")
    main = page.inner_text("main")
    assert "Joining details" in main
    assert "https://zoom.example.org/j/5550100" in main
    _screenshot(page, "member")
