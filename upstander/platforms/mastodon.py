"""Mastodon through Mastodon.py: one connected account's mentions, and blocks, mutes and reports.

Reading: `mentions_page` polls /api/v1/notifications?types[]=mention (the fallback the monitor
uses, with the notification id as its cursor); `stream_mentions` follows the streaming API's
user stream.

Acting: the offending account is named by its account URI (stable) and, where known, its `acct`
handle (for lookup); a lookup whose URI no longer matches falls back to a resolving search by
URI. Before a block the relationship is read, so a retry never blocks twice. Mastodon has no
shared moderation lists.
"""

from __future__ import annotations

import queue
import re
import threading
from collections.abc import Callable, Generator
from datetime import UTC, datetime
from typing import Any, TypeVar
from urllib.parse import urlsplit

import requests
from mastodon import Mastodon, StreamListener
from mastodon.errors import (
    MastodonAPIError,
    MastodonError,
    MastodonNetworkError,
    MastodonNotFoundError,
    MastodonRatelimitError,
    MastodonServerError,
    MastodonUnauthorizedError,
)

from upstander.platforms import errors
from upstander.platforms.base import ActionsNotOffered, Capability
from upstander.platforms.netguard import brief_mastodon, refusal_in, requests_session
from upstander.platforms.text import html_to_text
from upstander.platforms.types import Account, Interaction, Page, Post, Relation

_TOKEN = re.compile(r"^[A-Za-z0-9_\-.~+/=]{8,512}$")
T = TypeVar("T")
# The most notifications Mastodon returns a request (it silently gives no more). A read is one
# page; its requests count against the same rate limit as the person's own apps (300 per 5
# minutes), so a pile-on is caught up in half the requests it would take at the default of 40.
PAGE_SIZE = 80


# (server, account URI) -> the account's id on that server; ids never change on a server.
_RESOLVED: dict[tuple[str, str], str] = {}
_SESSIONS: dict[tuple[str, bool], requests.Session] = {}
_SESSIONS_LOCK = threading.Lock()


def shared_session(api_base_url: str, *, allow_private: bool) -> requests.Session:
    """One pooled HTTP session per server, shared by every account on it (each request carries
    its own account's token); its connections reach only public addresses (see `netguard`)."""
    with _SESSIONS_LOCK:
        key = (api_base_url.rstrip("/"), allow_private)
        session = _SESSIONS.get(key)
        if session is None:
            session = requests_session(
                allow_private=allow_private, pool_connections=4, pool_maxsize=32
            )
            _SESSIONS[key] = session
        return session


def forget_resolved() -> None:
    """Drop the known account ids and pooled sessions (tests that restart a server)."""
    _RESOLVED.clear()
    with _SESSIONS_LOCK:
        for session in _SESSIONS.values():
            session.close()
        _SESSIONS.clear()


def _classify(error: MastodonError) -> errors.PlatformError:
    """A Mastodon.py error as ours, marked permanent or transient.

    Messages carry the status only: the server's answer is never repeated to anyone.
    """
    refused = refusal_in(error)
    if refused is not None:
        return refused
    summary = brief_mastodon(error)
    if isinstance(error, MastodonRatelimitError):
        return errors.TransientError("The Mastodon server asked us to slow down (429).")
    if isinstance(error, MastodonUnauthorizedError):
        return errors.AuthenticationFailed(
            "The Mastodon server refused the access token (revoked or expired): "
            "the person must connect the account again."
        )
    if isinstance(error, MastodonNotFoundError):
        return errors.NotFound(f"Not found on the Mastodon server ({summary}).")
    if isinstance(error, MastodonNetworkError | MastodonServerError):
        return errors.TransientError(f"The Mastodon server could not be reached ({summary}).")
    if isinstance(error, MastodonAPIError):
        status = error.args[1] if len(error.args) > 1 and isinstance(error.args[1], int) else 0
        if status in (401, 403):
            return errors.AuthenticationFailed(
                f"The Mastodon server refused the request ({summary})."
            )
        if status == 429:
            return errors.TransientError("The Mastodon server asked us to slow down (429).")
        return errors.PermanentError(f"The Mastodon server refused the request ({summary}).")
    return errors.TransientError(f"Mastodon call failed ({summary}).")


def _call(action: Callable[[], T]) -> T:
    """Run one Mastodon.py call; its errors become ours (see `_classify`)."""
    try:
        return action()
    except MastodonError as error:
        raise _classify(error) from error


def _malformed(what: str) -> errors.TransientError:
    """A server's answer not in the shape Mastodon's API gives (the server's address is typed by
    the person, so it can be anything): retried later, and what it said is not repeated."""
    return errors.TransientError(
        f"The Mastodon server answered {what} with something Mastodon does not send."
    )


def _object(answer: Any, what: str) -> dict[str, Any]:
    """The answer, which should be one JSON object (an Account, a Relationship, a Report)."""
    if not isinstance(answer, dict):
        raise _malformed(what)
    return answer


def _objects(answer: Any, what: str) -> list[dict[str, Any]]:
    """The answer, which should be a JSON array of objects (Mastodon.py turns an object given
    instead into the list of its keys)."""
    if not isinstance(answer, list) or not all(isinstance(item, dict) for item in answer):
        raise _malformed(what)
    return answer


def _id(answer: dict[str, Any], what: str) -> str:
    """The `id` an entity must have."""
    found = answer.get("id")
    if not isinstance(found, str | int) or isinstance(found, bool) or str(found) == "":
        raise _malformed(what)
    return str(found)


def _value(obj: Any, key: str, default: Any = None) -> Any:
    if isinstance(obj, dict):
        return obj.get(key, default)
    return getattr(obj, key, default)


def _when(value: Any) -> datetime | None:
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    if isinstance(value, str):
        try:
            return datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return None
    return None


def _plain(value: Any) -> Any:
    """Mastodon.py entities -> JSON-serialisable data (for the evidence we keep)."""
    if isinstance(value, dict):
        return {str(key): _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    if isinstance(value, datetime):
        return value.isoformat()
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)


class MastodonAdapter(ActionsNotOffered):
    platform = "mastodon"
    capabilities = frozenset({Capability.BLOCK, Capability.MUTE, Capability.REPORT})
    refusals = {
        "moderation_list_add": "Mastodon has no shared moderation lists; each account blocks.",
    }

    def __init__(
        self,
        *,
        api_base_url: str,
        access_token: str,
        timeout: float = 30.0,
        allow_private: bool = False,
        session: requests.Session | None = None,
    ) -> None:
        """`session`: an HTTP session to share (see `shared_session`); by default its own."""
        parts = urlsplit(api_base_url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise errors.PermanentError(f"{api_base_url!r} is not a Mastodon server address.")
        # Mastodon.py reads a token from a file when given a path: accept token characters only.
        if not _TOKEN.match(access_token) or access_token.startswith(("/", ".")):
            raise errors.AuthenticationFailed("That does not look like a Mastodon access token.")
        self.domain = parts.netloc
        self.api_base_url = api_base_url.rstrip("/")
        self.api = Mastodon(
            access_token=access_token,
            api_base_url=self.api_base_url,
            request_timeout=timeout,
            ratelimit_method="throw",
            version_check_mode="none",
            session=session or requests_session(allow_private=allow_private),
        )
        self._me: Account | None = None

    # -- accounts ------------------------------------------------------------------------------
    def _account(self, raw: Any) -> Account:
        acct = str(_value(raw, "acct", ""))
        if "@" not in acct:
            acct = f"{acct}@{self.domain}"
        stable = _value(raw, "uri") or _value(raw, "url") or f"{self.domain}/{_value(raw, 'id')}"
        return Account(
            platform=self.platform,
            id=str(stable),
            handle=acct.lower(),
            display_name=str(_value(raw, "display_name", "") or ""),
        )

    def me(self) -> Account:
        if self._me is None:
            self.verify_credentials()
        assert self._me is not None
        return self._me

    def verify_credentials(self) -> Account:
        """The account this token acts as, asked of the server now (checks the token)."""
        what = "the credentials check"
        raw = _object(_call(self.api.account_verify_credentials), what)
        self._my_local_id = _id(raw, what)
        self._me = self._account(raw)
        return self._me

    def resolve_handle(self, handle: str) -> Account:
        return self._account(_call(lambda: self.api.account_lookup(handle.lstrip("@"))))

    def resolve_id(self, account_id: str) -> Account:
        # Mastodon addresses remote accounts by acct; an account URI/URL maps to user@domain.
        parts = urlsplit(account_id)
        name = parts.path.rstrip("/").rsplit("/", 1)[-1].lstrip("@")
        if not parts.netloc or not name:
            raise errors.NotFound(f"{account_id!r} is not a Mastodon account address.")
        return self.resolve_handle(f"{name}@{parts.netloc}")

    # -- posts ---------------------------------------------------------------------------------
    def _post(self, status: Any) -> Post:
        author = self._account(_value(status, "account", {}))
        uri = str(_value(status, "uri") or _value(status, "url"))
        return Post(
            platform=self.platform,
            uri=uri,
            url=str(_value(status, "url") or uri),
            author_id=author.id,
            author_handle=author.handle,
            text=html_to_text(str(_value(status, "content", "") or "")),
            created_at=_when(_value(status, "created_at")),
            raw=_plain(status),
        )

    def get_post(self, uri: str) -> Post:
        """`uri` is the status's local id on this server (from a notification or a search)."""
        return self._post(_call(lambda: self.api.status(uri)))

    def fetch(self, url: str) -> Post:
        """A status by its web address: one of this server's own by its id, any other through
        the server's resolving search (which fetches it from its home server)."""
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise errors.NotSupported(f"{url!r} is not the address of a Mastodon post.")
        last = parts.path.rstrip("/").rsplit("/", 1)[-1]
        if parts.netloc == self.domain and last.isdigit():
            return self.get_post(last)
        found = _call(lambda: self.api.search_v2(url, resolve=True, result_type="statuses"))
        statuses = _objects(_object(found, "a post search").get("statuses") or [], "a post search")
        if not statuses:
            raise errors.NotFound("That post could not be found on Mastodon.")
        return self._post(statuses[0])

    def _interaction(self, notification: Any) -> Interaction | None:
        status = _value(notification, "status")
        if status is None or _value(notification, "type") not in ("mention", "quote"):
            return None
        me = self.me()
        if _value(notification, "type") == "quote":
            relation = Relation.QUOTE
        elif str(_value(status, "in_reply_to_account_id")) == self._my_local_id:
            relation = Relation.REPLY
        else:
            relation = Relation.MENTION
        return Interaction(self._post(status), me.id, relation)

    def mentions_page(self, *, cursor: str | None = None, limit: int = PAGE_SIZE) -> Page:
        """Mentions newer than `cursor` (a notification id), oldest page first.

        Without a cursor only the newest page is read (no backfill of old history).
        """
        self.me()
        what = "the notifications request"
        notifications = _objects(
            _call(lambda: self.api.notifications(types=["mention"], min_id=cursor, limit=limit)),
            what,
        )
        ids = [_id(n, what) for n in notifications]
        if not all(i.isdigit() for i in ids):
            raise _malformed(what)  # the ids are the cursor, and Mastodon's are numbers
        found = [self._interaction(n) for n in notifications]
        return Page(
            interactions=[i for i in found if i is not None],
            cursor=str(max(map(int, ids))) if ids else None,
        )

    def stream_mentions(self, *, timeout: float = 300.0) -> Generator[Interaction]:
        """Mentions as the user stream delivers them (reconnecting by itself)."""
        self.me()
        arrived: queue.Queue[Any] = queue.Queue()
        closed = threading.Event()

        class Listener(StreamListener):
            def on_notification(self, notification: Any) -> None:
                arrived.put(notification)

            def on_abort(self, err: Exception) -> None:
                arrived.put(err)

        handle = _call(
            lambda: self.api.stream_user(
                Listener(), run_async=True, reconnect_async=True, timeout=timeout
            )
        )
        try:
            while not closed.is_set():
                item = arrived.get()
                if isinstance(item, Exception):
                    raise errors.TransientError(f"The Mastodon stream broke: {item}")
                interaction = self._interaction(item)
                if interaction is not None:
                    yield interaction
        finally:
            handle.close()

    # -- acting ------------------------------------------------------------------------------
    def local_id(self, account_id: str, *, handle: str = "") -> str:
        """The server-local id of the account with this URI (looked up by handle first).

        Ids are stable per server, so a found id is kept for every account on that server.
        """
        key = (self.api_base_url, account_id)
        if account_id and key in _RESOLVED:
            return _RESOLVED[key]
        found = self._local_id(account_id, handle)
        if account_id:
            _RESOLVED[key] = found
        return found

    def _local_id(self, account_id: str, handle: str) -> str:
        if handle:
            try:
                found = _object(self.api.account_lookup(handle.lstrip("@")), "an account lookup")
                if not account_id or str(found.get("uri", "")) == account_id:
                    return _id(found, "an account lookup")
            except MastodonNotFoundError:
                pass
            except MastodonError as error:
                raise _classify(error) from error
        if account_id:
            results = _object(
                _call(lambda: self.api.search_v2(account_id, resolve=True, result_type="accounts")),
                "an account search",
            )
            for account in _objects(results.get("accounts") or [], "an account search"):
                if str(account.get("uri", "")) == account_id:
                    return _id(account, "an account search")
        raise errors.NotFound(f"No Mastodon account {handle or account_id} could be found.")

    def is_blocking(self, local_id: str) -> bool:
        relationships = _objects(
            _call(lambda: self.api.account_relationships(local_id)), "the relationships request"
        )
        return bool(relationships and relationships[0].get("blocking"))

    def block_confirmed(self, account_id: str, *, handle: str = "") -> tuple[str, bool]:
        """Block unless already blocked. Returns the account's local id (the reference) and
        whether the server now reports it blocked (its Relationship answer)."""
        local_id = self.local_id(account_id, handle=handle)
        if self.is_blocking(local_id):
            return local_id, True
        relationship = _object(_call(lambda: self.api.account_block(local_id)), "a block")
        return local_id, bool(relationship.get("blocking"))

    def block(self, account_id: str, *, handle: str = "") -> str:
        return self.block_confirmed(account_id, handle=handle)[0]

    def unblock_confirmed(self, account_id: str, *, handle: str = "", local_id: str = "") -> bool:
        """Unblock if blocked; returns whether the server now reports it unblocked."""
        target = local_id or self.local_id(account_id, handle=handle)
        if not self.is_blocking(target):
            return True
        relationship = _object(_call(lambda: self.api.account_unblock(target)), "an unblock")
        return not relationship.get("blocking")

    def unblock(self, account_id: str, *, handle: str = "", local_id: str = "") -> None:
        self.unblock_confirmed(account_id, handle=handle, local_id=local_id)

    def mute(self, account_id: str, *, handle: str = "") -> str:
        local_id = self.local_id(account_id, handle=handle)
        _call(lambda: self.api.account_mute(local_id))
        return local_id

    def unmute(self, account_id: str, *, handle: str = "", local_id: str = "") -> None:
        target = local_id or self.local_id(account_id, handle=handle)
        _call(lambda: self.api.account_unmute(target))

    def _status_id(self, post_uri: str) -> str | None:
        """A status's id on this server: given as such, or found by the resolving search."""
        if post_uri.isdigit():
            return post_uri
        found = _call(lambda: self.api.search_v2(post_uri, resolve=True, result_type="statuses"))
        statuses = _objects(_object(found, "a post search").get("statuses") or [], "a post search")
        return _id(statuses[0], "a post search") if statuses else None

    def report(
        self,
        *,
        account_id: str,
        post_uris: list[str],
        reason: str,
        handle: str = "",
        forward: bool = True,
    ) -> str:
        """Report the account and its posts (ids on this server, or addresses) to the server's
        moderators (and, with `forward`, to the moderators of the abuser's own server)."""
        local_id = self.local_id(account_id, handle=handle)
        status_ids = [found for uri in post_uris if (found := self._status_id(uri))]
        made = _call(
            lambda: self.api.report(
                local_id,
                status_ids=status_ids or None,
                comment=reason[:1000],
                forward=forward,
                category="other",
            )
        )
        return _id(_object(made, "a report"), "a report")


__all__ = ["MastodonAdapter", "forget_resolved", "shared_session"]
