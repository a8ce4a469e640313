"""A post link named in a report is fetched through its platform at once and kept as evidence,
so the abuse is on record even when its author deletes it; a failed fetch says why and is
tried again."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.conftest import signed_in
from tests.platforms.atproto_testnet import AtprotoNetwork
from tests.platforms.graph_server import PAGE_TOKEN, GraphServer
from tests.platforms.instagram_server import IG_PAGE_TOKEN, IG_USER_ID, InstagramServer
from tests.platforms.x_server import APP_TOKEN as X_APP_TOKEN
from tests.platforms.x_server import XServer
from tests.platforms.youtube_server import YouTubeServer
from upstander.audit.models import AuditEntry
from upstander.cases.services.intake import case_open_from_report
from upstander.evidence.fetch import fetch_link
from upstander.evidence.models import EvidenceItem, EvidenceKind
from upstander.evidence.selectors import evidence_bytes_verified, evidence_verify
from upstander.platforms.bluesky import BlueskyAdapter
from upstander.platforms.errors import NotFound
from upstander.platforms.facebook import graph_uri
from upstander.platforms.instagram import instagram_uri
from upstander.platforms.x import tweet_id_of, tweet_uri
from upstander.platforms.youtube import comment_uri
from upstander.reports.models import CaptureStatus, LinkCapture
from upstander.reports.services import (
    LINK_CAPTURE_MAX_ATTEMPTS,
    report_link_capture,
    report_link_captures_due,
    report_submit,
)


@dataclass
class Reported:
    """A post somewhere, as a reporter would link to it, and how to make it vanish."""

    url: str
    text: str
    author_id: str
    platform: str
    uri: str
    graph: GraphServer | None = None
    graph_id: str = ""

    def delete(self) -> None:
        assert self.graph is not None
        self.graph.delete(self.graph_id)


@pytest.fixture
def facebook_capture(settings, graph):
    settings.LINK_CAPTURE_PLATFORMS = ["facebook"]
    settings.FACEBOOK_GRAPH_URL = graph.api_url
    settings.FACEBOOK_CAPTURE_TOKEN = PAGE_TOKEN
    return graph


def facebook_comment(graph: GraphServer, text: str) -> Reported:
    post = graph.add_post("Come to my surgery on Saturday")
    troll = graph.add_user("Troll Account")
    comment = graph.add_comment(post, troll, text)
    return Reported(
        url=comment["permalink_url"],
        text=text,
        author_id=troll["id"],
        platform="facebook",
        uri=graph_uri(comment["id"]),
        graph=graph,
        graph_id=comment["id"],
    )


@pytest.fixture
def instagram_capture(settings, instagram):
    settings.LINK_CAPTURE_PLATFORMS = ["instagram"]
    settings.INSTAGRAM_GRAPH_URL = instagram.api_url
    settings.INSTAGRAM_CAPTURE_TOKEN = IG_PAGE_TOKEN
    return instagram


def instagram_comment(instagram: InstagramServer, text: str) -> Reported:
    post = instagram.add_media(instagram.ig_users[IG_USER_ID], "Come to my surgery on Saturday")
    troll = instagram.add_ig_account("troll.account", account_type="PERSONAL")
    comment = instagram.add_ig_comment(post, troll, text)
    return Reported(
        url=f"{post['permalink']}c/{comment['id']}/",
        text=text,
        author_id=troll["id"],
        platform="instagram",
        uri=instagram_uri(comment["id"]),
        graph=instagram,
        graph_id=comment["id"],
    )


YOUTUBE_KEY = "AIza-local-capture-key"


@pytest.fixture
def youtube_capture(settings, youtube):
    settings.LINK_CAPTURE_PLATFORMS = ["youtube"]
    settings.YOUTUBE_API_URL = youtube.api_url
    settings.YOUTUBE_CAPTURE_KEY = YOUTUBE_KEY
    youtube.api_keys.add(YOUTUBE_KEY)
    return youtube


def youtube_comment(youtube: YouTubeServer, text: str) -> Reported:
    video = youtube.add_video()
    troll = youtube.add_channel("Troll Account")
    comment = youtube.add_comment(video, troll, text)
    return Reported(
        url=f"https://www.youtube.com/watch?v={video}&lc={comment['id']}",
        text=text,
        author_id=troll,
        platform="youtube",
        uri=comment_uri(comment["id"]),
    )


@pytest.fixture
def x_capture(settings, x_api):
    settings.LINK_CAPTURE_PLATFORMS = ["x"]
    settings.X_API_URL = x_api.api_url
    settings.X_CAPTURE_TOKEN = X_APP_TOKEN  # the party app's bearer token: reads, acts for no one
    return x_api


def x_post(x_api: XServer, text: str) -> Reported:
    troll = x_api.add_user("Troll Account")
    tweet = x_api.add_tweet(troll, text, mentions=[])
    return Reported(
        url=x_api.link(tweet),
        text=text,
        author_id=troll["id"],
        platform="x",
        uri=tweet_uri(tweet["id"]),
    )


def bluesky_post(settings, network: AtprotoNetwork, text: str) -> Reported:
    settings.LINK_CAPTURE_PLATFORMS = ["bluesky"]
    settings.BLUESKY_CAPTURE_URL = network.pds_url
    settings.BLUESKY_PLC_URL = network.plc_url
    troll = network.create_account("troll")
    author = BlueskyAdapter.login(
        service=network.pds_url,
        handle=troll.handle,
        password=troll.password,
        plc_url=network.plc_url,
        allow_private=True,
    )
    uri = author.post(text)
    rkey = uri.rsplit("/", 1)[-1]
    return Reported(
        url=f"https://bsky.app/profile/{troll.handle}/post/{rkey}",
        text=text,
        author_id=troll.did,
        platform="bluesky",
        uri=uri,
    )


def submit(url: str, **overrides: Any):
    values: dict[str, Any] = {
        "target_kind": "representative",
        "platform": "facebook",
        "what_happened": "A threat under her post.",
        "post_links": [url],
        "target_name": "Cllr Priya Patel",
    }
    values.update(overrides)
    return report_submit(None, **values).report


@pytest.fixture(
    params=[
        "facebook",
        "instagram",
        "youtube",
        "x",
        pytest.param("bluesky", marks=pytest.mark.slow),
    ]
)
def reported(request, settings) -> Reported:
    text = "I know where you live and I will be waiting"
    if request.param == "facebook":
        request.getfixturevalue("facebook_capture")
        return facebook_comment(request.getfixturevalue("graph"), text)
    if request.param == "instagram":
        return instagram_comment(request.getfixturevalue("instagram_capture"), text)
    if request.param == "youtube":
        return youtube_comment(request.getfixturevalue("youtube_capture"), text)
    if request.param == "x":
        return x_post(request.getfixturevalue("x_capture"), text)
    return bluesky_post(settings, request.getfixturevalue("atproto_network"), text)


@pytest.mark.django_db
def test_reported_link_is_captured_as_evidence(reported):
    report = submit(reported.url, platform=reported.platform)
    capture = LinkCapture.objects.get(report=report)
    assert capture.status == CaptureStatus.CAPTURED
    assert capture.attempts == 1 and capture.last_error == ""
    item = report.evidence.get()
    assert capture.evidence == item
    assert item.kind == EvidenceKind.POST
    assert item.platform == reported.platform
    assert item.uri == reported.uri
    assert item.author_id == reported.author_id
    assert item.posted_at is not None
    assert item.captured_by is None  # an anonymous report's evidence names no login
    data = evidence_bytes_verified(item)
    assert hashlib.sha256(data).hexdigest() == item.sha256
    stored = json.loads(data)
    assert stored["text"] == reported.text
    assert stored["raw"]["requested_url"] == reported.url
    assert stored["raw"]["response"]  # the platform's own answer, as it came
    entry = AuditEntry.objects.get(verb="report.link_captured")
    assert entry.details["items"] == [item.pk]


@pytest.mark.django_db
def test_deleted_post_keeps_its_captured_evidence(facebook_capture):
    reported = facebook_comment(facebook_capture, "Nobody would miss you")
    report = submit(reported.url)
    item = report.evidence.get()
    reported.delete()  # the author deletes the comment once it has been reported
    with pytest.raises(NotFound):
        fetch_link(reported.url)  # it is gone from Facebook
    kept = EvidenceItem.objects.get(pk=item.pk)
    assert evidence_verify(kept)
    assert json.loads(evidence_bytes_verified(kept))["text"] == "Nobody would miss you"
    assert kept.sha256 == item.sha256


@pytest.mark.django_db
def test_deleted_instagram_comment_keeps_its_captured_evidence(instagram_capture):
    reported = instagram_comment(instagram_capture, "Nobody would miss you")
    report = submit(reported.url, platform="instagram")
    item = report.evidence.get()
    reported.delete()
    with pytest.raises(NotFound):
        fetch_link(reported.url)  # it is gone from Instagram
    kept = EvidenceItem.objects.get(pk=item.pk)
    assert evidence_verify(kept)
    assert json.loads(evidence_bytes_verified(kept))["text"] == "Nobody would miss you"


@pytest.mark.django_db
def test_an_instagram_link_waits_for_a_token_when_none_is_configured(settings, instagram_capture):
    settings.INSTAGRAM_CAPTURE_TOKEN = ""
    reported = instagram_comment(instagram_capture, "abuse")
    capture = LinkCapture.objects.get(report=submit(reported.url, platform="instagram"))
    assert capture.status == CaptureStatus.PENDING
    assert "INSTAGRAM_CAPTURE_TOKEN" in capture.last_error


@pytest.mark.django_db
def test_a_link_already_deleted_is_recorded_on_the_report_as_not_found(facebook_capture):
    reported = facebook_comment(facebook_capture, "gone before we looked")
    reported.delete()
    report = submit(reported.url)
    capture = LinkCapture.objects.get(report=report)
    assert capture.status == CaptureStatus.FAILED
    assert "could not be found" in capture.last_error
    assert not report.evidence.exists()


@pytest.mark.django_db
def test_a_failed_capture_is_audited_by_its_cause_never_the_link_or_the_platforms_words(
    facebook_capture,
):
    gone = facebook_comment(facebook_capture, "deleted before we looked")
    gone.delete()
    submit(gone.url)
    facebook_capture.fail_next = 20
    down = facebook_comment(facebook_capture, "while Facebook is down")
    submit(down.url)
    entries = AuditEntry.objects.filter(verb="report.link_capture_failed").order_by("sequence")
    assert [entry.details["cause"] for entry in entries] == ["not_found", "unavailable"]
    # The link names the account and the platform's words may quote it: both stay on the
    # capture (which minimising the report removes), never in the append-only log.
    assert all(set(entry.details) == {"capture", "attempts", "final", "cause"} for entry in entries)
    logged = json.dumps([entry.details for entry in entries])
    assert gone.url not in logged and down.url not in logged


@pytest.mark.django_db
def test_a_failed_fetch_says_why_and_is_tried_again_until_captured(facebook_capture):
    reported = facebook_comment(facebook_capture, "You should be afraid")
    facebook_capture.fail_next = 20  # Facebook is down for a while
    report = submit(reported.url)
    capture = LinkCapture.objects.get(report=report)
    assert capture.status == CaptureStatus.PENDING
    assert "unavailable" in capture.last_error
    assert capture.next_attempt_at > timezone.now()
    assert not report.evidence.exists()
    assert AuditEntry.objects.filter(verb="report.link_capture_failed").exists()

    facebook_capture.fail_next = 0
    assert report_link_captures_due(now=timezone.now()) == 0  # not due yet
    later = timezone.now() + timedelta(hours=7)
    assert report_link_captures_due(now=later) == 1
    capture.refresh_from_db()
    assert capture.status == CaptureStatus.CAPTURED and capture.last_error == ""
    assert report.evidence.get().uri == reported.uri


@pytest.mark.django_db
def test_a_revoked_capture_token_is_retried_then_given_up(facebook_capture):
    reported = facebook_comment(facebook_capture, "abuse")
    facebook_capture.revoked.add(PAGE_TOKEN)
    report = submit(reported.url)
    capture = LinkCapture.objects.get(report=report)
    assert capture.status == CaptureStatus.PENDING
    assert "access token" in capture.last_error
    when = timezone.now()
    for _ in range(LINK_CAPTURE_MAX_ATTEMPTS):
        when += timedelta(days=1)
        report_link_capture(capture.pk, now=when)
    capture.refresh_from_db()
    assert capture.status == CaptureStatus.FAILED
    assert capture.attempts == LINK_CAPTURE_MAX_ATTEMPTS


@pytest.mark.django_db
def test_links_on_sites_without_capture_are_left_to_the_case_worker(settings, facebook_capture):
    report = submit("https://example.org/forum/thread/1")
    assert not LinkCapture.objects.filter(report=report).exists()
    settings.LINK_CAPTURE_PLATFORMS = []
    reported = facebook_comment(facebook_capture, "abuse")
    assert not LinkCapture.objects.filter(report=submit(reported.url)).exists()


@pytest.mark.django_db
def test_a_facebook_link_waits_for_a_token_when_none_is_configured(settings, facebook_capture):
    settings.FACEBOOK_CAPTURE_TOKEN = ""
    reported = facebook_comment(facebook_capture, "abuse")
    capture = LinkCapture.objects.get(report=submit(reported.url))
    assert capture.status == CaptureStatus.PENDING
    assert "FACEBOOK_CAPTURE_TOKEN" in capture.last_error


@pytest.mark.django_db
def test_an_x_link_waits_for_a_bearer_token_when_none_is_configured(settings, x_capture):
    settings.X_CAPTURE_TOKEN = ""
    reported = x_post(x_capture, "abuse")
    capture = LinkCapture.objects.get(report=submit(reported.url, platform="x"))
    assert capture.status == CaptureStatus.PENDING
    assert "X_CAPTURE_TOKEN" in capture.last_error


@pytest.mark.django_db
def test_a_deleted_x_post_is_recorded_as_not_found(x_capture):
    reported = x_post(x_capture, "gone before we looked")
    x_capture.delete(tweet_id_of(reported.uri))
    capture = LinkCapture.objects.get(report=submit(reported.url, platform="x"))
    assert capture.status == CaptureStatus.FAILED
    assert "could not be found" in capture.last_error


@pytest.mark.django_db
def test_the_case_page_says_which_links_were_captured_and_why_one_was_not(
    client, caseworker, facebook_capture
):
    kept = facebook_comment(facebook_capture, "kept")
    gone = facebook_comment(facebook_capture, "gone")
    gone.delete()
    report = submit(kept.url, post_links=[kept.url, gone.url])
    case = case_open_from_report(caseworker, report=report)
    page = signed_in(client, caseworker).get(reverse("cases:detail", args=[case.pk]))
    body = page.content.decode()
    assert "Captured as evidence" in body
    assert "Not captured</span>: The post could not be found" in body
