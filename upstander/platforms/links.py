"""Which platform a post's web address belongs to (for capturing it through that adapter)."""

from __future__ import annotations

from urllib.parse import urlsplit

from upstander.platforms.facebook import WEB_HOSTS as FACEBOOK_HOSTS
from upstander.platforms.instagram import WEB_HOSTS as INSTAGRAM_HOSTS
from upstander.platforms.x import WEB_HOSTS as X_HOSTS
from upstander.platforms.youtube import WEB_HOSTS as YOUTUBE_HOSTS

BLUESKY_HOSTS = frozenset({"bsky.app", "www.bsky.app", "staging.bsky.app"})


def platform_of_link(url: str) -> str | None:
    """`facebook`, `instagram`, `youtube`, `x`, `bluesky`, or None for an address no adapter can
    fetch by its host alone (Mastodon servers have any name; they are told apart by asking,
    not by the address)."""
    host = (urlsplit(url).hostname or "").lower()
    if host in FACEBOOK_HOSTS:
        return "facebook"
    if host in INSTAGRAM_HOSTS:
        return "instagram"
    if host in YOUTUBE_HOSTS:
        return "youtube"
    if host in X_HOSTS:
        return "x"
    if host in BLUESKY_HOSTS:
        return "bluesky"
    return None
