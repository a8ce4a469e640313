"""The one interface every platform adapter implements, and what each one can do."""

from __future__ import annotations

import enum
from collections.abc import Iterator, Mapping
from typing import ClassVar, Protocol, runtime_checkable

from upstander.platforms.errors import NotSupported
from upstander.platforms.types import Account, Interaction, Page, Post


class Capability(enum.StrEnum):
    """An action a platform lets us take on a protected person's behalf."""

    BLOCK = "block"  # the account can no longer see or reach the person
    MUTE = "mute"  # the person no longer sees the account (it does not know)
    HIDE_REPLY = "hide_reply"  # a reply or comment is hidden from everyone but its author
    DELETE_COMMENT = "delete_comment"  # a comment on the person's own post or page is removed
    BAN_FROM_PAGE = "ban_from_page"  # the account can no longer comment on the person's page
    MODERATION_LIST = "moderation_list"  # one shared list others subscribe to, to block them all
    REPORT = "report"  # the account or post goes to the platform's moderators


@runtime_checkable
class PlatformAdapter(Protocol):
    """One connected account on one platform (its credentials were given with consent).

    Every adapter reads (`mentions_page`, `stream_mentions`), fetches one post by its web
    address for evidence (`fetch`) and resolves accounts. Of the actions, each adapter declares
    in `capabilities` the ones its platform allows, so the interface offers only what works; an
    action it does not declare raises `NotSupported`. An adapter may take more keyword
    arguments than named here (a record key that makes a retry write nothing twice, a handle to
    look the account up by).
    """

    platform: str
    capabilities: ClassVar[frozenset[Capability]]

    # -- reading ---------------------------------------------------------------------------
    def me(self) -> Account:
        """The connected account (or page) itself."""
        ...

    def resolve_handle(self, handle: str) -> Account:
        """Handle -> account with its stable id (DID, account URI, Graph id)."""
        ...

    def resolve_id(self, account_id: str) -> Account:
        """Stable id -> account with its current handle."""
        ...

    def mentions_page(self, *, cursor: str | None = None, limit: int = 50) -> Page:
        """Mentions, replies, quotes and comments aimed at the account since `cursor`."""
        ...

    def stream_mentions(self) -> Iterator[Interaction]:
        """Mentions, replies, quotes and comments as they arrive (a long-lived read)."""
        ...

    def get_post(self, uri: str) -> Post:
        """One post with its author, by the platform's own id for it."""
        ...

    def fetch(self, url: str) -> Post:
        """One post by the web address a person copied, with the platform's raw answer (for
        evidence). Raises `NotFound` when it is gone, `NotSupported` for an address this
        platform does not serve."""
        ...

    # -- acting ----------------------------------------------------------------------------
    def block(self, account_id: str) -> str:
        """Block the account; returns the platform's reference to the block."""
        ...

    def unblock(self, account_id: str) -> None: ...

    def mute(self, account_id: str) -> str: ...

    def hide_reply(self, post_id: str, *, hidden: bool = True) -> None: ...

    def delete_comment(self, post_id: str) -> None: ...

    def ban_from_page(self, account_id: str, *, comment_id: str = "") -> None:
        """Ban the account from the person's page or channel; `comment_id` names the comment
        that prompted it (YouTube bans through one; Facebook needs only the account)."""
        ...

    def moderation_list_add(self, *, list_ref: str, account_id: str) -> str: ...

    def moderation_list_remove(self, *, list_ref: str, account_id: str) -> None: ...

    def report(self, *, account_id: str, post_uris: list[str], reason: str) -> str:
        """Report an account (and posts) to the platform's moderators."""
        ...


def supports(adapter: PlatformAdapter | type[PlatformAdapter], capability: Capability) -> bool:
    return capability in adapter.capabilities


class ActionsNotOffered:
    """Defaults for the actions a platform does not offer: each refuses, saying so.

    `refusals` holds a platform's own reason for refusing an action, by method name, where it
    has more to say (what to do instead); undoing an action is refused for the same reason as
    the action unless it has its own.
    """

    platform: str
    capabilities: ClassVar[frozenset[Capability]]
    display_name: ClassVar[str] = ""  # how the platform writes its name, where `.title()` errs
    refusals: ClassVar[Mapping[str, str]] = {}

    @property
    def _name(self) -> str:
        return self.display_name or self.platform.title()

    def _refusal(self, methods: tuple[str, ...], default: str) -> NotSupported:
        reasons = [self.refusals[method] for method in methods if method in self.refusals]
        return NotSupported(reasons[0] if reasons else default)

    def _not_offered(self, methods: tuple[str, ...], action: str) -> NotSupported:
        return self._refusal(methods, f"{self._name} does not let an app {action}.")

    def block(self, account_id: str) -> str:
        raise self._not_offered(("block",), "block an account")

    def unblock(self, account_id: str) -> None:
        raise self._not_offered(("unblock", "block"), "block or unblock an account")

    def mute(self, account_id: str) -> str:
        raise self._not_offered(("mute",), "mute an account")

    def hide_reply(self, post_id: str, *, hidden: bool = True) -> None:
        raise self._not_offered(("hide_reply",), "hide a reply")

    def delete_comment(self, post_id: str) -> None:
        raise self._not_offered(("delete_comment",), "delete someone else's comment")

    def ban_from_page(self, account_id: str, *, comment_id: str = "") -> None:
        raise self._not_offered(("ban_from_page",), "ban an account from a page")

    def moderation_list_add(self, *, list_ref: str, account_id: str) -> str:
        raise self._refusal(
            ("moderation_list_add",), f"{self._name} has no shared moderation lists."
        )

    def moderation_list_remove(self, *, list_ref: str, account_id: str) -> None:
        raise self._refusal(
            ("moderation_list_remove", "moderation_list_add"),
            f"{self._name} has no shared moderation lists.",
        )

    def report(self, *, account_id: str, post_uris: list[str], reason: str) -> str:
        raise self._not_offered(("report",), "report to its moderators")
