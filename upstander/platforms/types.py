"""What every adapter speaks: accounts, posts and the ways a post reaches someone (its errors are
in `errors`)."""

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

    @classmethod
    def from_user(cls, platform: str, raw: dict[str, Any], *, fallback_handle: str = "") -> Account:
        """An account as the Graph API and X describe one: `id`, `username` (the handle, when it
        has one; else `fallback_handle`, else the id) and `name`."""
        return cls(
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
