"""Fetching a post by its web address through its platform's adapter, for evidence.

The adapters are plain Python (`upstander.platforms`); this builds the one a link needs from
the settings (where to read, with which token) and hands back what it fetched. Storing it is
`evidence_capture_post`'s job; retrying is the caller's.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings

from upstander.core.errors import DomainError
from upstander.core.outbound import allow_private_hosts
from upstander.platforms import adapter_class
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


@dataclass(frozen=True, slots=True)
class _CaptureCredential:
    """How the adapter of a platform read with one stored credential is built for capture."""

    setting: str  # the setting that holds the credential
    described: str  # what the credential is, for the message when none is configured
    option: str  # the adapter's keyword for the credential
    api_setting: str  # the setting that holds the API's address
    api_option: str  # the adapter's keyword for that address
    guards_hosts: bool = True  # the adapter takes `allow_private`


_CREDENTIAL_CAPTURE = {
    "facebook": _CaptureCredential(
        "FACEBOOK_CAPTURE_TOKEN",
        "Facebook access token",
        "access_token",
        "FACEBOOK_GRAPH_URL",
        "api_base_url",
    ),
    "instagram": _CaptureCredential(
        "INSTAGRAM_CAPTURE_TOKEN",
        "Instagram access token",
        "access_token",
        "INSTAGRAM_GRAPH_URL",
        "api_base_url",
    ),
    "youtube": _CaptureCredential(
        "YOUTUBE_CAPTURE_KEY",
        "YouTube API key",
        "api_key",
        "YOUTUBE_API_URL",
        "api_root_url",
        guards_hosts=False,
    ),
    "x": _CaptureCredential(
        "X_CAPTURE_TOKEN", "X bearer token", "access_token", "X_API_URL", "api_base_url"
    ),
}


def fetch_link(url: str) -> Post:
    """The post at `url`, with the platform's raw answer. Raises `PlatformError` (NotFound when
    it is gone) or `LinkCaptureUnavailable`."""
    platform = link_capturable(url)
    if platform == "bluesky":
        from upstander.platforms.bluesky import BlueskyAdapter, guarded_client

        allow_private = allow_private_hosts()
        bluesky = BlueskyAdapter(
            guarded_client(settings.BLUESKY_CAPTURE_URL, allow_private=allow_private),
            plc_url=settings.BLUESKY_PLC_URL,
            allow_private=allow_private,
        )
        return bluesky.fetch(url)
    capture = _CREDENTIAL_CAPTURE.get(platform or "")
    if platform is None or capture is None:
        raise LinkCaptureUnavailable("Links to this site are not captured automatically.")
    credential = getattr(settings, capture.setting)
    if not credential:
        raise LinkCaptureUnavailable(
            f"No {capture.described} is configured for capturing links ({capture.setting})."
        )
    options: dict[str, object] = {
        capture.option: credential,
        capture.api_option: getattr(settings, capture.api_setting),
        "max_wait": 30,
    }
    if capture.guards_hosts:
        options["allow_private"] = allow_private_hosts()
    adapter = adapter_class(platform)(**options)
    try:
        return adapter.fetch(url)  # type: ignore[no-any-return]
    finally:
        adapter.close()
