"""A protected person connects their Instagram professional account; the monitor reads its
comments into the review queue, scored; a case worker hides a comment from the queue; a personal
account is refused saying why; a revoked token is shown to the lead. All against the local
Instagram Graph API server (tests/platforms/instagram_server.py)."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from tests.conftest import signed_in
from tests.platforms.instagram_server import (
    IG_PAGE_TOKEN,
    IG_USER_ID,
    IG_USER_TOKEN,
    IG_USERNAME,
    InstagramServer,
)
from upstander.accounts.models import User
from upstander.audit.models import AuditEntry
from upstander.classify import load_scorer
from upstander.monitoring.models import MonitoredPost, MonitorSource, ReviewItem, WatchedAccount
from upstander.monitoring.pipeline import Monitor
from upstander.monitoring.services import delegate_assign
from upstander.monitoring.services.review import platform_can
from upstander.monitoring.sources import run_source
from upstander.platforms.base import Capability
from upstander.platforms.instagram import instagram_uri

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _instagram_api_is_the_local_server(instagram: InstagramServer, settings: Any) -> None:
    settings.INSTAGRAM_GRAPH_URL = instagram.api_url


def connect_instagram(client: Client, person: User, **fields: str) -> Any:
    data = {
        "platform": "instagram",
        "handle": f"@{IG_USERNAME}",
        "credential": IG_PAGE_TOKEN,
        "consent": "on",
        **fields,
    }
    return signed_in(client, person).post("/monitoring/", data)


def read_instagram() -> None:
    """One pass of `manage.py monitor --source instagram --once`, as a fresh process would."""
    run_source(Monitor(scorer=load_scorer("builtin")), "instagram", once=True)


def test_instagram_comments_reach_the_review_queue_scored(client, protected_person, instagram):
    page = signed_in(client, protected_person).get("/monitoring/").content.decode()
    assert "Instagram:</strong> personal accounts cannot be read at all" in page
    assert "only professional (business or creator) accounts can" in page
    assert 'value="instagram"' in page

    assert connect_instagram(client, protected_person, credential="").status_code == 400
    assert connect_instagram(client, protected_person, consent="").status_code == 400
    assert not WatchedAccount.objects.exists()
    assert connect_instagram(client, protected_person).status_code == 302
    account = WatchedAccount.objects.get()
    assert (account.platform, account.stable_id, account.handle) == (
        "instagram",
        IG_USER_ID,
        IG_USERNAME,
    )
    assert account.credential == IG_PAGE_TOKEN
    assert account.consent_recorded_by == protected_person and account.consent_statement
    with connection.cursor() as cursor:  # encrypted at rest, as the other platforms' tokens
        cursor.execute("SELECT credential FROM monitoring_watchedaccount")
        (stored,) = cursor.fetchone()
    assert IG_PAGE_TOKEN not in stored

    me = instagram.ig_users[IG_USER_ID]
    post = instagram.add_media(me, "Surgery at the library on Saturday.")
    troll = instagram.add_ig_account("troll.account", account_type="PERSONAL")
    neighbour = instagram.add_ig_account("kind.neighbour", account_type="PERSONAL")
    abusive = instagram.add_ig_comment(post, troll, "You worthless pig, nobody wants you here")
    instagram.add_ig_comment(post, neighbour, "Thanks, see you there")
    read_instagram()

    items = {i.post.text: i for i in ReviewItem.objects.select_related("post", "watched_account")}
    assert set(items) == {"You worthless pig, nobody wants you here", "Thanks, see you there"}
    item = items[abusive["text"]]
    assert (item.relation, item.person, item.watched_account) == (
        "reply",
        protected_person,
        account,
    )
    assert item.post.platform == "instagram"
    assert item.post.uri == instagram_uri(abusive["id"])
    assert item.post.author_id == troll["id"]
    assert item.post.band == "high"
    assert items["Thanks, see you there"].post.band == "low"

    read_instagram()  # a restart with nothing new: nothing repeated
    assert ReviewItem.objects.count() == 2
    assert MonitorSource.objects.get().name == f"instagram-notifications:{account.pk}"

    signed_in(client, protected_person).post(
        reverse("monitoring:revoke", args=[account.pk])
    )  # consent withdrawn: the token is deleted
    account.refresh_from_db()
    assert (account.credential, account.is_active) == ("", False)


def test_instagram_personal_account_cannot_be_connected_and_the_page_says_why(
    client, protected_person, instagram
):
    _page_id, page_token = instagram.add_page("Priya at home")
    instagram.add_ig_account("priya.personal", account_type="PERSONAL")
    answer = connect_instagram(
        client, protected_person, handle="priya.personal", credential=page_token
    )
    assert answer.status_code == 400
    body = answer.content.decode()
    assert "reaches no professional Instagram account called @priya.personal" in body
    assert "personal Instagram accounts cannot be read by any app" in body
    # The right token, but naming an account it does not reach, is refused the same way.
    assert connect_instagram(client, protected_person, handle="someone.else").status_code == 400
    assert not WatchedAccount.objects.exists()
    # Its admin's user token reaches the professional account through their pages.
    assert connect_instagram(client, protected_person, credential=IG_USER_TOKEN).status_code == 302
    assert WatchedAccount.objects.get().stable_id == IG_USER_ID


def test_instagram_comment_hidden_from_the_review_queue(
    client, protected_person, caseworker, safeguarding_lead, instagram
):
    assert connect_instagram(client, protected_person).status_code == 302
    delegate_assign(safeguarding_lead, person=protected_person, delegate=caseworker)
    post = instagram.add_media(instagram.ig_users[IG_USER_ID], "Surgery on Saturday.")
    troll = instagram.add_ig_account("troll.account", account_type="PERSONAL")
    abusive = instagram.add_ig_comment(post, troll, "Die, you pig")
    read_instagram()
    item = ReviewItem.objects.get()

    assert platform_can("instagram", Capability.HIDE_REPLY)  # the adapter declares it
    staff = signed_in(client, caseworker)
    assert 'value="hide"' in staff.get(reverse("monitoring:queue")).content.decode()

    answer = staff.post(reverse("monitoring:queue"), {"items": [item.pk], "action": "hide"})
    assert answer.status_code == 302
    assert instagram.ig_comments[abusive["id"]]["hidden"] is True
    assert ("POST", f"/v21.0/{abusive['id']}") in [
        (m, p.split("?")[0]) for m, p in instagram.writes
    ]
    item.refresh_from_db()
    assert (item.status, item.decided_by) == ("hidden", caseworker)
    assert AuditEntry.objects.filter(verb="monitoring.review_hide").count() == 1
    assert 'value="hide"' not in staff.get(reverse("monitoring:queue")).content.decode()


def test_instagram_revoked_token_tells_the_lead(
    client, protected_person, safeguarding_lead, instagram
):
    assert connect_instagram(client, protected_person).status_code == 302
    post = instagram.add_media(instagram.ig_users[IG_USER_ID], "Surgery on Saturday.")
    troll = instagram.add_ig_account("troll.account", account_type="PERSONAL")
    instagram.add_ig_comment(post, troll, "you pig")
    instagram.revoked.add(IG_PAGE_TOKEN)
    read_instagram()

    assert not MonitoredPost.objects.exists()
    account = WatchedAccount.objects.get()
    assert "must connect Instagram again" in account.last_error
    assert "must connect Instagram again" in MonitorSource.objects.get().last_error
    assert IG_PAGE_TOKEN not in account.last_error
    people = signed_in(client, safeguarding_lead).get(reverse("monitoring:people"))
    assert "cannot be read: Instagram no longer accepts the access token" in (
        people.content.decode()
    )

    instagram.revoked.discard(IG_PAGE_TOKEN)  # access granted again
    read_instagram()
    account.refresh_from_db()
    assert account.last_error == ""
    assert MonitoredPost.objects.count() == 1
