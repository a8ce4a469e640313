"""Mastodon through Mastodon.py: the user's mention notifications, streamed or polled.

Reading: `mentions_page` polls /api/v1/notifications?types[]=mention (the fallback the monitor
uses, with the notification id as its cursor); `stream_mentions` follows the streaming API's
user stream. Blocking, lists and reports raise `NotImplementedYet` (the blocking issue).
"""

from __future__ import annotations

import queue
import re
import threading
from collections.abc import Callable, Generator
from datetime import UTC, datetime
from typing import Any, ClassVar, TypeVar
from urllib.parse import urlsplit

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

from upstander.platforms.base import ActionsNotOffered, Capability
from upstander.platforms.netguard import brief_mastodon, refusal_in, requests_session
from upstander.platforms.text import html_to_text
from upstander.platforms.types import (
    Account,
    AuthenticationFailed,
    Interaction,
    NotFound,
    NotImplementedYet,
    NotSupported,
    Page,
    PermanentError,
    PlatformError,
    Post,
    Relation,
    TransientError,
)

_TOKEN = re.compile(r"^[A-Za-z0-9_\-.~+/=]{8,512}$")
T = TypeVar("T")


def _call(action: Callable[[], T]) -> T:
    """Run one Mastodon.py call; its errors become ours, marked permanent or transient.

    Messages carry the status only: the server's answer is never repeated to anyone.
    """
    try:
        return action()
    except MastodonError as error:
        refused = refusal_in(error)
        if refused is not None:
            raise refused from error
        summary = brief_mastodon(error)
        if isinstance(error, MastodonUnauthorizedError):
            raise AuthenticationFailed(f"Mastodon refused the access token ({summary}).") from error
        if isinstance(error, MastodonNotFoundError):
            raise NotFound(f"Not found on Mastodon ({summary}).") from error
        if isinstance(error, MastodonRatelimitError | MastodonServerError | MastodonNetworkError):
            raise TransientError(f"Mastodon is unavailable for now ({summary}).") from error
        if isinstance(error, MastodonAPIError):
            raise PermanentError(f"Mastodon refused the request ({summary}).") from error
        raise TransientError(f"Mastodon call failed ({summary}).") from error


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
    # Carried out through `moderation_mastodon.MastodonModeration` (the blocklist's writer).
    capabilities: ClassVar[frozenset[Capability]] = frozenset(
        {Capability.BLOCK, Capability.MUTE, Capability.REPORT}
    )

    def __init__(
        self,
        *,
        api_base_url: str,
        access_token: str,
        timeout: float = 30.0,
        allow_private: bool = False,
    ) -> None:
        parts = urlsplit(api_base_url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise PermanentError(f"{api_base_url!r} is not a Mastodon server address.")
        # Mastodon.py reads a token from a file when given a path: accept token characters only.
        if not _TOKEN.match(access_token) or access_token.startswith(("/", ".")):
            raise AuthenticationFailed("That does not look like a Mastodon access token.")
        self.domain = parts.netloc
        self.api = Mastodon(
            access_token=access_token,
            api_base_url=api_base_url.rstrip("/"),
            request_timeout=timeout,
            ratelimit_method="throw",
            version_check_mode="none",
            session=requests_session(allow_private=allow_private),
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
            raw = _call(self.api.account_verify_credentials)
            self._me = self._account(raw)
            self._my_local_id = str(_value(raw, "id"))
        return self._me

    def resolve_handle(self, handle: str) -> Account:
        return self._account(_call(lambda: self.api.account_lookup(handle.lstrip("@"))))

    def resolve_id(self, account_id: str) -> Account:
        # Mastodon addresses remote accounts by acct; an account URI/URL maps to user@domain.
        parts = urlsplit(account_id)
        name = parts.path.rstrip("/").rsplit("/", 1)[-1].lstrip("@")
        if not parts.netloc or not name:
            raise NotFound(f"{account_id!r} is not a Mastodon account address.")
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
            raise NotSupported(f"{url!r} is not the address of a Mastodon post.")
        last = parts.path.rstrip("/").rsplit("/", 1)[-1]
        if parts.netloc == self.domain and last.isdigit():
            return self.get_post(last)
        found = _call(lambda: self.api.search_v2(url, resolve=True, result_type="statuses"))
        statuses = _value(found, "statuses", []) or []
        if not statuses:
            raise NotFound("That post could not be found on Mastodon.")
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

    def mentions_page(self, *, cursor: str | None = None, limit: int = 40) -> Page:
        """Mentions newer than `cursor` (a notification id), oldest page first.

        Without a cursor only the newest page is read (no backfill of old history).
        """
        self.me()
        notifications = _call(
            lambda: self.api.notifications(types=["mention"], min_id=cursor, limit=limit)
        )
        found = [self._interaction(n) for n in notifications]
        ids = [int(_value(n, "id")) for n in notifications]
        return Page(
            interactions=[i for i in found if i is not None],
            cursor=str(max(ids)) if ids else None,
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
                    raise TransientError(f"The Mastodon stream broke: {item}")
                interaction = self._interaction(item)
                if interaction is not None:
                    yield interaction
        finally:
            handle.close()

    # -- acting: the blocking issue implements these ------------------------------------------
    def block(self, account_id: str) -> str:
        raise NotImplementedYet("Blocking on Mastodon comes with the blocking work.")

    def unblock(self, account_id: str) -> None:
        raise NotImplementedYet("Unblocking on Mastodon comes with the blocking work.")

    def mute(self, account_id: str) -> str:
        raise NotImplementedYet("Muting on Mastodon goes through moderation_mastodon for now.")

    def moderation_list_add(self, *, list_ref: str, account_id: str) -> str:
        raise NotImplementedYet("Mastodon has no shared moderation lists; domain blocks later.")

    def moderation_list_remove(self, *, list_ref: str, account_id: str) -> None:
        raise NotImplementedYet("Mastodon has no shared moderation lists; domain blocks later.")

    def report(self, *, account_id: str, post_uris: list[str], reason: str) -> str:
        raise NotImplementedYet("Reports to Mastodon moderators come with the blocking work.")


__all__ = ["MastodonAdapter", "PlatformError"]
