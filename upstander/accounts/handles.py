"""Normalising the social handles people declare, so every spelling of one account matches.

`@Alice.bsky.social`, `alice.bsky.social` and `https://bsky.app/profile/alice.bsky.social`
are one Bluesky account; once resolved, its DID (`did:plc:...`) is its stable id.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from urllib.parse import urlparse

from upstander.core.errors import DomainError

PLATFORMS = ("bluesky", "mastodon", "x")

_BLUESKY_HANDLE = re.compile(
    r"^(?=.{3,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]([a-z0-9-]{0,61}[a-z0-9])?$"
)
_DID = re.compile(r"^did:(plc|web):[a-zA-Z0-9._:%-]{1,2000}$")
_MASTODON = re.compile(r"^[a-z0-9_]{1,30}@([a-z0-9-]+\.)+[a-z]{2,}$")
_X_HANDLE = re.compile(r"^[a-z0-9_]{1,15}$")


class InvalidHandle(DomainError):
    """The text cannot be an account on that platform."""


def is_stable_id(platform: str, value: str) -> bool:
    return platform == "bluesky" and value.startswith("did:")


# (platform, handle) -> the account's stable id, or "" where it cannot be found.
StableIdLookup = Callable[[str, str], str]
_stable_id_lookups: list[StableIdLookup] = []


def stable_id_lookup_register(lookup: StableIdLookup) -> None:
    """Offer a way to ask the platforms for stable ids. Blocking offers its connected accounts
    (blocking.apps): accounts sits below blocking, so it cannot import them itself."""
    if lookup not in _stable_id_lookups:
        _stable_id_lookups.append(lookup)


def stable_id_looked_up(platform: str, handle: str) -> str:
    """The normalised handle's stable id where it is one or a registered lookup finds it."""
    if is_stable_id(platform, handle):
        return handle
    for lookup in _stable_id_lookups:
        found = lookup(platform, handle)
        if found:
            return found
    return ""


def normalise_handle(platform: str, raw: str) -> str:
    """Return the canonical spelling of an account, or raise InvalidHandle saying why."""
    if platform not in PLATFORMS:
        raise InvalidHandle(
            f"Unknown platform {platform!r}; expected one of {', '.join(PLATFORMS)}."
        )
    value = raw.strip()
    if not value:
        raise InvalidHandle("The handle is empty.")
    if value.startswith(("http://", "https://")):
        value = _handle_from_url(platform, value)
    value = value.lstrip("@")
    if platform == "bluesky":
        if value.lower().startswith("did:"):
            if not _DID.match(value):
                raise InvalidHandle(f"{raw!r} is not a valid DID.")
            return value  # DIDs are case-sensitive in their identifier part
        value = value.lower()
        if not _BLUESKY_HANDLE.match(value):
            raise InvalidHandle(f"{raw!r} is not a Bluesky handle such as alice.bsky.social.")
        return value
    value = value.lower()
    if platform == "mastodon":
        if not _MASTODON.match(value):
            raise InvalidHandle(
                f"{raw!r} is not a Mastodon account such as @alice@mastodon.social."
            )
        return value
    if not _X_HANDLE.match(value):
        raise InvalidHandle(f"{raw!r} is not an X handle such as @alice (letters, digits, _).")
    return value


def _handle_from_url(platform: str, url: str) -> str:
    parsed = urlparse(url)
    parts = [part for part in parsed.path.split("/") if part]
    host = (parsed.hostname or "").lower()
    if platform == "bluesky" and len(parts) >= 2 and parts[0] == "profile":
        return parts[1]
    if platform == "mastodon" and parts and parts[0].startswith("@"):
        return f"{parts[0]}@{host}"
    if platform == "x" and parts:
        return parts[0]
    raise InvalidHandle(f"{url!r} is not a profile address on {platform}.")
