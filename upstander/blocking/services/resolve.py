"""Finding an account's stable id (DID, account URI) from its handle, when a request has only
the handle (a case's offending account that was never looked up)."""

from __future__ import annotations

from upstander.blocking import writers
from upstander.blocking.errors import AccountNotFound
from upstander.blocking.models import BlockingAccount, PartyList
from upstander.platforms.errors import PlatformError


def stable_id_for(platform: str, handle: str) -> str:
    """The handle's stable id, asked of the platform through an account we may act as.

    Raises `AccountNotFound` (with `transient` set where the platform could not be asked).
    """
    handle = handle.strip().lstrip("@")
    try:
        if platform == "bluesky":
            party = PartyList.objects.filter(platform="bluesky").first()
            if party is not None:
                return writers.bluesky_for(party).resolve_handle(handle).id
        elif platform == "mastodon":
            account = BlockingAccount.objects.filter(
                platform="mastodon", revoked_at__isnull=True
            ).first()
            if account is not None:
                return writers.mastodon_for(account).resolve_handle(handle).id
        elif platform == "x":
            account = BlockingAccount.objects.filter(platform="x", revoked_at__isnull=True).first()
            if account is not None:
                return writers.x_for(account).resolve_handle(handle).id
    except PlatformError as error:
        raise AccountNotFound(
            f"Could not find {handle} on {platform}: {error.message}",
            transient=not error.permanent,
        ) from None
    raise AccountNotFound(
        f"Could not look up {handle} on {platform}: no connected account to ask with. "
        "Enter the account's stable id by hand."
    )


def stable_id_if_found(platform: str, handle: str) -> str:
    """`stable_id_for`, or "" where the account cannot be found or the platform not asked."""
    try:
        return stable_id_for(platform, handle)
    except AccountNotFound:
        return ""
