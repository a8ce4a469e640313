"""Mastodon, writing side: block, unblock, mute and report, through Mastodon.py.

The offending account is named by its account URI (stable) and its `acct` handle (for lookup);
a lookup whose URI no longer matches falls back to a resolving search by URI. Before a block the
relationship is read, so a retry never blocks twice.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any, TypeVar

import requests
from mastodon import Mastodon
from mastodon.errors import (
    MastodonAPIError,
    MastodonError,
    MastodonNetworkError,
    MastodonNotFoundError,
    MastodonRatelimitError,
    MastodonServerError,
    MastodonUnauthorizedError,
)

from upstander.platforms.netguard import brief_mastodon, refusal_in, requests_session
from upstander.platforms.types import (
    AuthenticationFailed,
    NotFound,
    PermanentError,
    PlatformError,
    TransientError,
)

T = TypeVar("T")

# (server, account URI) -> the account's id on that server; ids never change on a server.
_RESOLVED: dict[tuple[str, str], str] = {}


_SESSIONS: dict[tuple[str, bool], requests.Session] = {}
_SESSIONS_LOCK = threading.Lock()


def _session_for(api_base_url: str, *, allow_private: bool) -> requests.Session:
    """One pooled HTTP session per server, shared by every account on it (each request carries
    its own account's token); its connections reach only public addresses (see `netguard`)."""
    with _SESSIONS_LOCK:
        key = (api_base_url, allow_private)
        session = _SESSIONS.get(key)
        if session is None:
            session = requests_session(
                allow_private=allow_private, pool_connections=4, pool_maxsize=32
            )
            _SESSIONS[key] = session
        return session


def forget_resolved() -> None:
    _RESOLVED.clear()
    with _SESSIONS_LOCK:
        for session in _SESSIONS.values():
            session.close()
        _SESSIONS.clear()


def _classify(error: MastodonError) -> PlatformError:
    refused = refusal_in(error)
    if refused is not None:
        return refused
    summary = brief_mastodon(error)
    if isinstance(error, MastodonRatelimitError):
        return TransientError("The Mastodon server asked us to slow down (429).")
    if isinstance(error, MastodonUnauthorizedError):
        return AuthenticationFailed(
            "The Mastodon server refused the access token (revoked or expired): "
            "the person must connect the account again."
        )
    if isinstance(error, MastodonNotFoundError):
        return NotFound(f"Not found on the Mastodon server ({summary}).")
    if isinstance(error, MastodonNetworkError | MastodonServerError):
        return TransientError(f"The Mastodon server could not be reached ({summary}).")
    if isinstance(error, MastodonAPIError):
        status = error.args[1] if len(error.args) > 1 and isinstance(error.args[1], int) else 0
        if status in (401, 403):
            return AuthenticationFailed(f"The Mastodon server refused the request ({summary}).")
        if status == 429:
            return TransientError("The Mastodon server asked us to slow down (429).")
        return PermanentError(f"The Mastodon server refused the request ({summary}).")
    return TransientError(f"Mastodon call failed ({summary}).")


class MastodonModeration:
    """One Mastodon account (a protected person's) that we act as, with its access token."""

    platform = "mastodon"

    def __init__(
        self,
        *,
        api_base_url: str,
        access_token: str,
        timeout: float = 10,
        allow_private: bool = False,
    ) -> None:
        self.api_base_url = api_base_url.rstrip("/")
        self.api = Mastodon(
            access_token=access_token,
            api_base_url=api_base_url.rstrip("/"),
            ratelimit_method="throw",
            version_check_mode="none",
            mastodon_version="4.2.0",
            request_timeout=timeout,
            session=_session_for(self.api_base_url, allow_private=allow_private),
        )

    def _call(self, fn: Callable[[Mastodon], T]) -> T:
        try:
            return fn(self.api)
        except MastodonError as error:
            raise _classify(error) from error

    def resolve(self, *, account_uri: str, handle: str) -> str:
        """The server-local id of the account with this URI (looked up by handle first).

        Ids are stable per server, so a found id is kept for every account on that server.
        """
        key = (self.api_base_url, account_uri)
        if account_uri and key in _RESOLVED:
            return _RESOLVED[key]
        local_id = self._resolve(account_uri=account_uri, handle=handle)
        if account_uri:
            _RESOLVED[key] = local_id
        return local_id

    def _resolve(self, *, account_uri: str, handle: str) -> str:
        if handle:
            try:
                found: Any = self.api.account_lookup(handle.lstrip("@"))
                if not account_uri or str(found.get("uri", "")) == account_uri:
                    return str(found["id"])
            except MastodonNotFoundError:
                pass
            except MastodonError as error:
                raise _classify(error) from error
        if account_uri:
            results: Any = self._call(
                lambda api: api.search_v2(account_uri, resolve=True, result_type="accounts")
            )
            for account in results.get("accounts", []):
                if str(account.get("uri", "")) == account_uri:
                    return str(account["id"])
        raise NotFound(f"No Mastodon account {handle or account_uri} could be found.")

    def whoami(self) -> str:
        """The URI of the account this token acts as (checks the token with the server)."""
        found: Any = self._call(lambda api: api.account_verify_credentials())
        return str(found["uri"])

    def account_uri(self, handle: str) -> str:
        """Handle (user@server) -> the account's URI, its stable id."""
        found: Any = self._call(lambda api: api.account_lookup(handle.lstrip("@")))
        return str(found["uri"])

    def is_blocking(self, local_id: str) -> bool:
        relationships: Any = self._call(lambda api: api.account_relationships(local_id))
        return bool(relationships and relationships[0].get("blocking"))

    def block(self, *, account_uri: str, handle: str) -> tuple[str, bool]:
        """Block unless already blocked. Returns the account's local id (the reference) and
        whether the server now reports it blocked (its Relationship answer)."""
        local_id = self.resolve(account_uri=account_uri, handle=handle)
        if self.is_blocking(local_id):
            return local_id, True
        relationship: Any = self._call(lambda api: api.account_block(local_id))
        return local_id, bool(relationship.get("blocking"))

    def unblock(self, *, account_uri: str, handle: str, local_id: str = "") -> bool:
        """Unblock if blocked; returns whether the server now reports it unblocked."""
        target = local_id or self.resolve(account_uri=account_uri, handle=handle)
        if not self.is_blocking(target):
            return True
        relationship: Any = self._call(lambda api: api.account_unblock(target))
        return not relationship.get("blocking")

    def mute(self, *, account_uri: str, handle: str) -> str:
        local_id = self.resolve(account_uri=account_uri, handle=handle)
        self._call(lambda api: api.account_mute(local_id))
        return local_id

    def unmute(self, *, account_uri: str, handle: str, local_id: str = "") -> None:
        target = local_id or self.resolve(account_uri=account_uri, handle=handle)
        self._call(lambda api: api.account_unmute(target))

    def report(
        self,
        *,
        account_uri: str,
        handle: str,
        status_ids: list[str],
        comment: str,
        forward: bool = True,
    ) -> str:
        """Report the account and its posts to the server's moderators (and, with `forward`,
        to the moderators of the abuser's own server)."""
        local_id = self.resolve(account_uri=account_uri, handle=handle)
        made: Any = self._call(
            lambda api: api.report(
                local_id,
                status_ids=status_ids or None,
                comment=comment[:1000],
                forward=forward,
                category="other",
            )
        )
        return str(made["id"])
