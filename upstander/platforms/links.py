"""Which platform a post's web address belongs to (for capturing it through that adapter).

The host lists live here, not in the adapters that parse the addresses, so that telling a link's
platform (reports, the mailbox, evidence capture: all loaded when Django starts) loads no
platform client library.
"""

from __future__ import annotations

from urllib.parse import urlsplit

FACEBOOK_HOSTS = frozenset(
    {"facebook.com", "www.facebook.com", "m.facebook.com", "web.facebook.com", "fb.com"}
)
INSTAGRAM_HOSTS = frozenset({"instagram.com", "www.instagram.com", "m.instagram.com", "instagr.am"})
X_HOSTS = frozenset(
    {"x.com", "www.x.com", "mobile.x.com", "twitter.com", "www.twitter.com", "mobile.twitter.com"}
)
YOUTUBE_HOSTS = frozenset(
    {"youtube.com", "www.youtube.com", "m.youtube.com", "music.youtube.com", "youtu.be"}
)
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
