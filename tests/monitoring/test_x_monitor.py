"""A protected person connects their X account; the monitor reads its mentions and the replies
to its posts into the review queue, scored; a case worker hides a reply from the queue; a
revoked token is shown to the lead. All against the local X API v2 server
(tests/platforms/x_server.py)."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from tests.conftest import signed_in
from tests.platforms.x_server import USER_ID, USER_TOKEN, USERNAME, XServer
from upstander.accounts.models import User
from upstander.audit.models import AuditEntry
from upstander.classify import load_scorer
from upstander.monitoring.models import MonitoredPost, MonitorSource, ReviewItem, WatchedAccount
from upstander.monitoring.pipeline import Monitor
from upstander.monitoring.services import delegate_assign
from upstander.monitoring.services.review import platform_can
from upstander.monitoring.sources import run_source
from upstander.platforms.base import Capability

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _x_api_is_the_local_server(x_api: XServer, settings: Any) -> None:
    settings.X_API_URL = x_api.api_url


def connect_x(client: Client, person: User, **fields: str) -> Any:
    data = {
        "platform": "x",
        "handle": f"@{USERNAME}",
        "credential": USER_TOKEN,
        "consent": "on",
        **fields,
    }
    return signed_in(client, person).post("/monitoring/", data)


def read_x() -> None:
    """One pass of `manage.py monitor --source x --once`, as a fresh process would."""
    run_source(Monitor(scorer=load_scorer("builtin")), "x", once=True)


def test_x_mentions_reach_the_review_queue_scored(client, protected_person, x_api):
    page = signed_in(client, protected_person).get("/monitoring/").content.decode()
    assert "X allows blocking through its API only on a higher plan" in page
    assert "we mute an abusive account and hide its replies instead of blocking" in page
    assert 'value="x"' in page

    assert connect_x(client, protected_person, credential="not-her-token").status_code == 400
    assert connect_x(client, protected_person, handle="@someone_else").status_code == 400
    assert connect_x(client, protected_person, credential="").status_code == 400
    assert connect_x(client, protected_person, consent="").status_code == 400
    assert not WatchedAccount.objects.exists()
    assert connect_x(client, protected_person).status_code == 302
    account = WatchedAccount.objects.get()
    assert (account.platform, account.stable_id, account.handle) == (
        "x",
        USER_ID,
        USERNAME.lower(),
    )
    assert account.credential == USER_TOKEN
    assert account.consent_recorded_by == protected_person and account.consent_statement
    with connection.cursor() as cursor:  # encrypted at rest, as the other platforms' tokens
        cursor.execute("SELECT credential FROM monitoring_watchedaccount")
        (stored,) = cursor.fetchone()
    assert USER_TOKEN not in stored

    me = x_api.users[USER_ID]
    own = x_api.add_tweet(me, "Surgery at the library on Saturday.")
    troll = x_api.add_user("Troll Account")
    neighbour = x_api.add_user("Kind Neighbour")
    abusive = x_api.add_tweet(
        troll, "@CllrPriyaPatel You worthless pig, nobody wants you here", reply_to=own
    )
    x_api.add_tweet(neighbour, "Thanks @CllrPriyaPatel, see you there", mentions=[USER_ID])
    read_x()

    items = {i.post.text: i for i in ReviewItem.objects.select_related("post", "watched_account")}
    assert set(items) == {abusive["text"], "Thanks @CllrPriyaPatel, see you there"}
    item = items[abusive["text"]]
    assert (item.relation, item.person, item.watched_account) == (
        "reply",
        protected_person,
        account,
    )
    assert item.post.platform == "x"
    assert item.post.author_id == troll["id"]
    assert item.post.band == "high"
    assert items["Thanks @CllrPriyaPatel, see you there"].relation == "mention"
    assert items["Thanks @CllrPriyaPatel, see you there"].post.band == "low"

    signed_in(client, protected_person).post(
        reverse("monitoring:revoke", args=[account.pk])
    )  # consent withdrawn: the token is deleted
    account.refresh_from_db()
    assert (account.credential, account.is_active) == ("", False)


def test_x_cursor_survives_a_monitor_restart(client, protected_person, x_api):
    assert connect_x(client, protected_person).status_code == 302
    troll = x_api.add_user("Troll Account")
    first = [
        x_api.add_tweet(troll, f"@CllrPriyaPatel go away, idiot #{n}", mentions=[USER_ID])
        for n in range(3)
    ]
    read_x()
    assert MonitoredPost.objects.count() == 3
    source = MonitorSource.objects.get()
    assert source.name == f"x-notifications:{WatchedAccount.objects.get().pk}"
    assert source.cursor == first[-1]["id"]  # checkpointed with the posts

    read_x()  # a restart with nothing new: nothing repeated
    assert MonitoredPost.objects.count() == 3

    second = [
        x_api.add_tweet(troll, f"@CllrPriyaPatel still here, idiot #{n}", mentions=[USER_ID])
        for n in range(2)
    ]
    read_x()  # another restart: only the new mentions, none lost
    uris = set(MonitoredPost.objects.values_list("uri", flat=True))
    assert uris == {f"x://{t['id']}" for t in first + second}
    assert ReviewItem.objects.count() == 5
    assert any(f"since_id={first[-1]['id']}" in path for _, path in x_api.requests)


def test_x_reply_hidden_from_the_review_queue(
    client, protected_person, caseworker, safeguarding_lead, x_api
):
    assert connect_x(client, protected_person).status_code == 302
    delegate_assign(safeguarding_lead, person=protected_person, delegate=caseworker)
    own = x_api.add_tweet(x_api.users[USER_ID], "Surgery at the library on Saturday.")
    abusive = x_api.add_tweet(
        x_api.add_user("Troll Account"), "@CllrPriyaPatel Die, you pig", reply_to=own
    )
    read_x()
    item = ReviewItem.objects.get()

    assert platform_can("x", Capability.HIDE_REPLY)  # the X adapter declares it
    staff = signed_in(client, caseworker)
    assert 'value="hide"' in staff.get(reverse("monitoring:queue")).content.decode()

    answer = staff.post(reverse("monitoring:queue"), {"items": [item.pk], "action": "hide"})
    assert answer.status_code == 302
    assert x_api.tweets[abusive["id"]]["hidden"] is True
    assert ("PUT", f"/2/tweets/{abusive['id']}/hidden", {"hidden": True}) in x_api.writes
    item.refresh_from_db()
    assert (item.status, item.decided_by) == ("hidden", caseworker)
    assert AuditEntry.objects.filter(verb="monitoring.review_hide").count() == 1


def test_x_revoked_token_tells_the_lead(client, protected_person, safeguarding_lead, x_api):
    assert connect_x(client, protected_person).status_code == 302
    x_api.add_tweet(x_api.add_user("Troll Account"), "@CllrPriyaPatel you pig", mentions=[USER_ID])
    x_api.revoked.add(USER_TOKEN)
    read_x()

    assert not MonitoredPost.objects.exists()
    source = MonitorSource.objects.get()
    account = WatchedAccount.objects.get()
    assert "must connect it again" in source.last_error
    assert "must connect it again" in account.last_error
    assert USER_TOKEN not in account.last_error
    assert AuditEntry.objects.filter(verb="monitoring.account_error").count() == 1

    read_x()  # still refused: said once, not every poll
    assert AuditEntry.objects.filter(verb="monitoring.account_error").count() == 1

    people = signed_in(client, safeguarding_lead).get(reverse("monitoring:people"))
    assert "cannot be read: X no longer accepts the account" in people.content.decode()

    x_api.revoked.discard(USER_TOKEN)  # she granted access again
    read_x()
    account.refresh_from_db()
    assert account.last_error == ""
    assert MonitoredPost.objects.count() == 1
