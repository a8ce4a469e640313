"""A protected person connects their YouTube channel; the monitor reads the comments on its
videos into the review queue, scored; a case worker holds a comment for review from the queue;
a revoked token is shown to the lead and the person; a spent quota makes the monitor wait. All
against the local YouTube Data API server (tests/platforms/youtube_server.py)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.conftest import signed_in
from tests.platforms.youtube_server import CHANNEL_ID, CHANNEL_TOKEN, YouTubeServer
from upstander.accounts.models import User
from upstander.audit.models import AuditEntry
from upstander.classify import load_scorer
from upstander.monitoring.models import MonitoredPost, MonitorSource, ReviewItem, WatchedAccount
from upstander.monitoring.pipeline import Monitor
from upstander.monitoring.services import delegate_assign
from upstander.monitoring.services.review import platform_can
from upstander.monitoring.sources import run_source
from upstander.platforms.base import Capability
from upstander.platforms.youtube import seconds_until_quota_reset

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _youtube_api_is_the_local_server(youtube: YouTubeServer, settings: Any) -> None:
    settings.YOUTUBE_API_URL = youtube.api_url


def connect_channel(client: Client, person: User, **fields: str) -> Any:
    data = {
        "platform": "youtube",
        "handle": "@cllrpriyapatel",
        "credential": CHANNEL_TOKEN,
        "consent": "on",
        **fields,
    }
    return signed_in(client, person).post("/monitoring/", data)


def read_youtube() -> None:
    """One pass of `manage.py monitor --source youtube --once`, as a fresh process would."""
    run_source(Monitor(scorer=load_scorer("builtin")), "youtube", once=True)


def thread_reads(youtube: YouTubeServer) -> int:
    return sum(1 for _, path in youtube.requests if "/commentThreads" in path)


def test_youtube_comments_reach_the_review_queue_scored(client, protected_person, youtube):
    page = signed_in(client, protected_person).get("/monitoring/").content.decode()
    assert "YouTube channel" in page
    assert "YouTube:</strong> give your channel's @handle or id" in page

    assert connect_channel(client, protected_person, credential="").status_code == 400
    assert connect_channel(client, protected_person, credential="ya29.not-a-token").status_code == (
        400
    )
    other = youtube.add_channel("Someone Else", handle="@someoneelse")
    youtube.tokens["ya29.someone-elses-token"] = other
    assert (  # a real token, but for another channel
        connect_channel(client, protected_person, credential="ya29.someone-elses-token").status_code
        == 400
    )
    assert connect_channel(client, protected_person, consent="").status_code == 400
    assert not WatchedAccount.objects.exists()
    assert connect_channel(client, protected_person).status_code == 302
    account = WatchedAccount.objects.get()
    assert (account.platform, account.stable_id, account.handle) == (
        "youtube",
        CHANNEL_ID,
        "cllrpriyapatel",
    )
    assert account.credential == CHANNEL_TOKEN
    assert account.consent_recorded_by == protected_person and account.consent_statement
    # Verified as the token's own channel: `channels?mine=true`.
    assert any("mine=true" in path for _, path in youtube.requests)
    with connection.cursor() as cursor:  # encrypted at rest, as the other platforms' tokens
        cursor.execute("SELECT credential FROM monitoring_watchedaccount")
        (stored,) = cursor.fetchone()
    assert CHANNEL_TOKEN not in stored

    video = youtube.add_video()
    troll = youtube.add_channel("Troll Account")
    neighbour = youtube.add_channel("Kind Neighbour")
    abusive = youtube.add_comment(video, troll, "You worthless pig, nobody wants you here")
    kind = youtube.add_comment(video, neighbour, "Thanks, see you there")
    youtube.add_comment(video, troll, "shut up, idiot", parent=kind)  # a reply in a thread
    youtube.add_comment(video, CHANNEL_ID, "Thank you all")  # the channel itself: not watched
    read_youtube()

    items = {i.post.text: i for i in ReviewItem.objects.select_related("post", "watched_account")}
    assert set(items) == {
        "You worthless pig, nobody wants you here",
        "Thanks, see you there",
        "shut up, idiot",
    }
    item = items[abusive["text"]]
    assert (item.relation, item.person, item.watched_account) == (
        "reply",
        protected_person,
        account,
    )
    assert item.post.platform == "youtube"
    assert item.post.uri == f"youtube://{abusive['id']}"
    assert item.post.author_id == troll
    assert item.post.url == f"https://www.youtube.com/watch?v={video}&lc={abusive['id']}"
    assert item.post.band == "high"
    assert items["Thanks, see you there"].post.band == "low"

    signed_in(client, protected_person).post(
        reverse("monitoring:revoke", args=[account.pk])
    )  # consent withdrawn: the token is deleted
    account.refresh_from_db()
    assert (account.credential, account.is_active) == ("", False)


def test_youtube_cursor_survives_a_monitor_restart(client, protected_person, youtube):
    assert connect_channel(client, protected_person).status_code == 302
    video = youtube.add_video()
    troll = youtube.add_channel("Troll Account")
    first = [youtube.add_comment(video, troll, f"go away, idiot #{n}") for n in range(3)]
    read_youtube()
    assert MonitoredPost.objects.count() == 3
    source = MonitorSource.objects.get()
    assert source.name == f"youtube-notifications:{WatchedAccount.objects.get().pk}"
    assert source.cursor  # checkpointed with the posts

    read_youtube()  # a restart with nothing new: nothing repeated
    assert MonitoredPost.objects.count() == 3
    assert MonitorSource.objects.get().events_seen == 3

    later = youtube.add_video()
    second = [
        youtube.add_comment(v, troll, f"still here, idiot #{n}")
        for n, v in enumerate([video, later])
    ]
    second.append(youtube.add_comment(video, troll, "and again", parent=first[0]))
    read_youtube()  # another restart: only the new comments, none lost
    uris = set(MonitoredPost.objects.values_list("uri", flat=True))
    assert uris == {f"youtube://{c['id']}" for c in first + second}
    assert ReviewItem.objects.count() == 6
    assert MonitorSource.objects.get().events_seen == 6
    assert MonitorSource.objects.get().cursor != source.cursor


def test_youtube_comment_held_for_review_from_the_review_queue(
    client, protected_person, caseworker, safeguarding_lead, youtube
):
    assert connect_channel(client, protected_person).status_code == 302
    delegate_assign(safeguarding_lead, person=protected_person, delegate=caseworker)
    video = youtube.add_video()
    abusive = youtube.add_comment(video, youtube.add_channel("Troll Account"), "Die, you pig")
    read_youtube()
    item = ReviewItem.objects.get()

    assert platform_can("youtube", Capability.HIDE_REPLY)  # the adapter declares it
    staff = signed_in(client, caseworker)
    assert 'value="hide"' in staff.get(reverse("monitoring:queue")).content.decode()

    answer = staff.post(reverse("monitoring:queue"), {"items": [item.pk], "action": "hide"})
    assert answer.status_code == 302
    assert youtube.comments[abusive["id"]]["status"] == "heldForReview"
    assert [(m, p.split("?")[0]) for m, p in youtube.writes] == [
        ("POST", "/youtube/v3/comments/setModerationStatus")
    ]
    assert f"id={abusive['id']}" in youtube.writes[0][1]
    item.refresh_from_db()
    assert (item.status, item.decided_by) == ("hidden", caseworker)
    assert AuditEntry.objects.filter(verb="monitoring.review_hide").count() == 1
    assert 'value="hide"' not in staff.get(reverse("monitoring:queue")).content.decode()

    read_youtube()  # held, it is no longer among the channel's published comments
    assert ReviewItem.objects.count() == 1


def test_youtube_revoked_token_tells_the_lead_and_the_person(
    client, protected_person, safeguarding_lead, youtube
):
    assert connect_channel(client, protected_person).status_code == 302
    video = youtube.add_video()
    youtube.add_comment(video, youtube.add_channel("Troll Account"), "you pig")
    youtube.revoked.add(CHANNEL_TOKEN)
    read_youtube()

    assert not MonitoredPost.objects.exists()
    source = MonitorSource.objects.get()
    account = WatchedAccount.objects.get()
    assert "must connect it again" in source.last_error
    assert "must connect it again" in account.last_error
    assert CHANNEL_TOKEN not in account.last_error
    assert AuditEntry.objects.filter(verb="monitoring.account_error").count() == 1

    read_youtube()  # still refused: said once, not every poll
    assert AuditEntry.objects.filter(verb="monitoring.account_error").count() == 1

    people = signed_in(client, safeguarding_lead).get(reverse("monitoring:people"))
    assert "cannot be read: YouTube no longer accepts the channel" in people.content.decode()
    mine = signed_in(client, protected_person).get(reverse("monitoring:mine"))
    assert "cannot be read: YouTube no longer accepts the channel" in mine.content.decode()

    youtube.revoked.discard(CHANNEL_TOKEN)  # the owner granted access again
    read_youtube()
    account.refresh_from_db()
    assert account.last_error == ""
    assert MonitoredPost.objects.count() == 1


def test_youtube_quota_exhausted_waits_until_it_resets(client, protected_person, youtube):
    assert connect_channel(client, protected_person).status_code == 302
    video = youtube.add_video()
    troll = youtube.add_channel("Troll Account")
    youtube.add_comment(video, troll, "you pig")
    youtube.quota_spent = True
    before = timezone.now()
    read_youtube()

    assert not MonitoredPost.objects.exists()
    source = MonitorSource.objects.get()
    assert "daily YouTube API quota is spent" in source.last_error
    # Until midnight Pacific time, when YouTube resets the quota.
    expected = before + timedelta(seconds=seconds_until_quota_reset(before))
    assert source.waiting_until is not None
    assert abs((source.waiting_until - expected).total_seconds()) < 60
    assert AuditEntry.objects.filter(verb="monitoring.source_waiting").count() == 1
    # The person has nothing to do: only the lead's source page says so.
    assert WatchedAccount.objects.get().last_error == ""

    asked = len(youtube.requests)
    youtube.quota_spent = False
    read_youtube()  # waiting: not one request before the reset, whatever the server would say
    assert len(youtube.requests) == asked
    assert not MonitoredPost.objects.exists()

    MonitorSource.objects.update(waiting_until=timezone.now() - timedelta(seconds=1))
    read_youtube()  # the quota has reset
    assert MonitoredPost.objects.count() == 1
    read = MonitorSource.objects.get()
    assert (read.waiting_until, read.last_error, read.backlog) == (None, "", 0)
    assert read.last_read_at is not None


def test_youtube_short_rate_limit_is_retried_within_the_read(client, protected_person, youtube):
    assert connect_channel(client, protected_person).status_code == 302
    video = youtube.add_video()
    youtube.add_comment(video, youtube.add_channel("Troll Account"), "you pig")
    youtube.rate_limited = 1  # one 403 rateLimitExceeded, then answers again
    read_youtube()
    assert MonitoredPost.objects.count() == 1
    assert thread_reads(youtube) >= 2
    assert MonitorSource.objects.get().waiting_until is None
