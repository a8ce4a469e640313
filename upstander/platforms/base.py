"""The one interface every platform adapter implements."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Protocol, runtime_checkable

from upstander.platforms.types import Account, Interaction, Page, Post


@runtime_checkable
class PlatformAdapter(Protocol):
    """One connected account on one platform (its credentials were given with consent).

    Reading is implemented by every adapter. Blocking, moderation lists and reports are part of
    the interface now and raise `NotImplementedYet` until the blocking work delivers them.
    """

    platform: str

    # -- reading ---------------------------------------------------------------------------
    def me(self) -> Account:
        """The connected account itself."""
        ...

    def resolve_handle(self, handle: str) -> Account:
        """Handle -> account with its stable id (DID, account URI)."""
        ...

    def resolve_id(self, account_id: str) -> Account:
        """Stable id -> account with its current handle."""
        ...

    def mentions_page(self, *, cursor: str | None = None, limit: int = 50) -> Page:
        """Mentions, replies and quotes of the connected account, newest first, one page."""
        ...

    def stream_mentions(self) -> Iterator[Interaction]:
        """Mentions, replies and quotes as they arrive (a long-lived connection)."""
        ...

    def get_post(self, uri: str) -> Post:
        """One post with its author."""
        ...

    # -- acting (the blocking issue implements these) --------------------------------------
    def block(self, account_id: str) -> str:
        """Block the account; returns the platform's reference to the block."""
        ...

    def unblock(self, account_id: str) -> None: ...

    def moderation_list_add(self, *, list_ref: str, account_id: str) -> str: ...

    def moderation_list_remove(self, *, list_ref: str, account_id: str) -> None: ...

    def report(self, *, account_id: str, post_uris: list[str], reason: str) -> str:
        """Report an account (and posts) to the platform's moderators."""
        ...
