"""Meta's Graph API over plain HTTP, shared by the Facebook Pages and Instagram adapters: one
`httpx` client with retries, Graph's error envelope mapped to our errors, the usage headers
read for rate limits and a source's health, and `paging.cursors.after` followed.

Errors, as Graph reports them in `{"error": {"message", "type", "code", "fbtrace_id"}}`:
- code 190 (the token expired or was revoked) -> `errors.TokenRevoked`: the person must grant access
  again, and the caller tells a lead;
- codes 4, 17, 32, 613 and 80001 (app, user, page, custom and business-use-case limits) ->
  wait as long as the usage headers say (`X-Business-Use-Case-Usage`, `X-Page-Usage`,
  `X-App-Usage`: `estimated_time_to_regain_access`, in minutes) when that is short, else
  `errors.RateLimited` with `retry_after` for the caller to come back later;
- network trouble and 5xx -> retried with backoff, then `errors.TransientError`.
What a server answered is never repeated in a message (only the code and the trace id).
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from typing import Any, ClassVar

import httpx

from upstander.platforms import errors
from upstander.platforms.backoff import RetryingClient
from upstander.platforms.netguard import httpx_transport, unreachable

GRAPH_VERSION = "v21.0"
GRAPH_URL = f"https://graph.facebook.com/{GRAPH_VERSION}"
RATE_LIMIT_CODES = frozenset({4, 17, 32, 613, 80001})
USAGE_HEADERS = ("X-Business-Use-Case-Usage", "X-Page-Usage", "X-App-Usage")


def _usage_numbers(headers: httpx.Headers, wanted: Callable[[str], bool]) -> list[float]:
    """Every number under a key `wanted` accepts, anywhere in the usage headers' JSON."""
    found: list[float] = []

    def visit(value: object) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                if wanted(key) and isinstance(item, int | float):
                    found.append(float(item))
                else:
                    visit(item)
        elif isinstance(value, list):
            for item in value:
                visit(item)

    for name in USAGE_HEADERS:
        raw = headers.get(name)
        if raw:
            try:
                visit(json.loads(raw))
            except ValueError:
                continue
    return found


def minutes_to_regain(headers: httpx.Headers) -> float | None:
    """The longest `estimated_time_to_regain_access` (minutes) any usage header gives."""
    found = _usage_numbers(headers, lambda key: key == "estimated_time_to_regain_access")
    return max(found) if found else None


def usage_percent(headers: httpx.Headers) -> float | None:
    """The highest share of any quota used (call count, CPU time, total time), in percent."""
    found = _usage_numbers(
        headers, lambda key: key in ("call_count", "total_cputime", "total_time")
    )
    return max(found) if found else None


class GraphClient(RetryingClient):
    """One access token's calls to the Graph API. `service` names the platform in messages
    ("Facebook", "Instagram"); `revoked_advice` says who must grant access again."""

    service = "Facebook"
    credential_name = "access token"
    revoked_advice = "the account's owner must connect it again"
    # (code, subcode) pairs this API uses, besides 100/33, for "no such object".
    missing_codes: ClassVar[frozenset[tuple[int, int]]] = frozenset()

    def __init__(
        self,
        *,
        access_token: str,
        api_base_url: str = GRAPH_URL,
        timeout: float = 15.0,
        retries: int = 3,
        max_wait: float = 60.0,
        allow_private: bool = False,
        sleep: Callable[[float], None] = time.sleep,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        errors.refuse_malformed_credential(access_token, f"a {self.service} {self.credential_name}")
        self._http = httpx.Client(
            base_url=api_base_url.rstrip("/"),
            headers={"Authorization": f"Bearer {access_token}", "Accept": "application/json"},
            timeout=timeout,
            transport=transport or httpx_transport(allow_private=allow_private),
        )
        super().__init__(retries=retries, max_wait=max_wait, sleep=sleep)
        # What the last answer's usage headers said (for a source's health on the dashboard).
        self.last_usage_percent: float | None = None

    def close(self) -> None:
        self._http.close()

    def _request(
        self,
        method: str,
        path: str,
        *,
        params: dict[str, str] | None = None,
        data: dict[str, str] | None = None,
    ) -> dict[str, Any]:
        retrying = self._retrying()
        while True:
            try:
                response = self._http.request(method, path, params=params, data=data)
            except httpx.HTTPError as error:
                retrying.wait_or_raise(unreachable(self.service, error), cause=error)
                continue
            self.last_usage_percent = usage_percent(response.headers)
            if response.status_code < 400:
                try:
                    body = response.json()
                except ValueError as error:
                    raise errors.TransientError(
                        f"{self.service} answered with something other than JSON."
                    ) from error
                if not isinstance(body, dict):
                    raise errors.TransientError(
                        f"{self.service} answered with something other than an object."
                    )
                return body
            retrying.wait_or_raise(self._error(response))

    def _comment_or_other(
        self, graph_id: str, *, comment_fields: str, other_fields: str
    ) -> tuple[dict[str, Any], bool]:
        """An object by its Graph id, and whether it is a comment. Asking anything else for a
        comment's fields is an error, so it is asked as a comment first, then (but not when the
        token is refused or the object is missing) again for `other_fields`."""
        try:
            return self._request("GET", f"/{graph_id}", params={"fields": comment_fields}), True
        except errors.PermanentError as error:
            if isinstance(error, errors.AuthenticationFailed | errors.NotFound):
                raise
        return self._request("GET", f"/{graph_id}", params={"fields": other_fields}), False

    def _error(self, response: httpx.Response) -> errors.PermanentError | errors.TransientError:
        try:
            error = response.json().get("error") or {}
        except (ValueError, AttributeError):
            error = {}
        if not isinstance(error, dict):
            error = {}
        raw_code = error.get("code")
        code: int = raw_code if isinstance(raw_code, int) else 0
        subcode = error.get("error_subcode")
        trace = str(error.get("fbtrace_id", ""))[:40]
        summary = f"HTTP {response.status_code}, code {code}" + (
            f", trace {trace}" if trace else ""
        )
        service = self.service
        if code == 190:
            return errors.TokenRevoked(
                f"{service} no longer accepts the {self.credential_name} (expired or revoked): "
                f"{self.revoked_advice} ({summary})."
            )
        if code in RATE_LIMIT_CODES or response.status_code == 429:
            minutes = minutes_to_regain(response.headers)
            retry_after = response.headers.get("Retry-After", "")
            seconds: float | None = minutes * 60 if minutes is not None else None
            if seconds is None and retry_after.isdigit():
                seconds = float(retry_after)
            return errors.RateLimited(
                f"{service} asked us to slow down ({summary}).", retry_after=seconds
            )
        if (
            (code == 100 and subcode == 33)
            or (code, subcode) in self.missing_codes
            or response.status_code == 404
        ):
            return errors.NotFound(
                f"Not found on {service}, or not visible to this account ({summary})."
            )
        if code in (10, 200) or 200 <= code < 300 or response.status_code == 403:
            return errors.PermanentError(
                f"The {self.credential_name} may not do this on {service} ({summary})."
            )
        if code in (1, 2) or response.status_code >= 500:
            return errors.TransientError(f"{service} is unavailable for now ({summary}).")
        return errors.PermanentError(f"{service} refused the request ({summary}).")

    def _pages(
        self,
        path: str,
        params: dict[str, str],
        *,
        max_pages: int,
        after: str | None = None,
        stopped: Callable[[str], None] | None = None,
    ) -> Iterator[dict[str, Any]]:
        """Each item of a paged edge from `after` (the start when None), following
        `paging.cursors.after` while `paging.next` says there is more. If `max_pages` are read
        and more is left, `stopped` is told the cursor to go on from."""
        params = dict(params)
        if after:
            params["after"] = after
        for _ in range(max_pages):
            body = self._request("GET", path, params=params)
            items = body.get("data") or []
            paging = body.get("paging") or {}
            cursors = (paging.get("cursors") or {}) if isinstance(paging, dict) else None
            if not (
                isinstance(items, list)
                and all(isinstance(item, dict) for item in items)
                and isinstance(cursors, dict)
            ):
                raise errors.TransientError(
                    f"{self.service} answered a list in a shape the Graph API does not."
                )
            yield from items
            after = cursors.get("after")
            if not paging.get("next") or not after:
                return
            params["after"] = str(after)
        if stopped is not None and params.get("after"):
            stopped(params["after"])
