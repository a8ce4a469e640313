"""The review queue in a real browser: blurred text, keyboard shortcuts, htmx bulk actions."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.browser.helpers import sign_in
from tests.conftest import PASSWORD, enable_totp, make_person
from tests.monitoring.conftest import watch
from tests.monitoring.test_pipeline import run, story
from upstander.accounts.models import Role, User
from upstander.cases.models import Case
from upstander.monitoring.models import BlockRequest, ReviewItem, ReviewStatus
from upstander.monitoring.services import delegate_assign

pytestmark = pytest.mark.browser

INSULT = "you are a worthless pig, resign"


@pytest.fixture
def reviewer(db: None, tmp_path: Path) -> tuple[User, str]:
    person = make_person("cllr.browser@example.org", Role.PROTECTED_PERSON, Role.MEMBER)
    watch(person)
    caseworker = make_person("kit.browser@example.org", Role.CASE_WORKER)
    secret = enable_totp(caseworker)
    delegate_assign(None, person=person, delegate=caseworker)
    run(story(tmp_path))
    return caseworker, secret


def test_a_case_worker_reviews_the_queue_with_the_keyboard_and_bulk_actions(
    live_server: Any, page: Any, reviewer: tuple[User, str]
) -> None:
    caseworker, secret = reviewer
    base = live_server.url
    sign_in(page, base, caseworker.email, PASSWORD, secret)
    page.goto(f"{base}/staff/monitoring/")

    # Abusive text is blurred (and its readable copy hidden) until the person reveals it.
    first = page.locator(".queue-item").first
    assert INSULT in first.inner_text() or "I know where you live" in first.inner_text()
    blurred = page.locator(".queue-item.band-high .blurred").first
    assert "blur" in blurred.evaluate("el => getComputedStyle(el).filter")
    hidden_copy = page.locator(".queue-item.band-high blockquote.post-text").first
    assert not hidden_copy.is_visible()

    # j focuses the first post, Enter reveals its text, x selects it; j x selects the second.
    page.locator("h1").click()
    page.keyboard.press("j")
    assert first.evaluate("el => el.classList.contains('current')")
    page.keyboard.press("Enter")
    assert hidden_copy.is_visible()
    page.keyboard.press("x")
    page.keyboard.press("j")
    page.keyboard.press("x")
    page.keyboard.press("k")
    assert first.evaluate("el => el === document.activeElement")
    checked = page.locator(".queue-item input[type=checkbox]:checked")
    assert checked.count() == 2

    # Dismiss through htmx: the list refreshes in place, without those two posts.
    page.get_by_role("button", name="Dismiss").click()
    page.wait_for_selector("text=Dismissed 2 post(s).")
    assert ReviewItem.objects.filter(status=ReviewStatus.DISMISSED).count() == 2
    assert page.locator(".queue-item").count() == 1

    # The last one: open a case with it as evidence.
    page.locator(".queue-item input[type=checkbox]").first.check()
    page.fill("textarea[name=summary]", "Threat after the budget debate")
    page.get_by_role("button", name="Create a case").click()
    page.wait_for_selector("text=Opened 1 case(s) with the posts as evidence.")
    assert Case.objects.get().summary == "Threat after the budget debate"
    assert "Nothing to review" in page.inner_text("#queue-results")
    assert not BlockRequest.objects.exists()


def test_a_bulk_action_with_nothing_selected_says_why_in_the_error_region(
    live_server: Any, page: Any, reviewer: tuple[User, str]
) -> None:
    caseworker, secret = reviewer
    base = live_server.url
    sign_in(page, base, caseworker.email, PASSWORD, secret)
    page.goto(f"{base}/staff/monitoring/")
    region = page.locator("#htmx-error")
    assert region.get_attribute("role") == "alert"
    assert not region.is_visible()  # empty, so it takes no room

    page.get_by_role("button", name="Dismiss").click()
    page.wait_for_selector("#htmx-error:has-text('Select at least one post first.')")
    assert page.get_by_role("alert").inner_text() == "Select at least one post first."
    assert not ReviewItem.objects.exclude(status=ReviewStatus.NEW).exists()
    assert page.locator("#queue-results").get_attribute("aria-busy") is None

    # The next action that works clears the message.
    page.locator(".queue-item input[type=checkbox]").first.check()
    page.get_by_role("button", name="Dismiss").click()
    page.wait_for_selector("text=Dismissed 1 post(s).")
    assert region.text_content() == ""
    assert not region.is_visible()
