"""Fetching a post by its web address through its platform's adapter, for evidence.

The adapters are plain Python (`upstander.platforms`); this builds the one a link needs from
the settings (where to read, with which token) and hands back what it fetched. Storing it is
`evidence_capture_post`'s job; retrying is the caller's.
"""

from __future__ import annotations

from django.conf import settings

from upstander.core.errors import DomainError
from upstander.core.outbound import allow_private_hosts
from upstander.platforms.links import platform_of_link
from upstander.platforms.types import Post


class LinkCaptureUnavailable(DomainError):
    """This platform's links cannot be fetched here (not enabled, or no token configured)."""


def link_capturable(url: str) -> str | None:
    """The platform whose adapter will fetch `url`, when capture is enabled for it."""
    platform = platform_of_link(url)
    if platform is None or platform not in settings.LINK_CAPTURE_PLATFORMS:
        return None
    return platform


def fetch_link(url: str) -> Post:
    """The post at `url`, with the platform's raw answer. Raises `PlatformError` (NotFound when
    it is gone) or `LinkCaptureUnavailable`."""
    platform = link_capturable(url)
    if platform == "facebook":
        from upstander.platforms.facebook import FacebookAdapter

        token = settings.FACEBOOK_CAPTURE_TOKEN
        if not token:
            raise LinkCaptureUnavailable(
                "No Facebook access token is configured for capturing links "
                "(FACEBOOK_CAPTURE_TOKEN)."
            )
        facebook = FacebookAdapter(
            access_token=token,
            api_base_url=settings.FACEBOOK_GRAPH_URL,
            max_wait=30,
            allow_private=allow_private_hosts(),
        )
        try:
            return facebook.fetch(url)
        finally:
            facebook.close()
    if platform == "instagram":
        from upstander.platforms.instagram import InstagramAdapter

        token = settings.INSTAGRAM_CAPTURE_TOKEN
        if not token:
            raise LinkCaptureUnavailable(
                "No Instagram access token is configured for capturing links "
                "(INSTAGRAM_CAPTURE_TOKEN)."
            )
        instagram = InstagramAdapter(
            access_token=token,
            api_base_url=settings.INSTAGRAM_GRAPH_URL,
            max_wait=30,
            allow_private=allow_private_hosts(),
        )
        try:
            return instagram.fetch(url)
        finally:
            instagram.close()
    if platform == "youtube":
        from upstander.platforms.youtube import YouTubeAdapter

        key = settings.YOUTUBE_CAPTURE_KEY
        if not key:
            raise LinkCaptureUnavailable(
                "No YouTube API key is configured for capturing links (YOUTUBE_CAPTURE_KEY)."
            )
        youtube = YouTubeAdapter(api_key=key, api_root_url=settings.YOUTUBE_API_URL, max_wait=30)
        try:
            return youtube.fetch(url)
        finally:
            youtube.close()
    if platform == "x":
        from upstander.platforms.x import XAdapter

        token = settings.X_CAPTURE_TOKEN
        if not token:
            raise LinkCaptureUnavailable(
                "No X bearer token is configured for capturing links (X_CAPTURE_TOKEN)."
            )
        x = XAdapter(
            access_token=token,
            api_base_url=settings.X_API_URL,
            max_wait=30,
            allow_private=allow_private_hosts(),
        )
        try:
            return x.fetch(url)
        finally:
            x.close()
    if platform == "bluesky":
        from upstander.platforms.bluesky import BlueskyAdapter, guarded_client

        allow_private = allow_private_hosts()
        bluesky = BlueskyAdapter(
            guarded_client(settings.BLUESKY_CAPTURE_URL, allow_private=allow_private),
            plc_url=settings.BLUESKY_PLC_URL,
            allow_private=allow_private,
        )
        return bluesky.fetch(url)
    raise LinkCaptureUnavailable("Links to this site are not captured automatically.")
