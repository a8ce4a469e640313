"""Meetings in a real browser: register, no details until the code of conduct is signed, then
details on screen and by mail; a suspended member is refused; a withdrawn link stops working."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail

from tests.browser.helpers import seed_published_policies, sign_in, submit_form_of
from tests.conftest import PASSWORD, enable_totp, make_person
from tests.meetings.helpers import JOIN_LINK, make_meeting, make_member
from upstander.accounts.models import MembershipStatus, Role
from upstander.meetings.models import Audience, Meeting, Registration
from upstander.meetings.services import registration_revoke

pytestmark = pytest.mark.browser


def _meeting(audience: Audience = Audience.PUBLIC) -> Meeting:
    seed_published_policies()
    host = make_person("host@example.org", Role.CASE_WORKER)
    enable_totp(host)
    return make_meeting(host, audience=audience)


def test_details_appear_on_screen_and_by_mail_only_after_signing(
    live_server: Any, page: Any
) -> None:
    meeting = _meeting()
    base = live_server.url
    page.goto(f"{base}/meetings/")
    page.get_by_role("link", name=meeting.title).click()
    page.fill("input[name=name]", "Rowan Visitor")
    page.fill("input[name=email]", "rowan@example.org")
    submit_form_of(page, "input[name=email]")

    html = page.content()
    assert "Sign version 1" in html
    for secret in (JOIN_LINK, "8675309", meeting.password):
        assert secret not in html
        assert all(secret not in m.body for m in mail.outbox)
    assert len(mail.outbox) == 1  # the personal link only

    page.fill("input[name=signed_name]", "Rowan Visitor")
    page.check("input[name=agree]")
    submit_form_of(page, "input[name=signed_name]")

    main = page.inner_text("main")
    assert meeting.password in main
    assert "https://meet.example.org/j/8675309" in main
    assert meeting.password in mail.outbox[-1].body
    assert JOIN_LINK in mail.outbox[-1].body
    assert mail.outbox[-1].to == ["rowan@example.org"]


def test_a_suspended_member_is_refused(live_server: Any, page: Any) -> None:
    meeting = _meeting(Audience.MEMBERS)
    user, _ = make_member("jo@example.org", "M-9", status=MembershipStatus.SUSPENDED)
    base = live_server.url
    sign_in(page, base, user.email, PASSWORD)
    page.goto(f"{base}/meetings/{meeting.pk}/")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert "suspended or you have been expelled" in page.inner_text("main")
    assert not Registration.objects.exists()
    assert meeting.password not in page.content()


def test_a_withdrawn_link_stops_working(live_server: Any, page: Any) -> None:
    meeting = _meeting()
    base = live_server.url
    page.goto(f"{base}/meetings/{meeting.pk}/")
    page.fill("input[name=name]", "Robin Disruptive")
    page.fill("input[name=email]", "robin@example.org")
    submit_form_of(page, "input[name=email]")
    place = page.url
    page.fill("input[name=signed_name]", "Robin Disruptive")
    page.check("input[name=agree]")
    submit_form_of(page, "input[name=signed_name]")
    assert meeting.password in page.inner_text("main")

    registration_revoke(
        meeting.host, registration=Registration.objects.get(), reason="Abuse in the chat"
    )
    page.goto(place)
    main = page.inner_text("main")
    assert "withdrawn" in main
    assert meeting.password not in page.content()
