"""A lead sees each reader's health: when it last read, the last error, and how far behind it
is; and each platform's, so that an account nobody reads is noticed. Against the local Graph
API and YouTube servers."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.conftest import make_person, signed_in
from tests.platforms.graph_server import PAGE_ID, PAGE_TOKEN, GraphServer
from tests.platforms.youtube_server import CHANNEL_ID, CHANNEL_TOKEN, YouTubeServer
from upstander.accounts.models import Platform, Role, User
from upstander.classify import load_scorer
from upstander.monitoring import accounts_loop
from upstander.monitoring.models import MonitorSource, WatchedAccount
from upstander.monitoring.pipeline import Monitor
from upstander.monitoring.services import watched_account_connect
from upstander.monitoring.sources import run_source
from upstander.reports.models import MailboxMessage, MailboxMessageStatus, ReportMailbox
from upstander.reports.services.mailbox import mailbox_error_record

from .conftest import WATCHED_DID, reply_to, watch, write_lines

pytestmark = pytest.mark.django_db

SOURCES = reverse("monitoring:sources")


@pytest.fixture(autouse=True)
def _local_servers(graph: GraphServer, youtube: YouTubeServer, settings: Any) -> None:
    settings.FACEBOOK_GRAPH_URL = graph.api_url
    settings.YOUTUBE_API_URL = youtube.api_url


def connect(person: User, platform: Platform, stable_id: str, handle: str, token: str) -> Any:
    return watched_account_connect(
        person,
        person=person,
        platform=platform,
        handle=handle,
        stable_id=stable_id,
        consent_statement="I agree.",
        credential=token,
    )


def read(source: str) -> None:
    run_source(Monitor(scorer=load_scorer("builtin")), source, once=True)


def row(page: str, account: WatchedAccount) -> str:
    """The reader's row on the lead's page."""
    start = page.index(f'data-source="{account.platform}-notifications:{account.pk}"')
    return page[start : page.index("</tr>", start)]


def platform_row(page: str, platform: str) -> str:
    table = page[page.index('id="platform-health"') :]
    start = table.index(f'<th scope="row">{platform}</th>')
    return " ".join(table[start : table.index("</tr>", start)].split())


def test_a_lead_sees_each_readers_last_read_error_and_backlog(
    client: Client,
    *,
    protected_person: User,
    safeguarding_lead: User,
    caseworker: User,
    graph: GraphServer,
    youtube: YouTubeServer,
) -> None:
    page_account = connect(protected_person, Platform.FACEBOOK, PAGE_ID, "priyapage", PAGE_TOKEN)
    channel = connect(protected_person, Platform.YOUTUBE, CHANNEL_ID, "priyachannel", CHANNEL_TOKEN)
    sam = make_person("sam@example.org", Role.PROTECTED_PERSON)
    sams_channel_id = youtube.add_channel("Sam Jones", handle="@samjones")
    youtube.tokens["ya29.sams-token"] = sams_channel_id
    youtube.revoked.add("ya29.sams-token")
    sams_channel = connect(sam, Platform.YOUTUBE, sams_channel_id, "samjones", "ya29.sams-token")
    never_read = connect(
        sam, Platform.MASTODON, "110000000000000001", "sam@mastodon.example", "token"
    )

    post = graph.add_post("Surgery at the library on Saturday.")
    graph.add_comment(post, graph.add_user("Troll Account"), "You worthless pig")
    read("facebook")
    youtube.quota_spent = True
    read("youtube")  # Priya's channel: the quota is spent; Sam's: the token is revoked

    assert signed_in(client, caseworker).get(SOURCES).status_code == 403
    assert signed_in(client, protected_person).get(SOURCES).status_code == 403
    people = signed_in(client, safeguarding_lead).get(reverse("monitoring:people"))
    assert SOURCES in people.content.decode()
    answer = signed_in(client, safeguarding_lead).get(SOURCES)
    assert answer.status_code == 200
    page = answer.content.decode()

    facebook = row(page, page_account)
    read_at = MonitorSource.objects.get(name=f"facebook-notifications:{page_account.pk}")
    assert read_at.last_read_at is not None
    assert read_at.last_read_at.strftime("%-d %b %Y %H:%M:%S") in facebook
    assert ">reading<" in facebook and "caught up" in facebook
    assert "1 seen, 1 stored" in facebook

    waiting = row(page, channel)
    assert ">waiting<" in waiting
    assert "The daily YouTube API quota is spent" in waiting and "waiting until" in waiting
    assert "never" in waiting  # it has not read once yet

    failing = row(page, sams_channel)
    assert ">failing<" in failing
    assert "YouTube no longer accepts the channel&#x27;s access token" in failing

    nobody = row(page, never_read)
    assert ">not read yet<" in nobody and "never" in nobody and "not known" in nobody

    assert platform_row(page, "facebook").startswith(
        '<th scope="row">facebook</th> <td>1</td> <td><time datetime="'
    )
    youtube_summary = platform_row(page, "youtube")
    assert "<td>2</td>" in youtube_summary
    assert '<span class="badge warn">1</span>' in youtube_summary  # failing: Sam's
    assert youtube_summary.endswith("<td>1</td> <td>0</td> <td>0</td>")  # waiting, behind, new
    assert "never" in youtube_summary  # neither channel has read yet


def test_a_round_cut_short_shows_pages_still_waiting(
    client: Client,
    protected_person: User,
    safeguarding_lead: User,
    graph: GraphServer,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    account = connect(protected_person, Platform.FACEBOOK, PAGE_ID, "priyapage", PAGE_TOKEN)
    post = graph.add_post("Surgery at the library on Saturday.")
    graph.add_comment(post, graph.add_user("Troll Account"), "You worthless pig")
    monkeypatch.setattr(accounts_loop, "MAX_PAGES_PER_ROUND", 1)
    read("facebook")  # one page stored, and the round ends before it knows it caught up

    page = signed_in(client, safeguarding_lead).get(SOURCES).content.decode()
    assert "at least 1 page waiting" in row(page, account)
    assert ">behind<" in row(page, account)
    assert platform_row(page, "facebook").endswith("<td>0</td> <td>1</td> <td>0</td>")

    read("facebook")  # the next round finds nothing new
    page = signed_in(client, safeguarding_lead).get(SOURCES).content.decode()
    assert "caught up" in row(page, account)


def test_a_stream_checkpoint_counts_as_a_read_and_its_accounts_are_not_listed_unread(
    client: Client, protected_person: User, safeguarding_lead: User, tmp_path: Path
) -> None:
    watch(protected_person)
    path = write_lines(tmp_path / "replay.jsonl", [reply_to(WATCHED_DID, 1, "you pig")])
    page = signed_in(client, safeguarding_lead).get(SOURCES).content.decode()
    assert ">not read yet<" in page  # no stream read yet: the Bluesky account waits for one

    read(f"replay:{path}")
    source = MonitorSource.objects.get()
    assert source.last_read_at is not None
    page = signed_in(client, safeguarding_lead).get(SOURCES).content.decode()
    assert f'data-source="{source.name}"' in page
    assert ">not read yet<" not in page  # the stream reads it
    assert "1 seen, 1 stored" in page


def mailbox_row(page: str, name: str) -> str:
    start = page.index(f'data-mailbox="{name}"')
    return page[start : page.index("</tr>", start)]


def test_a_lead_sees_the_party_mailboxs_last_read_error_and_set_aside_count(
    client: Client, safeguarding_lead: User
) -> None:
    now = timezone.now()
    box = ReportMailbox.objects.create(name="reports@mail.party.example:993/INBOX")
    page = signed_in(client, safeguarding_lead).get(SOURCES).content.decode()
    assert "not read yet" in mailbox_row(page, box.name)

    ReportMailbox.objects.filter(pk=box.pk).update(uidvalidity=1, last_read_at=now)
    MailboxMessage.objects.create(
        mailbox=box,
        uidvalidity=1,
        uid=7,
        sha256="0" * 64,
        size=10,
        status=MailboxMessageStatus.SET_ASIDE,
        reason="no sender: the message has no From address",
        received_at=now,
    )
    failure = "The mailbox server mail.party.example:993 refused the login for reports"
    mailbox_error_record(mailbox=box, message=failure)

    page = signed_in(client, safeguarding_lead).get(SOURCES).content.decode()
    shown = mailbox_row(page, box.name)
    assert "failing" in shown and failure in shown
    assert timezone.localtime(now).strftime("%Y-%m-%dT%H:%M:%S") in shown  # last good read
    assert '<span class="badge warn">1</span>' in shown  # one message set aside
