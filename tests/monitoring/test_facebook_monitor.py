"""A protected person connects their Facebook Page; the monitor reads its comments into the
review queue, scored; a case worker hides a comment from the queue; a revoked token is shown to
the lead. All against the local Graph API server (tests/platforms/graph_server.py)."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from tests.conftest import signed_in
from tests.platforms.graph_server import PAGE_ID, PAGE_TOKEN, GraphServer
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
def _graph_api_is_the_local_server(graph: GraphServer, settings: Any) -> None:
    settings.FACEBOOK_GRAPH_URL = graph.api_url


def connect_page(client: Client, person: User, **fields: str) -> Any:
    data = {
        "platform": "facebook",
        "handle": PAGE_ID,
        "credential": PAGE_TOKEN,
        "consent": "on",
        **fields,
    }
    return signed_in(client, person).post("/monitoring/", data)


def read_facebook() -> None:
    """One pass of `manage.py monitor --source facebook --once`, as a fresh process would."""
    run_source(Monitor(scorer=load_scorer("builtin")), "facebook", once=True)


def test_facebook_comments_reach_the_review_queue_scored(client, protected_person, graph):
    page = signed_in(client, protected_person).get("/monitoring/").content.decode()
    assert "only Facebook Pages can be read, not personal profiles" in page
    assert "Instagram:</strong> personal accounts cannot be read" in page

    assert (
        connect_page(client, protected_person, credential="EAAGnotthepagetoken").status_code == 400
    )
    assert connect_page(client, protected_person, handle="999").status_code == 400  # not its page
    assert connect_page(client, protected_person, consent="").status_code == 400
    assert not WatchedAccount.objects.exists()
    assert connect_page(client, protected_person).status_code == 302
    account = WatchedAccount.objects.get()
    assert (account.platform, account.stable_id, account.handle) == (
        "facebook",
        PAGE_ID,
        "cllrpriyapatel",
    )
    assert account.credential == PAGE_TOKEN
    assert account.consent_recorded_by == protected_person and account.consent_statement
    with connection.cursor() as cursor:  # encrypted at rest, as the other platforms' tokens
        cursor.execute("SELECT credential FROM monitoring_watchedaccount")
        (stored,) = cursor.fetchone()
    assert PAGE_TOKEN not in stored

    post = graph.add_post("Surgery at the library on Saturday.")
    troll = graph.add_user("Troll Account")
    neighbour = graph.add_user("Kind Neighbour")
    abusive = graph.add_comment(post, troll, "You worthless pig, nobody wants you here")
    graph.add_comment(post, neighbour, "Thanks, see you there")
    read_facebook()

    items = {i.post.text: i for i in ReviewItem.objects.select_related("post", "watched_account")}
    assert set(items) == {"You worthless pig, nobody wants you here", "Thanks, see you there"}
    item = items[abusive["message"]]
    assert (item.relation, item.person, item.watched_account) == (
        "reply",
        protected_person,
        account,
    )
    assert item.post.platform == "facebook"
    assert item.post.author_id == troll["id"]
    assert item.post.band == "high"
    assert items["Thanks, see you there"].post.band == "low"

    signed_in(client, protected_person).post(
        reverse("monitoring:revoke", args=[account.pk])
    )  # consent withdrawn: the token is deleted
    account.refresh_from_db()
    assert (account.credential, account.is_active) == ("", False)


def test_facebook_cursor_survives_a_monitor_restart(client, protected_person, graph):
    assert connect_page(client, protected_person).status_code == 302
    post = graph.add_post("Council meeting tonight.")
    troll = graph.add_user("Troll Account")
    first = [graph.add_comment(post, troll, f"go away, idiot #{n}") for n in range(3)]
    read_facebook()
    assert MonitoredPost.objects.count() == 3
    source = MonitorSource.objects.get()
    assert source.name == f"facebook-notifications:{WatchedAccount.objects.get().pk}"
    assert source.cursor  # checkpointed with the posts

    read_facebook()  # a restart with nothing new: nothing repeated
    assert MonitoredPost.objects.count() == 3

    later = graph.add_post("Bin collections update.")
    second = [
        graph.add_comment(p, troll, f"still here, idiot #{n}") for n, p in enumerate([post, later])
    ]
    read_facebook()  # another restart: only the new comments, none lost
    uris = set(MonitoredPost.objects.values_list("uri", flat=True))
    assert uris == {f"facebook://{c['id']}" for c in first + second}
    assert ReviewItem.objects.count() == 5
    assert MonitorSource.objects.get().cursor != source.cursor


def test_facebook_comment_hidden_from_the_review_queue(
    client, protected_person, caseworker, safeguarding_lead, graph
):
    assert connect_page(client, protected_person).status_code == 302
    delegate_assign(safeguarding_lead, person=protected_person, delegate=caseworker)
    post = graph.add_post("Surgery at the library on Saturday.")
    abusive = graph.add_comment(post, graph.add_user("Troll Account"), "Die, you pig")
    read_facebook()
    item = ReviewItem.objects.get()

    # Offered because the Facebook adapter declares it; Bluesky and Mastodon do not.
    assert platform_can("facebook", Capability.HIDE_REPLY)
    assert not platform_can("bluesky", Capability.HIDE_REPLY)
    assert not platform_can("mastodon", Capability.HIDE_REPLY)
    staff = signed_in(client, caseworker)
    assert 'value="hide"' in staff.get(reverse("monitoring:queue")).content.decode()

    answer = staff.post(reverse("monitoring:queue"), {"items": [item.pk], "action": "hide"})
    assert answer.status_code == 302
    assert graph.comments[abusive["id"]]["is_hidden"] is True
    assert ("POST", f"/v21.0/{abusive['id']}") in [(m, p.split("?")[0]) for m, p in graph.writes]
    item.refresh_from_db()
    assert (item.status, item.decided_by) == ("hidden", caseworker)
    assert AuditEntry.objects.filter(verb="monitoring.review_hide").count() == 1
    # Hidden, it has left the queue of posts to review.
    assert 'value="hide"' not in staff.get(reverse("monitoring:queue")).content.decode()


def test_facebook_revoked_token_tells_the_lead(client, protected_person, safeguarding_lead, graph):
    assert connect_page(client, protected_person).status_code == 302
    post = graph.add_post("Surgery at the library on Saturday.")
    graph.add_comment(post, graph.add_user("Troll Account"), "you pig")
    graph.revoked.add(PAGE_TOKEN)
    read_facebook()

    assert not MonitoredPost.objects.exists()
    source = MonitorSource.objects.get()
    account = WatchedAccount.objects.get()
    assert "must connect it again" in source.last_error
    assert "must connect it again" in account.last_error
    assert PAGE_TOKEN not in account.last_error
    assert AuditEntry.objects.filter(verb="monitoring.account_error").count() == 1

    read_facebook()  # still refused: said once, not every poll
    assert AuditEntry.objects.filter(verb="monitoring.account_error").count() == 1

    people = signed_in(client, safeguarding_lead).get(reverse("monitoring:people"))
    assert "cannot be read: Facebook no longer accepts the page" in people.content.decode()

    graph.revoked.discard(PAGE_TOKEN)  # the page's admin granted access again
    read_facebook()
    account.refresh_from_db()
    assert account.last_error == ""
    assert MonitoredPost.objects.count() == 1


def test_facebook_monitor_reads_on_past_a_read_that_stopped_at_its_page_cap(
    client, protected_person, graph, monkeypatch
):
    from functools import partialmethod

    from upstander.platforms.facebook import FacebookAdapter

    capped = partialmethod(FacebookAdapter.mentions_page, limit=3, max_pages=1)
    monkeypatch.setattr(FacebookAdapter, "mentions_page", capped)
    assert connect_page(client, protected_person).status_code == 302
    post = graph.add_post("Council meeting tonight.")
    troll = graph.add_user("Troll Account")
    graph.add_comment(post, troll, "first, idiot")
    read_facebook()
    waiting = [graph.add_comment(post, troll, f"go away, idiot #{n}") for n in range(10)]
    read_facebook()  # four capped reads of three in one round: none skipped, none twice
    uris = list(MonitoredPost.objects.values_list("uri", flat=True))
    assert len(uris) == len(set(uris)) == 11
    assert {f"facebook://{c['id']}" for c in waiting} <= set(uris)
    assert not MonitorSource.objects.get().cursor.startswith("resume:")  # caught up
