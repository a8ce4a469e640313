"""Blocking in a real browser: a case worker asks, a lead approves, the deliveries confirm live.

The block goes to two protected people on the local AT Protocol network (testnet/pds.mjs):
one subscribed to the party's moderation list, one who chose direct blocks. The deliveries are
run by a worker (here: the test thread, as `manage.py blocking_worker` would), while the lead's
page updates itself through htmx polling.
"""

from __future__ import annotations

from typing import Any

import pytest
from pytest_django.fixtures import Settings

from tests.blocking.conftest import bluesky  # noqa: F401 - the PDS fixture
from tests.browser.helpers import sign_in
from tests.conftest import PASSWORD, enable_totp, make_person
from tests.platforms.atproto_testnet import AtprotoNetwork
from upstander.accounts.models import Platform, Role, User
from upstander.blocking import writers
from upstander.blocking.models import BlockEntry, DeliveryState, EntryStatus, Method
from upstander.blocking.services import (
    blocking_account_connect,
    blocking_account_subscribe,
    deliveries_run_due,
    party_list_configure,
    party_list_create,
)
from upstander.platforms.bluesky import BlueskyAdapter
from upstander.platforms.bluesky_records import BLOCK, LISTITEM

pytestmark = pytest.mark.browser


@pytest.fixture
def staff(transactional_db: None) -> dict[str, tuple[User, str]]:
    caseworker = make_person("kit.blocks@example.org", Role.CASE_WORKER)
    lead = make_person("lena.blocks@example.org", Role.SAFEGUARDING_LEAD, Role.CASE_WORKER)
    return {"caseworker": (caseworker, enable_totp(caseworker)), "lead": (lead, enable_totp(lead))}


@pytest.fixture
def opted_in(
    transactional_db: None,
    bluesky: AtprotoNetwork,  # noqa: F811 - the imported fixture
) -> dict[str, Any]:
    writers.forget_all()
    handle, did, password = bluesky.account("party")
    party = party_list_configure(
        None, handle=handle, account_id=did, service_url=bluesky.pds_url, credential=password
    )
    party_list_create(name="Party blocklist")
    repos = {}
    for name, method in (("listed", Method.MODLIST), ("direct", Method.BLOCK)):
        person = make_person(f"{name}.blocks@example.org", Role.PROTECTED_PERSON)
        handle, did, password = bluesky.account(name)
        account = blocking_account_connect(
            person,
            person=person,
            platform=Platform.BLUESKY,
            handle=handle,
            account_id=did,
            service_url=bluesky.pds_url,
            credential=password,
            method=method,
            consent=True,
        )
        if method == Method.MODLIST:
            blocking_account_subscribe(account=account)
        repos[name] = BlueskyAdapter.login(
            service=bluesky.pds_url, handle=did, password=password, allow_private=True
        )
    repos["party"] = writers.bluesky_for(party)
    _, troll_did, _ = bluesky.account("troll")
    return {"repos": repos, "troll": troll_did}


@pytest.fixture
def queued(settings: Settings) -> None:
    """Deliveries wait in the queue for a worker, so the page has something to show arriving."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


def test_a_case_worker_requests_a_block_a_lead_approves_and_the_deliveries_confirm_live(
    live_server: Any,
    browser: Any,
    staff: dict[str, tuple[User, str]],
    opted_in: dict[str, Any],
    queued: None,
) -> None:
    troll_did, repos = opted_in["troll"], opted_in["repos"]
    base = live_server.url

    caseworker, secret = staff["caseworker"]
    worker_page = browser.new_context().new_page()
    sign_in(worker_page, base, caseworker.email, PASSWORD, secret)
    worker_page.goto(f"{base}/staff/blocking/new/")
    worker_page.select_option("select[name=platform]", "bluesky")
    worker_page.fill("input[name=account_id]", troll_did)
    worker_page.fill("input[name=handle]", "troll.test")
    worker_page.fill("textarea[name=reason]", "Threats in replies to two councillors")
    worker_page.fill("input[name=post_url]", "https://bsky.app/profile/troll.test/post/1")
    worker_page.fill("textarea[name=post_text]", "I know where you live")
    worker_page.get_by_role("button", name="Ask for approval").click()
    worker_page.wait_for_selector("text=waiting for a safeguarding lead's approval")
    assert worker_page.get_by_role("button", name="Approve the block").count() == 0
    entry = BlockEntry.objects.get()
    assert entry.status == EntryStatus.REQUESTED
    assert entry.evidence.count() == 1

    lead, lead_secret = staff["lead"]
    page = browser.new_context().new_page()
    sign_in(page, base, lead.email, PASSWORD, lead_secret)
    page.goto(f"{base}/staff/blocking/?status=requested")
    page.get_by_role("link", name="@troll.test").click()
    page.get_by_role("button", name="Approve the block").click()
    page.wait_for_selector("text=Still sending")
    assert "Blocked on 0 of 2" in page.inner_text("#deliveries")

    # A worker runs the queue; the open page catches up by itself (htmx polling, no reload).
    deliveries_run_due()
    page.wait_for_selector("#deliveries >> text=Blocked on 2 of 2", timeout=8_000)
    assert page.locator("#deliveries[hx-trigger]").count() == 0  # settled: polling stopped
    assert "Time to block" in page.inner_text("#deliveries")
    assert set(entry.deliveries.values_list("state", flat=True)) == {DeliveryState.CONFIRMED}
    [item] = repos["party"].records(LISTITEM)
    assert item["value"]["subject"] == troll_did
    assert [b["value"]["subject"] for b in repos["direct"].records(BLOCK)] == [troll_did]
    assert repos["listed"].records(BLOCK) == []  # covered by the list it subscribes to
