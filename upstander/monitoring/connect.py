"""Checking an account's credentials with its platform before we start watching it."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings

from upstander.core.env import env_str
from upstander.core.outbound import allow_private_hosts
from upstander.platforms import adapter_class
from upstander.platforms.errors import AuthenticationFailed, NotSupported
from upstander.platforms.types import Account


@dataclass(frozen=True)
class Verified:
    stable_id: str
    handle: str
    server: str
    session: str


def bluesky_default_server() -> str:
    return env_str("BLUESKY_SERVICE_URL", "https://bsky.social")


def _token_owner(platform: str, *, token: str, api_base_url: str) -> Account:
    """The account an access token belongs to, as its platform's `me` says."""
    adapter = adapter_class(platform)(
        access_token=token, api_base_url=api_base_url, allow_private=allow_private_hosts()
    )
    try:
        me: Account = adapter.me()
    finally:
        adapter.close()
    return me


def _is_named(me: Account, given: str) -> bool:
    """Whether what the person typed (an id, or a handle with or without its @) names `me`."""
    return given.strip().lstrip("@").lower() in {me.id, me.handle.lower()}


def facebook_graph_url() -> str:
    return str(settings.FACEBOOK_GRAPH_URL)


def verify_facebook_page(*, page: str, token: str) -> Verified:
    """The page access token must be the given page's: only Pages can be read, never a
    person's profile (a user token's `/me` is a person, and is refused here)."""
    me = _token_owner("facebook", token=token, api_base_url=facebook_graph_url())
    if not _is_named(me, page):
        raise AuthenticationFailed(
            "That access token is not the token of this Facebook page: give the page's id and "
            "a page access token for it."
        )
    # No address is stored: the monitor calls the Graph API version the settings name.
    return Verified(stable_id=me.id, handle=me.handle, server="", session="")


def x_api_url() -> str:
    return str(settings.X_API_URL)


def verify_x_account(*, handle: str, token: str) -> Verified:
    """The OAuth 2.0 user access token must be the named account's (`/2/users/me`)."""
    me = _token_owner("x", token=token, api_base_url=x_api_url())
    if not _is_named(me, handle):
        raise AuthenticationFailed(
            f"That access token belongs to @{me.handle}, not to {handle.strip()}: give your own "
            "X username and a token you granted for it."
        )
    # No address is stored: the monitor calls the X API the settings name.
    return Verified(stable_id=me.id, handle=me.handle, server="", session="")


def instagram_graph_url() -> str:
    return str(settings.INSTAGRAM_GRAPH_URL)


def verify_instagram_account(*, username: str, token: str) -> Verified:
    """The token (the linked Page's, or its admin's user token) must reach the named Instagram
    professional account (the adapter looks only for that username): personal accounts cannot
    be read, and are refused saying so."""
    from upstander.platforms.instagram import PERSONAL_ACCOUNTS

    wanted = username.strip().lstrip("@").lower()
    adapter = adapter_class("instagram")(
        access_token=token,
        username=wanted,
        api_base_url=instagram_graph_url(),
        allow_private=allow_private_hosts(),
    )
    try:
        me = adapter.me()
    except NotSupported as error:
        raise NotSupported(
            f"That access token reaches no professional Instagram account called @{wanted}. "
            f"{PERSONAL_ACCOUNTS}"
        ) from error
    finally:
        adapter.close()
    # The account's id is stored: the monitor reads it without looking through the pages again.
    return Verified(stable_id=me.id, handle=me.handle, server="", session="")


def youtube_api_url() -> str:
    return str(settings.YOUTUBE_API_URL)


def verify_youtube_channel(*, channel: str, token: str) -> Verified:
    """The OAuth access token must be the named channel's own (`channels?mine=true`): we read
    and moderate comments on its videos, so a token for any other channel is refused."""
    adapter = adapter_class("youtube")(access_token=token, api_root_url=youtube_api_url())
    try:
        me = adapter.me()
    finally:
        adapter.close()
    wanted = channel.strip().lower()
    names = {me.id.lower(), me.handle.lower(), "@" + me.handle.lower().lstrip("@")}
    if wanted not in names:
        raise AuthenticationFailed(
            "That access token is not the token of this YouTube channel: give the channel's id "
            "(UC…) or @handle and an access token its owner granted."
        )
    return Verified(stable_id=me.id, handle=me.handle, server="", session="")


def verify_account(*, platform: str, handle: str, credential: str, server: str) -> Verified:
    """Log in with the person's credentials; raises `PlatformError` when that fails."""
    if platform == "facebook":
        return verify_facebook_page(page=handle, token=credential)
    if platform == "x":
        return verify_x_account(handle=handle, token=credential)
    if platform == "instagram":
        return verify_instagram_account(username=handle, token=credential)
    if platform == "youtube":
        return verify_youtube_channel(channel=handle, token=credential)
    if platform == "bluesky":
        server = server or bluesky_default_server()
        adapter = adapter_class("bluesky").login(
            service=server,
            handle=handle.lstrip("@"),
            password=credential,
            allow_private=allow_private_hosts(),
        )
    else:
        adapter = adapter_class("mastodon")(
            api_base_url=server, access_token=credential, allow_private=allow_private_hosts()
        )
    me = adapter.me()
    session = adapter.export_session() if platform == "bluesky" else ""
    return Verified(stable_id=me.id, handle=me.handle, server=server, session=session)
