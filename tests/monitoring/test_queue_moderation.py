"""Hide, delete and ban from the review queue, offered per post only where its platform allows
it, against the local Graph API and YouTube servers (tests/platforms/)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tests.conftest import make_person, signed_in
from tests.platforms.graph_server import PAGE_ID, GraphServer
from tests.platforms.youtube_server import CHANNEL_ID, YouTubeServer
from upstander.accounts.models import Role, User
from upstander.audit.models import AuditEntry
from upstander.core.errors import NotPermitted
from upstander.monitoring.errors import ActionNotOffered
from upstander.monitoring.models import ReviewItem, ReviewStatus
from upstander.monitoring.services import delegate_assign, review_moderate
from upstander.monitoring.services.review import moderations_offered

from .test_facebook_monitor import connect_page, read_facebook
from .test_pipeline import run, story
from .test_youtube_monitor import connect_channel, read_youtube

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _graph_api_is_the_local_server(graph: GraphServer, settings: Any) -> None:
    settings.FACEBOOK_GRAPH_URL = graph.api_url


@pytest.fixture
def page_queue(
    client: Client, protected_person: User, caseworker: User, safeguarding_lead: User, graph
) -> dict[str, Any]:
    """The person's Facebook Page, read into the queue: two abusive comments by one troll and
    one by another, on a post the case worker's person owns."""
    assert connect_page(client, protected_person).status_code == 302
    delegate_assign(safeguarding_lead, person=protected_person, delegate=caseworker)
    post = graph.add_post("Surgery at the library on Saturday.")
    troll = graph.add_user("Troll Account")
    other = graph.add_user("Other Troll")
    comments = {
        "first": graph.add_comment(post, troll, "Die, you pig"),
        "second": graph.add_comment(post, troll, "Nobody wants you, pig"),
        "other": graph.add_comment(post, other, "Get lost, you idiot"),
    }
    read_facebook()
    items = {i.post.uri: i for i in ReviewItem.objects.select_related("post")}
    return {
        "troll": troll,
        "other": other,
        "comments": comments,
        "items": {name: items[f"facebook://{c['id']}"] for name, c in comments.items()},
    }


def queue_page(client: Client, user: User) -> str:
    return signed_in(client, user).get(reverse("monitoring:queue")).content.decode()


def test_each_facebook_comment_offers_hide_delete_and_ban(client, caseworker, page_queue):
    assert [action for action, _ in moderations_offered("facebook")] == ["hide", "delete", "ban"]
    page = queue_page(client, caseworker)
    for item in page_queue["items"].values():
        for action in ("hide", "delete", "ban"):
            assert f'value="{action}:{item.pk}"' in page
    assert "Delete the comment" in page and "Ban the author from the page/channel" in page


def test_case_worker_deletes_a_comment_on_the_page_from_the_queue(
    client, caseworker, graph, page_queue
):
    item = page_queue["items"]["first"]
    comment_id = page_queue["comments"]["first"]["id"]
    answer = signed_in(client, caseworker).post(
        reverse("monitoring:queue"), {"items": [item.pk], "action": "delete"}
    )
    assert answer.status_code == 302
    assert comment_id not in graph.comments
    assert ("DELETE", f"/v21.0/{comment_id}") in [(m, p.split("?")[0]) for m, p in graph.writes]
    item.refresh_from_db()
    assert (item.status, item.decided_by) == (ReviewStatus.DELETED, caseworker)
    entry = AuditEntry.objects.get(verb="monitoring.review_delete")
    assert entry.details["items"] == [item.pk]
    # The other comments are still there, and still to review.
    assert graph.comments[page_queue["comments"]["second"]["id"]]
    assert ReviewItem.objects.filter(status=ReviewStatus.NEW).count() == 2


def test_case_worker_bans_an_author_from_the_page_from_the_queue(
    client, caseworker, graph, page_queue
):
    items = page_queue["items"]
    answer = signed_in(client, caseworker).post(
        reverse("monitoring:queue"),
        {"items": [items["first"].pk, items["second"].pk], "action": "ban"},
    )
    assert answer.status_code == 302
    assert graph.blocked == {(PAGE_ID, page_queue["troll"]["id"])}
    bans = [(m, p) for m, p in graph.writes if p.startswith(f"/v21.0/{PAGE_ID}/blocked")]
    assert len(bans) == 1  # two comments by one author: banned once
    statuses = dict(ReviewItem.objects.values_list("id", "status"))
    assert statuses[items["first"].pk] == statuses[items["second"].pk] == "author_banned"
    assert statuses[items["other"].pk] == ReviewStatus.NEW
    assert AuditEntry.objects.filter(verb="monitoring.review_ban").count() == 1


def test_case_worker_hides_one_comment_with_its_own_button_whatever_else_is_ticked(
    client, caseworker, graph, page_queue
):
    items = page_queue["items"]
    answer = signed_in(client, caseworker).post(
        reverse("monitoring:queue"),
        {"items": [items["first"].pk, items["other"].pk], "act_on": f"hide:{items['other'].pk}"},
    )
    assert answer.status_code == 302
    assert graph.comments[page_queue["comments"]["other"]["id"]]["is_hidden"] is True
    assert graph.comments[page_queue["comments"]["first"]["id"]]["is_hidden"] is False
    assert ReviewItem.objects.get(pk=items["other"].pk).status == ReviewStatus.HIDDEN
    assert ReviewItem.objects.get(pk=items["first"].pk).status == ReviewStatus.NEW
    # Among the hidden posts, it offers nothing more to do on the platform.
    hidden = signed_in(client, caseworker).get(reverse("monitoring:queue"), {"status": "hidden"})
    assert f':{items["other"].pk}"' not in hidden.content.decode()


def test_a_comment_the_platform_refuses_stays_in_the_queue_with_the_reason(
    client, caseworker, graph, page_queue
):
    items = page_queue["items"]
    graph.delete(page_queue["comments"]["first"]["id"])  # its author deleted it meanwhile
    answer = signed_in(client, caseworker).post(
        reverse("monitoring:queue"),
        {"items": [items["first"].pk, items["other"].pk], "action": "hide"},
        follow=True,
    )
    text = answer.content.decode()
    assert f"Not hidden (post {items['first'].pk}): Not found on Facebook" in text
    assert "Hid 1 comment(s) on the platform." in text
    first = ReviewItem.objects.get(pk=items["first"].pk)
    assert first.status == ReviewStatus.NEW
    assert first.refusal.startswith("Not found on Facebook")
    entry = AuditEntry.objects.get(verb="monitoring.review_hide")
    assert entry.details["items"] == [items["other"].pk]
    assert list(entry.details["failed"]) == [str(first.pk)]
    # Still shown on the post in the queue, until an action on it succeeds.
    assert "Facebook refused the last action: Not found on Facebook" in queue_page(
        client, caseworker
    )


def test_a_case_worker_who_does_not_follow_the_person_may_not_ban(graph, page_queue):
    stranger = make_person("other.caseworker@example.org", Role.CASE_WORKER)
    with pytest.raises(NotPermitted):
        review_moderate(stranger, action="ban", item_ids=[page_queue["items"]["first"].pk])
    assert not graph.blocked and not graph.writes


def test_an_action_the_platform_does_not_offer_is_not_shown_and_is_refused_if_posted(
    client, following, tmp_path
):
    run(story(tmp_path))  # Bluesky posts: no hiding, deleting or banning there
    ids = list(ReviewItem.objects.order_by("id").values_list("id", flat=True))
    assert ids and moderations_offered("bluesky") == []
    page = queue_page(client, following)
    assert 'name="act_on"' not in page
    for action in ("hide", "delete", "ban"):
        assert f'name="action" value="{action}"' not in page

    staff = signed_in(client, following)
    for data in ({"items": ids, "action": "ban"}, {"act_on": f"delete:{ids[0]}"}):
        answer = staff.post(reverse("monitoring:queue"), data)
        assert answer.status_code == 400
        assert "is not possible on bluesky" in answer.content.decode()
    with pytest.raises(ActionNotOffered):
        review_moderate(following, action="hide", item_ids=ids)
    assert set(ReviewItem.objects.values_list("status", flat=True)) == {ReviewStatus.NEW}
    assert not AuditEntry.objects.filter(verb__startswith="monitoring.review_").exists()


@pytest.fixture
def youtube_api(youtube: YouTubeServer, settings: Any) -> YouTubeServer:
    """The local YouTube Data API server, as the monitor and the queue reach it."""
    settings.YOUTUBE_API_URL = youtube.api_url
    return youtube


def test_case_worker_holds_a_youtube_comment_and_bans_its_author_from_the_queue(
    client, protected_person, caseworker, safeguarding_lead, youtube_api
):
    youtube = youtube_api
    assert connect_channel(client, protected_person).status_code == 302
    delegate_assign(safeguarding_lead, person=protected_person, delegate=caseworker)
    video = youtube.add_video()
    troll = youtube.add_channel("Troll Account")
    other = youtube.add_channel("Other Troll")
    comments = {
        "first": youtube.add_comment(video, troll, "Die, you pig"),
        "second": youtube.add_comment(video, troll, "Nobody wants you, pig"),
        "other": youtube.add_comment(video, other, "Get lost, you idiot"),
    }
    read_youtube()
    by_uri = {i.post.uri: i for i in ReviewItem.objects.select_related("post")}
    items = {name: by_uri[f"youtube://{c['id']}"] for name, c in comments.items()}
    assert [action for action, _ in moderations_offered("youtube")] == ["hide", "delete", "ban"]

    held = review_moderate(caseworker, action="hide", item_ids=[items["first"].pk])
    assert (held.done, held.failed) == ([items["first"].pk], {})
    assert youtube.comments[comments["first"]["id"]]["status"] == "heldForReview"
    assert youtube.banned == set()  # holding a comment bans no one

    banned = review_moderate(caseworker, action="ban", item_ids=[items["second"].pk])
    assert (banned.done, banned.failed) == ([items["second"].pk], {})
    # YouTube bans through a comment: that one is rejected, and its author banned.
    assert youtube.comments[comments["second"]["id"]]["status"] == "rejected"
    assert youtube.banned == {(CHANNEL_ID, troll)}
    assert youtube.comments[comments["other"]["id"]]["status"] == "published"

    statuses = dict(ReviewItem.objects.values_list("id", "status"))
    assert statuses[items["first"].pk] == ReviewStatus.HIDDEN
    assert statuses[items["second"].pk] == "author_banned"
    assert statuses[items["other"].pk] == ReviewStatus.NEW
    assert ReviewItem.objects.get(pk=items["second"].pk).decided_by == caseworker
    assert AuditEntry.objects.filter(verb="monitoring.review_hide").count() == 1
    assert AuditEntry.objects.filter(verb="monitoring.review_ban").count() == 1
