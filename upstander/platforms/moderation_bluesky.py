"""Bluesky, writing side: the party's moderation list, list blocks, blocks, mutes and reports.

Plain Python on the `atproto` SDK. Every write takes a record key chosen by the caller (a TID made
from the caller's idempotency key, see `record_key`), and looks the record up before writing, so
a retry after a crash finds what the first try wrote and writes nothing twice.

Blocks, lists, list items and list subscriptions are public records on Bluesky; mutes are private
(kept by the AppView, not in the person's repository).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any, TypeVar

from atproto import Client, models  # type: ignore[import-untyped,unused-ignore]
from atproto_client.exceptions import (  # type: ignore[import-untyped,unused-ignore]
    AtProtocolError,
    BadRequestError,
    NetworkError,
    RequestErrorBase,
    UnauthorizedError,
)

from upstander.platforms.bluesky import guarded_client
from upstander.platforms.netguard import brief_atproto, refusal_in
from upstander.platforms.types import (
    AuthenticationFailed,
    NotFound,
    PermanentError,
    PlatformError,
    TransientError,
)

MODLIST = "app.bsky.graph.defs#modlist"
BLOCK = "app.bsky.graph.block"
LIST = "app.bsky.graph.list"
LISTITEM = "app.bsky.graph.listitem"
LISTBLOCK = "app.bsky.graph.listblock"

# com.atproto.moderation.defs reason types, by the party's own words for them.
REASON_TYPES = {
    "harassment": "com.atproto.moderation.defs#reasonRude",
    "violation": "com.atproto.moderation.defs#reasonViolation",
    "spam": "com.atproto.moderation.defs#reasonSpam",
    "misleading": "com.atproto.moderation.defs#reasonMisleading",
    "other": "com.atproto.moderation.defs#reasonOther",
}

_TID_ALPHABET = "234567abcdefghijklmnopqrstuvwxyz"
_GONE = {"AccountTakedown", "AccountDeactivated", "RepoNotFound", "AccountNotFound"}

T = TypeVar("T")


def record_key(*, timestamp_us: int, clock_id: int) -> str:
    """A TID (13 base32-sortable characters) from a timestamp and a clock id, chosen so that the
    same delivery always writes to the same record key."""
    value = ((timestamp_us & ((1 << 53) - 1)) << 10) | (clock_id & 0x3FF)
    chars = []
    for _ in range(13):
        chars.append(_TID_ALPHABET[value & 0x1F])
        value >>= 5
    return "".join(reversed(chars))


def _now() -> str:
    return datetime.now(UTC).isoformat().replace("+00:00", "Z")


def _classify(error: AtProtocolError) -> PlatformError:
    refused = refusal_in(error)
    if refused is not None:
        return refused
    summary = brief_atproto(error)
    if isinstance(error, UnauthorizedError):
        return AuthenticationFailed(f"Bluesky refused the account's credentials ({summary}).")
    if isinstance(error, NetworkError):
        return TransientError(f"Bluesky could not be reached ({summary}).")
    if isinstance(error, RequestErrorBase) and error.response is not None:
        status = error.response.status_code
        content = error.response.content
        name = getattr(content, "error", "") or ""
        if name in _GONE:
            return PermanentError(f"The Bluesky account is gone ({name}).")
        if name == "RecordNotFound" or status in (404, 410):
            return NotFound(f"Not found on Bluesky ({summary}).")
        if status == 429 or status >= 500:
            return TransientError(f"Bluesky asked us to wait ({summary}).")
        return PermanentError(f"Bluesky refused the request ({summary}).")
    return TransientError(f"Bluesky call failed ({summary}).")


def _is_not_found(error: AtProtocolError) -> bool:
    if not isinstance(error, BadRequestError) or error.response is None:
        return False
    return getattr(error.response.content, "error", "") == "RecordNotFound"


class BlueskyModeration:
    """One Bluesky account (a protected person's, or the party's list owner) that we write as."""

    platform = "bluesky"

    def __init__(
        self,
        *,
        service_url: str,
        identifier: str,
        password: str = "",
        session_string: str = "",
        on_session: Callable[[str], None] | None = None,
        allow_private: bool = False,
    ) -> None:
        self.service_url = service_url.rstrip("/")
        self._allow_private = allow_private
        self.identifier = identifier
        self._password = password
        self._session_string = session_string
        self._on_session = on_session
        self._client: Client | None = None

    # -- session ---------------------------------------------------------------------------
    def _login(self) -> Client:
        if self._client is not None:
            return self._client
        client = guarded_client(self.service_url, allow_private=self._allow_private)
        try:
            if self._session_string:
                try:
                    client.login(session_string=self._session_string, fetch_bsky_profile=False)
                except AtProtocolError:
                    client = guarded_client(self.service_url, allow_private=self._allow_private)
                    client.login(self.identifier, self._password, fetch_bsky_profile=False)
            else:
                client.login(self.identifier, self._password, fetch_bsky_profile=False)
        except AtProtocolError as error:
            raise _classify(error) from error
        self._client = client
        if self._on_session is not None:
            self._on_session(client.export_session_string())
        return client

    @property
    def did(self) -> str:
        client = self._login()
        assert client._session is not None
        return str(client._session.did)

    def _call(self, fn: Callable[[Client], T]) -> T:
        client = self._login()
        try:
            return fn(client)
        except AtProtocolError as error:
            raise _classify(error) from error

    # -- records ---------------------------------------------------------------------------
    def _existing(self, collection: str, rkey: str) -> dict[str, Any] | None:
        client = self._login()
        try:
            found = client.com.atproto.repo.get_record(
                {"repo": self.did, "collection": collection, "rkey": rkey}
            )
        except AtProtocolError as error:
            if _is_not_found(error):
                return None
            raise _classify(error) from error
        value = found.value
        record = value.model_dump(by_alias=True) if hasattr(value, "model_dump") else dict(value)
        return {"uri": str(found.uri), "value": record}

    def has_record(self, collection: str, rkey: str) -> bool:
        return self._existing(collection, rkey) is not None

    def _ensure(self, collection: str, rkey: str, record: dict[str, Any]) -> str:
        """Write the record unless this key already holds it; return its URI either way."""
        existing = self._existing(collection, rkey)
        if existing is not None:
            return str(existing["uri"])
        made = self._call(
            lambda c: c.com.atproto.repo.create_record(
                {"repo": self.did, "collection": collection, "rkey": rkey, "record": record}
            )
        )
        return str(made.uri)

    def _remove(self, collection: str, rkey: str) -> None:
        """Delete the record at this key; already gone counts as done."""
        self._call(
            lambda c: c.com.atproto.repo.delete_record(
                {"repo": self.did, "collection": collection, "rkey": rkey}
            )
        )

    def records(self, collection: str) -> list[dict[str, Any]]:
        """Every record of a collection in this account's repository (for checks and tests)."""
        out: list[dict[str, Any]] = []
        cursor: str | None = None
        while True:
            params: dict[str, Any] = {"repo": self.did, "collection": collection, "limit": 100}
            if cursor:
                params["cursor"] = cursor
            page = self._call(lambda c, p=params: c.com.atproto.repo.list_records(p))  # type: ignore[misc]
            for item in page.records:
                value = item.value
                data = value.model_dump(by_alias=True) if hasattr(value, "model_dump") else value
                out.append({"uri": str(item.uri), "value": dict(data)})
            cursor = page.cursor
            if not cursor or not page.records:
                return out

    def resolve_handle(self, handle: str) -> str:
        """Handle -> DID (asked of this account's PDS, which resolves others' handles too)."""
        found = self._call(
            lambda c: c.com.atproto.identity.resolve_handle({"handle": handle.lstrip("@")})
        )
        return str(found.did)

    # -- the party's moderation list -------------------------------------------------------
    def modlist_ensure(self, *, rkey: str, name: str, description: str) -> str:
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

    def modlist_add(self, *, list_uri: str, subject_did: str, rkey: str) -> str:
        return self._ensure(
            LISTITEM,
            rkey,
            {"$type": LISTITEM, "subject": subject_did, "list": list_uri, "createdAt": _now()},
        )

    def modlist_remove(self, *, rkey: str) -> None:
        self._remove(LISTITEM, rkey)

    def listblock_ensure(self, *, list_uri: str, rkey: str) -> str:
        """Subscribe this account to a moderation list as a block list (one record, once)."""
        return self._ensure(
            LISTBLOCK, rkey, {"$type": LISTBLOCK, "subject": list_uri, "createdAt": _now()}
        )

    def listblock_remove(self, *, rkey: str) -> None:
        self._remove(LISTBLOCK, rkey)

    # -- direct blocks and mutes -----------------------------------------------------------
    def block(self, *, subject_did: str, rkey: str) -> str:
        return self._ensure(
            BLOCK, rkey, {"$type": BLOCK, "subject": subject_did, "createdAt": _now()}
        )

    def unblock(self, *, rkey: str) -> None:
        self._remove(BLOCK, rkey)

    def mute(self, *, subject_did: str) -> None:
        """Private: kept by the AppView, so it needs one (a bare PDS refuses it)."""
        self._call(
            lambda c: c.app.bsky.graph.mute_actor(
                models.AppBskyGraphMuteActor.Data(actor=subject_did)
            )
        )

    def unmute(self, *, subject_did: str) -> None:
        self._call(
            lambda c: c.app.bsky.graph.unmute_actor(
                models.AppBskyGraphUnmuteActor.Data(actor=subject_did)
            )
        )

    def blocks_seen_by_appview(self) -> set[str]:
        """DIDs the AppView says this account blocks (directly or through a list it subscribes
        to is not included here: see `is_blocking`)."""
        page = self._call(lambda c: c.app.bsky.graph.get_blocks({"limit": 100}))
        return {str(profile.did) for profile in page.blocks}

    def is_blocking(self, subject_did: str) -> bool:
        """The AppView's view: does this account block the subject, directly or by a list?"""
        profile = self._call(lambda c: c.app.bsky.actor.get_profile({"actor": subject_did}))
        viewer = profile.viewer
        return bool(viewer and (viewer.blocking or viewer.blocking_by_list))

    # -- reports ---------------------------------------------------------------------------
    def report(
        self,
        *,
        subject_did: str,
        post_refs: list[tuple[str, str]],
        reason_type: str = "harassment",
        reason: str = "",
    ) -> list[str]:
        """Report the posts (uri, cid) to the moderation service, or the account if none."""
        kind = REASON_TYPES.get(reason_type, REASON_TYPES["other"])
        subjects: list[dict[str, Any]] = [
            {"$type": "com.atproto.repo.strongRef", "uri": uri, "cid": cid}
            for uri, cid in post_refs
        ] or [{"$type": "com.atproto.admin.defs#repoRef", "did": subject_did}]
        ids = []
        for subject in subjects:
            made = self._call(
                lambda c, s=subject: c.com.atproto.moderation.create_report(  # type: ignore[misc]
                    {"reasonType": kind, "reason": reason[:2000], "subject": s}
                )
            )
            ids.append(str(made.id))
        return ids

    def session_string(self) -> str:
        return str(self._login().export_session_string())
