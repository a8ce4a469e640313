"""Bluesky through the `atproto` client: accounts, posts and notifications of one account.

The login session is exported and reused (`export_session` / `resume_or_login`), never created
again on every call. Reading mentions, replies and quotes at scale comes from Jetstream (see
`jetstream.py`); `mentions_page` (listNotifications) is the per-account fallback and needs an
AppView (bsky.social has one; a bare PDS does not). Blocking and lists: the blocking issue.
"""

from __future__ import annotations

import time
import warnings
from collections.abc import Callable, Iterator
from typing import Any, ClassVar, TypeVar
from urllib.parse import urlsplit

import httpx
from atproto import Client, IdResolver, Session  # type: ignore[import-untyped]
from atproto_client.exceptions import (  # type: ignore[import-untyped]
    AtProtocolError,
    BadRequestError,
    InvokeTimeoutError,
    LoginRequiredError,
    NetworkError,
    RateLimitExceededError,
    RequestErrorBase,
    UnauthorizedError,
)
from atproto_client.models.utils import get_model_as_dict  # type: ignore[import-untyped]
from atproto_client.request import Request  # type: ignore[import-untyped]

from upstander.platforms.base import ActionsNotOffered, Capability
from upstander.platforms.jetstream import POST_COLLECTION, did_of, parse_time, post_url
from upstander.platforms.netguard import brief_atproto, httpx_transport, refusal_in
from upstander.platforms.types import (
    Account,
    AuthenticationFailed,
    Interaction,
    NotFound,
    NotImplementedYet,
    NotSupported,
    Page,
    PermanentError,
    Post,
    Relation,
    TransientError,
    error_for_status,
)

T = TypeVar("T")
PLC_DIRECTORY = "https://plc.directory"
REASONS = {"mention": Relation.MENTION, "reply": Relation.REPLY, "quote": Relation.QUOTE}


def _call(action: Callable[[], T]) -> T:
    """Run one atproto call; its errors become ours, marked permanent or transient."""
    try:
        return action()
    except AtProtocolError as error:
        refused = refusal_in(error)
        if refused is not None:
            raise refused from error
        summary = brief_atproto(error)
        if isinstance(error, UnauthorizedError | LoginRequiredError):
            raise AuthenticationFailed(f"Bluesky refused the login ({summary}).") from error
        if isinstance(error, RateLimitExceededError | InvokeTimeoutError | NetworkError):
            raise TransientError(f"Bluesky is unavailable for now ({summary}).") from error
        if isinstance(error, BadRequestError):
            if summary.endswith(("NotFound", "RecordNotFound")) or "Could not locate" in str(error):
                raise NotFound(f"Not found on Bluesky ({summary}).") from error
            raise PermanentError(f"Bluesky refused the request ({summary}).") from error
        if isinstance(error, RequestErrorBase):
            status = error.response.status_code if error.response is not None else 503
            raise error_for_status(status, f"Bluesky call failed ({summary}).") from error
        raise TransientError(f"Bluesky call failed ({summary}).") from error


def guarded_client(service: str, *, allow_private: bool) -> Client:
    """An atproto client whose connections reach only public addresses (see `netguard`)."""
    return Client(
        base_url=service, request=Request(transport=httpx_transport(allow_private=allow_private))
    )


def guarded_resolver(plc_url: str, *, allow_private: bool) -> IdResolver:
    """An identity resolver whose lookups reach only public addresses: a `did:web` names any
    host its author likes, and handle lookups fetch `https://<handle>/.well-known/...`."""
    resolver = IdResolver(plc_url=plc_url, timeout=10)
    if not allow_private:
        # atproto_identity takes no HTTP client, so each of its resolvers gets a guarded one.
        for method in resolver.did._methods.values():
            method._client = httpx.Client(transport=httpx_transport(allow_private=False))
        resolver.handle._http_client = httpx.Client(transport=httpx_transport(allow_private=False))
    return resolver


def _split(uri: str) -> tuple[str, str, str]:
    parts = uri.removeprefix("at://").split("/")
    if len(parts) != 3 or not parts[0]:
        raise NotFound(f"{uri!r} is not the address of a Bluesky post.")
    return parts[0], parts[1], parts[2]


def post_uri_of(url: str) -> tuple[str, str]:
    """`https://bsky.app/profile/<handle or DID>/post/<rkey>` -> (handle or DID, rkey)."""
    parts = urlsplit(url)
    segments = [segment for segment in parts.path.split("/") if segment]
    if (
        parts.scheme not in ("http", "https")
        or len(segments) != 4
        or segments[0] != "profile"
        or segments[2] != "post"
    ):
        raise NotSupported(f"{url!r} is not the address of a Bluesky post.")
    return segments[1], segments[3]


class BlueskyAdapter(ActionsNotOffered):
    platform = "bluesky"
    # Carried out through `moderation_bluesky.BlueskyModeration` (the blocklist's writer).
    capabilities: ClassVar[frozenset[Capability]] = frozenset(
        {Capability.BLOCK, Capability.MUTE, Capability.REPORT}
    )

    def __init__(
        self, client: Client, *, plc_url: str = PLC_DIRECTORY, allow_private: bool = False
    ) -> None:
        self.client = client
        self.resolver = guarded_resolver(plc_url, allow_private=allow_private)
        self._handles: dict[str, str] = {}

    @classmethod
    def login(
        cls,
        *,
        service: str,
        handle: str,
        password: str,
        plc_url: str = PLC_DIRECTORY,
        allow_private: bool = False,
    ) -> BlueskyAdapter:
        client = guarded_client(service, allow_private=allow_private)
        _call(lambda: client.login(handle, password, fetch_bsky_profile=False))
        return cls(client, plc_url=plc_url, allow_private=allow_private)

    @classmethod
    def resume_or_login(
        cls,
        *,
        service: str,
        session: str,
        handle: str,
        password: str,
        plc_url: str = PLC_DIRECTORY,
        allow_private: bool = False,
    ) -> BlueskyAdapter:
        """Reuse the stored session; log in again only when it is missing or refused."""
        if session:
            client = guarded_client(service, allow_private=allow_private)
            try:
                _call(lambda: client.login(session_string=session, fetch_bsky_profile=False))
            except AuthenticationFailed:
                pass
            else:
                return cls(client, plc_url=plc_url, allow_private=allow_private)
        if not password:
            raise AuthenticationFailed("No stored session or app password for this account.")
        return cls.login(
            service=service,
            handle=handle,
            password=password,
            plc_url=plc_url,
            allow_private=allow_private,
        )

    def export_session(self) -> str:
        return str(self.client.export_session_string())

    # -- accounts ------------------------------------------------------------------------------
    def me(self) -> Account:
        session = Session.decode(self.export_session())
        return Account(self.platform, session.did, session.handle)

    def resolve_handle(self, handle: str) -> Account:
        handle = handle.lstrip("@").lower()
        response = _call(
            lambda: self.client.com.atproto.identity.resolve_handle({"handle": handle})
        )
        return Account(self.platform, response.did, handle)

    def resolve_id(self, account_id: str) -> Account:
        """DID -> handle, from the DID document (the PLC directory, or did:web's host)."""
        try:
            document = self.resolver.did.resolve(account_id)
        except Exception as error:  # network trouble or a malformed document
            refused = refusal_in(error)
            if refused is not None:
                raise refused from error
            raise TransientError(
                f"Could not resolve {account_id} ({type(error).__name__})."
            ) from error
        handle = document.get_handle() if document is not None else None
        if not handle:
            raise NotFound(f"{account_id} has no handle in its DID document.")
        self._handles[account_id] = handle
        return Account(self.platform, account_id, handle)

    def _handle_of(self, did: str) -> str:
        if did not in self._handles:
            try:
                self.resolve_id(did)
            except (NotFound, PermanentError, TransientError):
                self._handles[did] = ""
        return self._handles[did]

    # -- posts ---------------------------------------------------------------------------------
    def get_post(self, uri: str) -> Post:
        did, collection, rkey = _split(uri)
        response = _call(
            lambda: self.client.com.atproto.repo.get_record(
                {"repo": did, "collection": collection, "rkey": rkey}
            )
        )
        record = get_model_as_dict(response.value)
        return Post(
            platform=self.platform,
            uri=uri,
            url=post_url(did, rkey),
            author_id=did,
            author_handle=self._handle_of(did),
            text=str(record.get("text", "")),
            created_at=parse_time(str(record.get("createdAt", ""))),
            raw={"uri": uri, "cid": response.cid, "value": record},
        )

    def fetch(self, url: str) -> Post:
        """A post by its bsky.app address (the author named by handle or DID)."""
        actor, rkey = post_uri_of(url)
        did = actor if actor.startswith("did:") else self.resolve_handle(actor).id
        return self.get_post(f"at://{did}/{POST_COLLECTION}/{rkey}")

    def mentions_page(self, *, cursor: str | None = None, limit: int = 50) -> Page:
        """Mentions, replies and quotes indexed after `cursor` (an indexedAt time).

        Without a cursor only the newest page is read. Needs an AppView (listNotifications).
        """
        me = self.me()
        found: list[Interaction] = []
        newest: str | None = None
        api_cursor: str | None = None
        while True:
            params: dict[str, Any] = {"limit": limit}
            if api_cursor:
                params["cursor"] = api_cursor
            response = _call(
                lambda params=params: self.client.app.bsky.notification.list_notifications(params)  # type: ignore[misc]
            )
            reached_cursor = False
            for notification in response.notifications:
                indexed = str(notification.indexed_at)
                if cursor is not None and indexed <= cursor:
                    reached_cursor = True
                    break
                newest = max(newest or indexed, indexed)
                relation = REASONS.get(notification.reason)
                if relation is None or did_of(notification.uri) == me.id:
                    continue
                record = get_model_as_dict(notification.record)
                did, _, rkey = _split(notification.uri)
                self._handles[did] = notification.author.handle
                post = Post(
                    platform=self.platform,
                    uri=notification.uri,
                    url=post_url(did, rkey),
                    author_id=did,
                    author_handle=notification.author.handle,
                    text=str(record.get("text", "")),
                    created_at=parse_time(str(record.get("createdAt", ""))),
                    raw={"uri": notification.uri, "cid": notification.cid, "value": record},
                )
                found.append(Interaction(post, me.id, relation))
            api_cursor = response.cursor
            if cursor is None or reached_cursor or not api_cursor:
                break
        found.reverse()  # oldest first
        return Page(interactions=found, cursor=newest)

    def stream_mentions(self, *, poll_seconds: float = 10.0) -> Iterator[Interaction]:
        """Polls listNotifications (Jetstream is the monitor's stream for Bluesky)."""
        cursor: str | None = None
        while True:
            page = self.mentions_page(cursor=cursor)
            yield from page.interactions
            cursor = page.cursor or cursor
            time.sleep(poll_seconds)

    def post(self, text: str, *, reply_to: str | None = None) -> str:
        """Write a post as this account (used by tests against a local PDS)."""
        me = self.me()
        record: dict[str, Any] = {
            "$type": POST_COLLECTION,
            "text": text,
            "createdAt": self.client.get_current_time_iso(),
        }
        if reply_to:
            ref = self.client.com.atproto.repo.get_record(
                {
                    "repo": did_of(reply_to),
                    "collection": POST_COLLECTION,
                    "rkey": _split(reply_to)[2],
                }
            )
            strong = {"uri": reply_to, "cid": ref.cid}
            record["reply"] = {"root": strong, "parent": strong}
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            created = _call(
                lambda: self.client.com.atproto.repo.create_record(
                    {"repo": me.id, "collection": POST_COLLECTION, "record": record}
                )
            )
        return str(created.uri)

    # -- acting: the blocking issue implements these ------------------------------------------
    def block(self, account_id: str) -> str:
        raise NotImplementedYet("Blocking on Bluesky comes with the blocking work.")

    def unblock(self, account_id: str) -> None:
        raise NotImplementedYet("Unblocking on Bluesky comes with the blocking work.")

    def mute(self, account_id: str) -> str:
        raise NotImplementedYet("Muting on Bluesky goes through moderation_bluesky for now.")

    def moderation_list_add(self, *, list_ref: str, account_id: str) -> str:
        raise NotImplementedYet("Moderation lists on Bluesky come with the blocking work.")

    def moderation_list_remove(self, *, list_ref: str, account_id: str) -> None:
        raise NotImplementedYet("Moderation lists on Bluesky come with the blocking work.")

    def report(self, *, account_id: str, post_uris: list[str], reason: str) -> str:
        raise NotImplementedYet("Reports to Bluesky moderation come with the blocking work.")
