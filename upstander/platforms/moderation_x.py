"""X, writing side: mute and hide replies only.

X's API lets an app block accounts only on its Enterprise plan, which a party does not have, so
the blocklist reaches X accounts by muting the abuser (private) and hiding their replies to the
protected person's posts. Both go through X API v2 with the person's OAuth 2.0 user token.
"""

from __future__ import annotations

from typing import Any

import httpx

from upstander.platforms.types import PermanentError, error_for_status

API = "https://api.x.com"
BLOCKING_UNAVAILABLE = (
    "X allows blocking through its API only on the Enterprise plan, so the party mutes the "
    "account and hides its replies instead."
)


class BlockingNotAvailable(PermanentError):
    """Blocking on X needs the Enterprise API plan."""


class XModeration:
    """One X account (a protected person's), acting with their user access token."""

    platform = "x"

    def __init__(
        self,
        *,
        user_id: str,
        access_token: str,
        api_base_url: str = API,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.user_id = user_id
        self._http = httpx.Client(
            base_url=api_base_url.rstrip("/"),
            headers={"Authorization": f"Bearer {access_token}"},
            timeout=10,
            transport=transport,
        )

    def _send(self, method: str, path: str, body: dict[str, Any] | None = None) -> dict[str, Any]:
        try:
            response = self._http.request(method, path, json=body)
        except httpx.HTTPError as error:
            raise error_for_status(
                503, f"X could not be reached ({type(error).__name__})."
            ) from error
        if response.status_code >= 400:
            # The status only: what a server answered is never shown back or logged.
            raise error_for_status(
                response.status_code, f"X refused the request (HTTP {response.status_code})."
            )
        data: dict[str, Any] = response.json() if response.content else {}
        return data

    def block(self, *, subject_id: str) -> str:
        raise BlockingNotAvailable(BLOCKING_UNAVAILABLE)

    def mute(self, *, subject_id: str) -> str:
        self._send("POST", f"/2/users/{self.user_id}/muting", {"target_user_id": subject_id})
        return subject_id

    def unmute(self, *, subject_id: str) -> None:
        self._send("DELETE", f"/2/users/{self.user_id}/muting/{subject_id}")

    def hide_reply(self, *, tweet_id: str, hidden: bool = True) -> None:
        self._send("PUT", f"/2/tweets/{tweet_id}/hidden", {"hidden": hidden})
