"""The platform adapters blocking acts through, for a connected account or the party list, kept
per process.

A Bluesky login costs a password hash on the server, so one logged-in adapter per account is
kept and reused; Mastodon adapters share one pooled HTTP session per server.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from django.conf import settings

from upstander.core.outbound import allow_private_hosts
from upstander.platforms.errors import PermanentError

if TYPE_CHECKING:
    from upstander.blocking.models import BlockingAccount, PartyList
    from upstander.platforms.bluesky import BlueskyAdapter
    from upstander.platforms.mastodon import MastodonAdapter
    from upstander.platforms.x import XAdapter

# The adapters are imported where they are first used: their clients (atproto, Mastodon.py,
# tweepy) would add most of a second to every process's start-up, and most processes (a web
# request, the monitor, a management command) never block anyone.

_lock = threading.Lock()
_bluesky: dict[str, BlueskyAdapter] = {}
_mastodon: dict[str, MastodonAdapter] = {}
_x: dict[str, XAdapter] = {}

Writer = TypeVar("Writer")


def _key(*parts: str) -> str:
    return hashlib.sha256("\x00".join(parts).encode()).hexdigest()


def _kept(cache: dict[str, Writer], key: str, make: Callable[[], Writer]) -> Writer:
    """The cached writer for `key`, made under the lock the first time (making one is cheap, so
    two threads never build two)."""
    with _lock:
        writer = cache.get(key)
        if writer is None:
            writer = cache[key] = make()
    return writer


def bluesky_for(row: BlockingAccount | PartyList) -> BlueskyAdapter:
    """The account's adapter, logged in on first use (a refused login raises, and is tried
    again next time)."""
    if row.platform != "bluesky":
        raise PermanentError(f"{row} is not a Bluesky account.")
    from upstander.platforms.bluesky import BlueskyAdapter

    allow_private = allow_private_hosts()
    key = _key(row.service_url, row.account_id, row.credential, str(allow_private))
    with _lock:
        writer = _bluesky.get(key)
    if writer is None:
        # Logged in outside the lock: one slow server must not hold up every other account.
        writer = BlueskyAdapter.login(
            service=row.service_url.rstrip("/"),
            handle=row.account_id or row.handle,
            password=row.credential,
            allow_private=allow_private,
        )
        with _lock:
            writer = _bluesky.setdefault(key, writer)
    return writer


def mastodon_for(row: BlockingAccount) -> MastodonAdapter:
    if row.platform != "mastodon":
        raise PermanentError(f"{row} is not a Mastodon account.")
    from upstander.platforms.mastodon import MastodonAdapter, shared_session

    allow_private = allow_private_hosts()
    key = _key(row.service_url, row.credential, str(allow_private))
    return _kept(
        _mastodon,
        key,
        lambda: MastodonAdapter(
            api_base_url=row.service_url,
            access_token=row.credential,
            timeout=10,
            allow_private=allow_private,
            session=shared_session(row.service_url, allow_private=allow_private),
        ),
    )


def x_for(row: BlockingAccount) -> XAdapter:
    """The person's X account, with their OAuth 2.0 user token: it mutes (X's API blocks only
    on the Enterprise plan, which the party does not have). Always the X API the settings name:
    a typed address cannot send a person's X token elsewhere."""
    from upstander.platforms.x import XAdapter

    if row.platform != "x":
        raise PermanentError(f"{row} is not an X account.")
    allow_private = allow_private_hosts()
    api_url = str(settings.X_API_URL)
    key = _key(api_url, row.account_id, row.credential, str(allow_private))
    return _kept(
        _x,
        key,
        lambda: XAdapter(
            access_token=row.credential,
            user_id=row.account_id,
            api_base_url=api_url,
            allow_private=allow_private,
        ),
    )


def forget_all() -> None:
    """Drop every cached client (tests that restart a server; a rotated credential)."""
    from upstander.platforms.mastodon import forget_resolved

    with _lock:
        _bluesky.clear()
        _mastodon.clear()
        for writer in _x.values():
            writer.close()
        _x.clear()
    forget_resolved()
