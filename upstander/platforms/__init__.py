"""Platform adapters (Bluesky, Mastodon, Facebook Pages, Instagram, YouTube, X, replay) behind
one interface; plain Python, no Django.

    from upstander.platforms import ADAPTERS, adapter_class
    from upstander.platforms.types import Post, Interaction
    from upstander.platforms.errors import PlatformError

Each adapter reads (resolve an account, page or stream mentions, replies and quotes, fetch a
post) and takes the actions its platform allows, declared in its `capabilities` (see
`base.PlatformAdapter`): blocks, mutes, moderation lists and reports on Bluesky and Mastodon;
hiding, deleting and banning on Facebook Pages and YouTube.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

# Platform name -> dotted path of its adapter class, imported only when used.
ADAPTERS: dict[str, str] = {
    "bluesky": "upstander.platforms.bluesky.BlueskyAdapter",
    "mastodon": "upstander.platforms.mastodon.MastodonAdapter",
    "facebook": "upstander.platforms.facebook.FacebookAdapter",
    "instagram": "upstander.platforms.instagram.InstagramAdapter",
    "youtube": "upstander.platforms.youtube.YouTubeAdapter",
    "x": "upstander.platforms.x.XAdapter",
}


def adapter_class(platform: str) -> Any:
    try:
        module_name, _, class_name = ADAPTERS[platform].rpartition(".")
    except KeyError:
        raise ValueError(f"No adapter for the platform {platform!r}.") from None
    return getattr(import_module(module_name), class_name)
