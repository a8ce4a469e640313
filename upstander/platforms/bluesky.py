"""Bluesky through the `atproto` client: one account's accounts, posts and notifications, and
the blocks, mutes, moderation lists and reports written as it.

The login session is exported and reused (`export_session` / `resume_or_login`), never created
again on every call. Reading mentions, replies and quotes at scale comes from Jetstream (see
`jetstream.py`); `mentions_page` (listNotifications) is the per-account fallback and needs an
AppView (bsky.social has one; a bare PDS does not).

Writing: every record goes to a record key the caller may choose (a TID made from its
idempotency key, see `bluesky_records.record_key`), and is looked up before it is written, so a
retry after a crash finds what the first try wrote and writes nothing twice. Blocks, lists,
list items and list subscriptions are public records on Bluesky; mutes are private (kept by the
AppView, not in the person's repository).
"""

from __future__ import annotations

import time
import warnings
from collections.abc import Callable, Iterator, Mapping
from datetime import UTC, datetime
from typing import Any, TypeVar
from urllib.parse import urlsplit

import httpx
from atproto import Client, IdResolver, Session, models  # type: ignore[import-untyped]
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

from upstander.platforms import errors
from upstander.platforms.base import ActionsNotOffered, Capability
from upstander.platforms.bluesky_records import (
    BLOCK,
    LIST,
    LISTBLOCK,
    LISTITEM,
    MODLIST,
    fresh_record_key,
)
from upstander.platforms.jetstream import POST_COLLECTION, did_of, post_url
from upstander.platforms.netguard import brief_atproto, httpx_transport, refusal_in
from upstander.platforms.time_cursor import iso_datetime, poll_mentions
from upstander.platforms.types import Account, Interaction, Page, Post, Relation

T = TypeVar("T")
PLC_DIRECTORY = "https://plc.directory"
REASONS = {"mention": Relation.MENTION, "reply": Relation.REPLY, "quote": Relation.QUOTE}

# com.atproto.moderation.defs reason types, by the party's own words for them.
REASON_TYPES = {
    "harassment": "com.atproto.moderation.defs#reasonRude",
    "violation": "com.atproto.moderation.defs#reasonViolation",
    "spam": "com.atproto.moderation.defs#reasonSpam",
    "misleading": "com.atproto.moderation.defs#reasonMisleading",
    "other": "com.atproto.moderation.defs#reasonOther",
}

_GONE = {"AccountTakedown", "AccountDeactivated", "RepoNotFound", "AccountNotFound"}


def _now() -> str:
    return datetime.now(UTC).isoformat().replace("+00:00", "Z")


def _classify(error: AtProtocolError) -> errors.PlatformError:
    """An atproto error as ours, marked permanent or transient (the server's words left out)."""
    refused = refusal_in(error)
    if refused is not None:
        return refused
    summary = brief_atproto(error)
    if isinstance(error, UnauthorizedError | LoginRequiredError):
        return errors.AuthenticationFailed(
            f"Bluesky refused the account's credentials ({summary})."
        )
    if isinstance(error, RateLimitExceededError | InvokeTimeoutError | NetworkError):
        return errors.TransientError(f"Bluesky is unavailable for now ({summary}).")
    if isinstance(error, RequestErrorBase) and error.response is not None:
        status = error.response.status_code
        name = str(getattr(error.response.content, "error", "") or "")
        if name in _GONE:
            return errors.NotFound(f"The Bluesky account is gone ({name}).")
        if name.endswith("errors.NotFound") or "Could not locate" in str(error):
            return errors.NotFound(f"Not found on Bluesky ({summary}).")
        if isinstance(error, BadRequestError):
            return errors.PermanentError(f"Bluesky refused the request ({summary}).")
        return errors.error_for_status(status, f"Bluesky call failed ({summary}).")
    return errors.TransientError(f"Bluesky call failed ({summary}).")


def _call(action: Callable[[], T]) -> T:
    """Run one atproto call; its errors become ours (see `_classify`)."""
    try:
        return action()
    except AtProtocolError as error:
        raise _classify(error) from error


def _is_not_found(error: AtProtocolError) -> bool:
    if not isinstance(error, BadRequestError) or error.response is None:
        return False
    return getattr(error.response.content, "error", "") == "RecordNotFound"


def _record_dict(value: Any) -> dict[str, Any]:
    return dict(value.model_dump(by_alias=True) if hasattr(value, "model_dump") else value)


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
        raise errors.NotFound(f"{uri!r} is not the address of a Bluesky post.")
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
        raise errors.NotSupported(f"{url!r} is not the address of a Bluesky post.")
    return segments[1], segments[3]


class BlueskyAdapter(ActionsNotOffered):
    platform = "bluesky"
    capabilities = frozenset(
        {Capability.BLOCK, Capability.MUTE, Capability.MODERATION_LIST, Capability.REPORT}
    )

    def __init__(
        self, client: Client, *, plc_url: str = PLC_DIRECTORY, allow_private: bool = False
    ) -> None:
        self.client = client
        self.resolver = guarded_resolver(plc_url, allow_private=allow_private)
        self._handles: dict[str, str] = {}
        self._did = ""

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
            except errors.AuthenticationFailed:
                pass
            else:
                return cls(client, plc_url=plc_url, allow_private=allow_private)
        if not password:
            raise errors.AuthenticationFailed("No stored session or app password for this account.")
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
        self._did = session.did
        return Account(self.platform, session.did, session.handle)

    @property
    def did(self) -> str:
        """The connected account's DID (kept: it never changes for a session)."""
        return self._did or self.me().id

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
            raise errors.TransientError(
                f"Could not resolve {account_id} ({type(error).__name__})."
            ) from error
        handle = document.get_handle() if document is not None else None
        if not handle:
            raise errors.NotFound(f"{account_id} has no handle in its DID document.")
        self._handles[account_id] = handle
        return Account(self.platform, account_id, handle)

    def _handle_of(self, did: str) -> str:
        if did not in self._handles:
            try:
                self.resolve_id(did)
            except (errors.NotFound, errors.PermanentError, errors.TransientError):
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
            created_at=iso_datetime(str(record.get("createdAt", ""))),
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
                    created_at=iso_datetime(str(record.get("createdAt", ""))),
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
        return poll_mentions(self.mentions_page, sleep=time.sleep, poll_seconds=poll_seconds)

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

    # -- records in this account's repository ----------------------------------------------
    def _existing(self, collection: str, rkey: str) -> dict[str, Any] | None:
        try:
            found = self.client.com.atproto.repo.get_record(
                {"repo": self.did, "collection": collection, "rkey": rkey}
            )
        except AtProtocolError as error:
            if _is_not_found(error):
                return None
            raise _classify(error) from error
        return {"uri": str(found.uri), "value": _record_dict(found.value)}

    def has_record(self, collection: str, rkey: str) -> bool:
        return self._existing(collection, rkey) is not None

    def _ensure(self, collection: str, rkey: str, record: dict[str, Any]) -> str:
        """Write the record unless this key already holds it; return its URI either way."""
        existing = self._existing(collection, rkey)
        if existing is not None:
            return str(existing["uri"])
        made = _call(
            lambda: self.client.com.atproto.repo.create_record(
                {"repo": self.did, "collection": collection, "rkey": rkey, "record": record}
            )
        )
        return str(made.uri)

    def _remove(self, collection: str, rkey: str) -> None:
        """Delete the record at this key; already gone counts as done."""
        _call(
            lambda: self.client.com.atproto.repo.delete_record(
                {"repo": self.did, "collection": collection, "rkey": rkey}
            )
        )

    def _keys_naming(self, collection: str, **wanted: str) -> list[str]:
        """Record keys of this collection whose fields hold these values (a removal that was
        not given the key it wrote to)."""
        return [
            found["uri"].rsplit("/", 1)[-1]
            for found in self.records(collection)
            if all(found["value"].get(name) == value for name, value in wanted.items())
        ]

    def records(self, collection: str) -> list[dict[str, Any]]:
        """Every record of a collection in this account's repository (for checks and tests)."""
        out: list[dict[str, Any]] = []
        cursor: str | None = None
        while True:
            params: dict[str, Any] = {"repo": self.did, "collection": collection, "limit": 100}
            if cursor:
                params["cursor"] = cursor
            page = _call(lambda p=params: self.client.com.atproto.repo.list_records(p))  # type: ignore[misc]
            for item in page.records:
                out.append({"uri": str(item.uri), "value": _record_dict(item.value)})
            cursor = page.cursor
            if not cursor or not page.records:
                return out

    # -- the party's moderation list -------------------------------------------------------
    def modlist_ensure(self, *, rkey: str, name: str, description: str) -> str:
        """This account's moderation list (written once at `rkey`); returns its URI."""
        return self._ensure(
            LIST,
            rkey,
            {
                "$type": LIST,
                "purpose": MODLIST,
                "name": name[:64],
                "description": description[:300],
                "createdAt": _now(),
            },
        )

    def moderation_list_add(
        self, *, list_ref: str, account_id: str, rkey: str | None = None
    ) -> str:
        """Add the account to the list `list_ref` (a list item, written once at `rkey`)."""
        return self._ensure(
            LISTITEM,
            rkey or fresh_record_key(),
            {"$type": LISTITEM, "subject": account_id, "list": list_ref, "createdAt": _now()},
        )

    def moderation_list_remove(
        self, *, list_ref: str, account_id: str, rkey: str | None = None
    ) -> None:
        """Take the account off the list: the item at `rkey`, or every item naming it."""
        keys = [rkey] if rkey else self._keys_naming(LISTITEM, subject=account_id, list=list_ref)
        for key in keys:
            self._remove(LISTITEM, key)

    def listblock_ensure(self, *, list_uri: str, rkey: str) -> str:
        """Subscribe this account to a moderation list as a block list (one record, once)."""
        return self._ensure(
            LISTBLOCK, rkey, {"$type": LISTBLOCK, "subject": list_uri, "createdAt": _now()}
        )

    def listblock_remove(self, *, rkey: str) -> None:
        self._remove(LISTBLOCK, rkey)

    # -- direct blocks and mutes -----------------------------------------------------------
    def block(self, account_id: str, *, rkey: str | None = None) -> str:
        """A block record (written once at `rkey`); returns its URI, the block's reference."""
        return self._ensure(
            BLOCK,
            rkey or fresh_record_key(),
            {"$type": BLOCK, "subject": account_id, "createdAt": _now()},
        )

    def unblock(self, account_id: str, *, rkey: str | None = None) -> None:
        """Delete the block at `rkey`, or every block of the account when no key is given."""
        keys = [rkey] if rkey else self._keys_naming(BLOCK, subject=account_id)
        for key in keys:
            self._remove(BLOCK, key)

    def mute(self, account_id: str) -> str:
        """Private: kept by the AppView, so it needs one (a bare PDS refuses it)."""
        _call(
            lambda: self.client.app.bsky.graph.mute_actor(
                models.AppBskyGraphMuteActor.Data(actor=account_id)
            )
        )
        return f"mute:{account_id}"

    def unmute(self, account_id: str) -> None:
        _call(
            lambda: self.client.app.bsky.graph.unmute_actor(
                models.AppBskyGraphUnmuteActor.Data(actor=account_id)
            )
        )

    def blocks_seen_by_appview(self) -> set[str]:
        """DIDs the AppView says this account blocks directly (blocks through a subscribed list
        are not included here: see `is_blocking`)."""
        page = _call(lambda: self.client.app.bsky.graph.get_blocks({"limit": 100}))
        return {str(profile.did) for profile in page.blocks}

    def is_blocking(self, account_id: str) -> bool:
        """The AppView's view: does this account block the subject, directly or by a list?"""
        profile = _call(lambda: self.client.app.bsky.actor.get_profile({"actor": account_id}))
        viewer = profile.viewer
        return bool(viewer and (viewer.blocking or viewer.blocking_by_list))

    # -- reports ---------------------------------------------------------------------------
    def _cid_of(self, uri: str) -> str:
        """A post's current CID (a report names the exact version); "" where it is gone."""
        try:
            did, collection, rkey = _split(uri)
            found = _call(
                lambda: self.client.com.atproto.repo.get_record(
                    {"repo": did, "collection": collection, "rkey": rkey}
                )
            )
        except errors.PlatformError:
            return ""
        return str(found.cid or "")

    def report(
        self,
        *,
        account_id: str,
        post_uris: list[str],
        reason: str,
        cids: Mapping[str, str] | None = None,
        reason_type: str = "harassment",
    ) -> str:
        """Report the posts to the moderation service, or the account if none can be named;
        returns the reports' ids, comma-separated. `cids`: the posts' CIDs where already known
        (from the evidence); the others are read, and a post that is gone is left out."""
        kind = REASON_TYPES.get(reason_type, REASON_TYPES["other"])
        known = cids or {}
        strong = [(uri, known.get(uri) or self._cid_of(uri)) for uri in post_uris]
        subjects: list[dict[str, Any]] = [
            {"$type": "com.atproto.repo.strongRef", "uri": uri, "cid": cid}
            for uri, cid in strong
            if cid
        ] or [{"$type": "com.atproto.admin.defs#repoRef", "did": account_id}]
        ids = []
        for subject in subjects:
            made = _call(
                lambda s=subject: self.client.com.atproto.moderation.create_report(  # type: ignore[misc]
                    {"reasonType": kind, "reason": reason[:2000], "subject": s}
                )
            )
            ids.append(str(made.id))
        return ",".join(ids)
