"""The Mastodon adapter, through Mastodon.py, against a local server with Mastodon's API shapes."""

from __future__ import annotations

import threading
import time

import pytest

from upstander.platforms.base import PlatformAdapter
from upstander.platforms.errors import AuthenticationFailed, NotFound, NotSupported, TransientError
from upstander.platforms.mastodon import MastodonAdapter
from upstander.platforms.types import Relation

from .mastodon_server import TOKEN, MastodonServer


def adapter(server: MastodonServer, token: str = TOKEN) -> MastodonAdapter:
    return MastodonAdapter(
        api_base_url=server.url, access_token=token, timeout=5, allow_private=True
    )


def test_the_adapter_implements_the_platform_interface(mastodon):
    assert isinstance(adapter(mastodon), PlatformAdapter)


def test_me_resolves_the_connected_account_to_its_stable_uri(mastodon):
    me = adapter(mastodon).me()
    assert me.id == f"{mastodon.url}/users/priya"
    assert me.handle == "priya@127.0.0.1:" + mastodon.url.rsplit(":", 1)[1]


def test_mentions_and_replies_are_read_with_plain_text_and_author(mastodon):
    troll = mastodon.accounts["2"]
    mastodon.add_mention(author=troll, html="<p>@priya you are a <b>disgrace</b><br>resign</p>")
    mastodon.add_mention(author=troll, html="<p>@priya no</p>", reply=True)
    page = adapter(mastodon).mentions_page()
    by_text = {i.post.text: i for i in page.interactions}
    assert set(by_text) == {"@priya you are a disgrace\nresign", "@priya no"}
    first = by_text["@priya you are a disgrace\nresign"]
    assert first.relation == Relation.MENTION
    assert by_text["@priya no"].relation == Relation.REPLY
    assert first.post.author_handle == "troll@bad.example"
    assert first.post.author_id == "https://bad.example/users/troll"
    assert first.post.uri.startswith("https://bad.example/users/troll/statuses/")
    assert first.target_id == f"{mastodon.url}/users/priya"
    assert first.post.raw["account"]["acct"] == "troll@bad.example"
    assert "types%5B%5D=mention" in " ".join(mastodon.requests)  # types[]=mention


def test_paging_from_a_cursor_returns_only_newer_mentions(mastodon):
    troll = mastodon.accounts["2"]
    mastodon.add_mention(author=troll, html="<p>one</p>")
    client = adapter(mastodon)
    first = client.mentions_page()
    mastodon.add_mention(author=troll, html="<p>two</p>")
    second = client.mentions_page(cursor=first.cursor)
    assert [i.post.text for i in second.interactions] == ["two"]
    assert client.mentions_page(cursor=second.cursor).cursor is None


def test_a_refused_token_is_a_permanent_authentication_failure(mastodon):
    with pytest.raises(AuthenticationFailed) as refused:
        adapter(mastodon, token="not-the-right-token-xyz").me()
    assert refused.value.permanent


def test_a_path_is_never_taken_as_a_token(mastodon):
    with pytest.raises(AuthenticationFailed):
        MastodonAdapter(api_base_url=mastodon.url, access_token="/etc/passwd", allow_private=True)


def test_server_errors_are_transient(mastodon):
    client = adapter(mastodon)
    client.me()
    mastodon.fail_next = 1
    with pytest.raises(TransientError) as failed:
        client.mentions_page()
    assert not failed.value.permanent


@pytest.mark.parametrize(
    "answer",
    [{"blocking": True}, ["blocking"], "blocking", [7], None],
    ids=["an object", "a list of strings", "a string", "a list of numbers", "null"],
)
def test_a_malformed_relationships_answer_is_a_transient_platform_error(mastodon, answer):
    """A server's address is typed by the person, so it can answer anything: an answer in the
    wrong shape fails as the platform's fault (retried later), never as a crash of ours."""
    troll = mastodon.accounts["2"]
    mastodon.answer_instead["/api/v1/accounts/relationships"] = answer
    with pytest.raises(TransientError) as failed:
        adapter(mastodon).block_confirmed(troll["uri"], handle=troll["acct"])
    assert "relationships" in failed.value.message
    assert "blocking" not in failed.value.message  # what the server said is not repeated
    assert mastodon.writes_by(TOKEN, "/block") == 0


def test_a_block_answered_with_no_relationship_is_a_transient_platform_error(mastodon):
    troll = mastodon.accounts["2"]
    mastodon.answer_instead[f"/api/v1/accounts/{troll['id']}/block"] = ["blocking"]
    with pytest.raises(TransientError):
        adapter(mastodon).block_confirmed(troll["uri"], handle=troll["acct"])


def test_notifications_without_ids_are_a_transient_platform_error(mastodon):
    client = adapter(mastodon)
    client.me()
    mastodon.answer_instead["/api/v1/notifications"] = [{"type": "mention"}]
    with pytest.raises(TransientError):
        client.mentions_page()


def test_a_missing_post_is_not_found(mastodon):
    with pytest.raises(NotFound):
        adapter(mastodon).get_post("999999")


def test_get_post_reads_a_status_with_its_author(mastodon):
    notification = mastodon.add_mention(author=mastodon.accounts["3"], html="<p>hello</p>")
    post = adapter(mastodon).get_post(notification["status"]["id"])
    assert (post.text, post.author_handle) == ("hello", "friend@" + mastodon.url[7:])


def test_the_user_stream_delivers_new_mentions(mastodon):
    client = adapter(mastodon)
    stream = client.stream_mentions(timeout=5)
    received = []

    def read():
        received.append(next(stream))

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    deadline = time.monotonic() + 10
    while not mastodon.streams and time.monotonic() < deadline:
        time.sleep(0.05)
    mastodon.add_mention(author=mastodon.accounts["2"], html="<p>streamed abuse</p>")
    reader.join(timeout=10)
    stream.close()
    assert [i.post.text for i in received] == ["streamed abuse"]


def test_mastodon_blocks_once_mutes_and_unblocks_the_account_named_by_its_uri(mastodon):
    troll = mastodon.accounts["2"]
    client = adapter(mastodon)
    owner = mastodon.tokens[TOKEN]
    assert client.block(troll["uri"]) == troll["id"]  # found through the resolving search
    assert client.block_confirmed(troll["uri"], handle=troll["acct"]) == (troll["id"], True)
    assert mastodon.writes_by(TOKEN, "/block") == 1  # the second call read the relationship
    assert (owner, troll["id"]) in mastodon.blocks
    assert client.mute(troll["uri"]) == troll["id"]
    assert (owner, troll["id"]) in mastodon.mutes
    client.unmute(troll["uri"])
    assert client.unblock_confirmed(troll["uri"])
    assert (owner, troll["id"]) not in mastodon.blocks
    assert (owner, troll["id"]) not in mastodon.mutes


def test_mastodon_reports_the_account_with_its_posts_named_by_id_or_address(mastodon):
    troll = mastodon.accounts["2"]
    first = mastodon.add_mention(author=troll, html="<p>go away</p>")["status"]
    second = mastodon.add_mention(author=troll, html="<p>again</p>")["status"]
    report_id = adapter(mastodon).report(
        account_id=troll["uri"], post_uris=[first["id"], second["uri"]], reason="Threats"
    )
    [report] = mastodon.reports
    assert report["id"] == report_id
    assert report["status_ids"] == [first["id"], second["id"]]
    assert report["comment"] == "Threats" and report["forwarded"]


def test_mastodon_has_no_shared_moderation_lists(mastodon):
    with pytest.raises(NotSupported):
        adapter(mastodon).moderation_list_add(list_ref="x", account_id="y")


def test_fetch_reads_a_status_by_its_web_address_here_or_on_another_server(mastodon):
    troll = mastodon.accounts["2"]  # on bad.example: found through the resolving search
    remote = mastodon.add_mention(author=troll, html="<p>@priya go away</p>")["status"]
    assert adapter(mastodon).fetch(remote["url"]).text == "@priya go away"
    local = mastodon.add_mention(author=mastodon.accounts["3"], html="<p>hello</p>")["status"]
    fetched = adapter(mastodon).fetch(f"{mastodon.url}/@friend/{local['id']}")
    assert fetched.uri == local["uri"]
    with pytest.raises(NotFound):
        adapter(mastodon).fetch("https://bad.example/@troll/999999")


def test_mastodon_declares_block_mute_and_report_and_refuses_page_actions(mastodon):
    from upstander.platforms.base import Capability, supports

    client = adapter(mastodon)
    assert supports(client, Capability.BLOCK) and supports(client, Capability.REPORT)
    assert not supports(client, Capability.BAN_FROM_PAGE)
    with pytest.raises(NotSupported):
        client.ban_from_page("2")


def test_a_read_asks_for_the_most_mentions_a_request_returns(mastodon):
    troll = mastodon.accounts["2"]
    mastodon.add_mention(author=troll, html="<p>first</p>")
    client = adapter(mastodon)
    cursor = client.mentions_page().cursor
    for n in range(100):
        mastodon.add_mention(author=troll, html=f"<p>pile-on {n}</p>")
    mastodon.requests.clear()
    first = client.mentions_page(cursor=cursor)
    assert len(first.interactions) == 80
    assert any("limit=80" in path for path in mastodon.requests)
    rest = client.mentions_page(cursor=first.cursor)
    assert {i.post.text for i in rest.interactions} == {f"pile-on {n}" for n in range(80, 100)}
