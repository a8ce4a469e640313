"""Checking an account's credentials with its platform before we start watching it."""

from __future__ import annotations

from dataclasses import dataclass

from upstander.core.env import env_str
from upstander.core.outbound import allow_private_hosts
from upstander.platforms import adapter_class


@dataclass(frozen=True)
class Verified:
    stable_id: str
    handle: str
    server: str
    session: str


def bluesky_default_server() -> str:
    return env_str("BLUESKY_SERVICE_URL", "https://bsky.social")


def verify_account(*, platform: str, handle: str, credential: str, server: str) -> Verified:
    """Log in with the person's credentials; raises `PlatformError` when that fails."""
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
