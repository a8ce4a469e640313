"""What every adapter speaks: accounts, posts, the ways a post reaches someone, and errors."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


class Relation(enum.StrEnum):
    """How a post reaches a watched account."""

    MENTION = "mention"
    REPLY = "reply"
    QUOTE = "quote"


@dataclass(frozen=True, slots=True)
class Account:
    platform: str
    id: str  # stable: a Bluesky DID, a Mastodon account URI
    handle: str
    display_name: str = ""


def user_account(platform: str, raw: dict[str, Any], *, fallback_handle: str = "") -> Account:
    """An account as the Graph API and X describe one: `id`, `username` (the handle, when it
    has one; else `fallback_handle`, else the id) and `name`."""
    return Account(
        platform=platform,
        id=str(raw.get("id", "")),
        handle=str(raw.get("username") or fallback_handle or raw.get("id", "")),
        display_name=str(raw.get("name", "")),
    )


@dataclass(frozen=True, slots=True)
class UriScheme:
    """The stable URI we store a platform's object under: its platform id behind a prefix
    (`facebook://<graph id>`), and the id back from it."""

    prefix: str

    def uri(self, platform_id: str) -> str:
        return f"{self.prefix}{platform_id}"

    def id_of(self, uri: str) -> str:
        return uri.removeprefix(self.prefix)


@dataclass(frozen=True, slots=True)
class Post:
    platform: str
    uri: str  # stable and unique: at://did/app.bsky.feed.post/rkey, or a Mastodon status URI
    url: str  # a web address a person can open
    author_id: str
    author_handle: str
    text: str
    created_at: datetime | None
    raw: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class Interaction:
    """`post` mentions, replies to or quotes the watched account `target_id`."""

    post: Post
    target_id: str
    relation: Relation


@dataclass(frozen=True, slots=True)
class Page:
    """One page of a paged read; `cursor` fetches the next one (None: nothing more now)."""

    interactions: list[Interaction]
    cursor: str | None


class PlatformError(Exception):
    """A platform call failed. `permanent`: retrying the same call cannot help."""

    permanent: bool = False

    def __init__(self, message: str, *, permanent: bool | None = None) -> None:
        super().__init__(message)
        self.message = message
        if permanent is not None:
            self.permanent = permanent


class TransientError(PlatformError):
    """Network trouble, rate limits, a 5xx: try again later (with backoff)."""

    permanent = False


class PermanentError(PlatformError):
    """Bad credentials, a deleted account or post, a refused request: do not retry."""

    permanent = True


class AuthenticationFailed(PermanentError):
    """The stored credentials were refused: the person must connect the account again."""


def refuse_malformed_credential(credential: str, described: str) -> None:
    """Raise `AuthenticationFailed` for a credential that cannot be one (empty, or holding
    white space) before it is sent anywhere; `described` says what it should have been."""
    if not credential or any(ch.isspace() for ch in credential):
        raise AuthenticationFailed(f"That does not look like {described}.")


class NotFound(PermanentError):
    pass


class NotSupported(PermanentError):
    """The platform offers no such action (see the adapter's `capabilities`)."""


class TokenRevoked(AuthenticationFailed):
    """The platform says the access token was revoked or expired (Graph error 190): the
    person must grant access again, and a lead is told."""


class RateLimited(TransientError):
    """The platform throttles this account or app; `retry_after` is how long it asked us to
    wait (seconds), when it said."""

    def __init__(self, message: str, *, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


def error_for_status(status: int, message: str) -> PlatformError:
    """Classify an HTTP status: 401/403 refused, 404/410 gone, 429 and 5xx transient."""
    if status in (401, 403):
        return AuthenticationFailed(message)
    if status in (404, 410):
        return NotFound(message)
    if status == 429 or status >= 500:
        return TransientError(message)
    return PermanentError(message)
