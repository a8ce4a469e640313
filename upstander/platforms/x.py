"""X (formerly Twitter) through API v2 with `tweepy`: mentions of a watched account, and what
its owner may do about them.

A protected person grants an OAuth 2.0 user access token (scopes `tweet.read users.read
mute.write tweet.moderate.write`). With it we read the account's mentions timeline (replies to
its posts mention it too), newest first from X, following `meta.next_token`, since the newest
id read (`since_id`: X's ids grow with time, so one id is a complete cursor; a read that stops
at its page cap hands back a `resume:` cursor to read the older rest on from); fetch one post by
the x.com address a reporter copied, with X's whole answer kept for evidence; mute an account
and hide a reply in a conversation the person started. Blocking through the API needs X's
Enterprise plan, which a party does not have: `block` says so, and the party mutes and hides.

tweepy's `Client` writes `https://api.twitter.com` into every request; a `requests` session of
ours (`_RebasedSession`) sends each one to the configured address instead (api.x.com, or the
local server in the tests), through the guarded connections of `netguard`.

Errors, as X reports them (`{"title", "detail", "type", "status"}` problems, or `errors: [...]`
beside or instead of `data` in a 200):
- 401 -> `errors.TokenRevoked`: the person must grant access again, and the caller tells a lead;
- 429 -> wait until `x-rate-limit-reset` (epoch seconds) when that is within `max_wait`, else
  `errors.RateLimited` with `retry_after` for the caller to come back later;
- a `resource-not-found` problem (X answers a deleted post with 200 and no `data`) or 404 ->
  `errors.NotFound`;
- network trouble and 5xx -> retried with backoff, then `errors.TransientError`.
What a server answered is never repeated in a message (only the status and the problem type).
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import urlsplit

import requests
import tweepy  # type: ignore[import-untyped]

from upstander.platforms import errors
from upstander.platforms.backoff import RetryingClient
from upstander.platforms.base import ActionsNotOffered, Capability
from upstander.platforms.links import X_HOSTS
from upstander.platforms.netguard import requests_session, unreachable
from upstander.platforms.time_cursor import iso_datetime
from upstander.platforms.types import Account, Interaction, Page, Post, Relation, UriScheme

API_URL = "https://api.x.com"
TWEEPY_HOST = "https://api.twitter.com"  # what tweepy's Client writes into every request
URI_PREFIX = "x://"
TWEET_FIELDS = ["created_at", "author_id", "conversation_id", "in_reply_to_user_id"]
USER_FIELDS = ["username", "name"]
# The most X returns a request. Its rate limits count requests, not posts (Basic: 10 mention
# reads a user per 15 minutes), so a smaller page would halve what a pile-on can be read at.
PAGE_SIZE = 100
# X keeps only the newest 800 mentions of an account readable: 8 pages of PAGE_SIZE, well
# inside this cap on one read.
MAX_PAGES = 100
RESUME_PREFIX = "resume:"
BLOCKING_UNAVAILABLE = (
    "X allows blocking through its API only on a higher (Enterprise) plan, which the party "
    "does not have, so the party mutes the account and hides its replies instead."
)
# tweepy logs every request's headers, the access token among them, at DEBUG: never below INFO.
_TWEEPY_LOG = logging.getLogger("tweepy.client")
if _TWEEPY_LOG.level < logging.INFO:
    _TWEEPY_LOG.setLevel(logging.INFO)
USERNAME = re.compile(r"^[A-Za-z0-9_]{1,15}$")
PROBLEM_NAME = re.compile(r"^[a-z][a-z-]{0,60}$")


# The stable URI we store an X post under: its id.
URIS = UriScheme(URI_PREFIX)
tweet_uri = URIS.uri
tweet_id_of = URIS.id_of


def _read_from(cursor: str | None) -> tuple[str | None, int, int | None]:
    """A read cursor -> (`since_id`, the newest id read so far, `until_id`). A plain id reads
    everything after it; `resume:<since>:<newest>:<until>` reads on below `until` (the oldest
    id a read that stopped at its page cap reached) down to `since`, then moves to `newest`.
    Anything else starts afresh."""
    if cursor and cursor.startswith(RESUME_PREFIX):
        parts = cursor.removeprefix(RESUME_PREFIX).split(":")
        if len(parts) == 3 and all(part.isdigit() for part in parts):
            return parts[0], int(parts[1]), int(parts[2])
    elif cursor and cursor.isdigit():
        return cursor, int(cursor), None
    return None, 0, None


def parse_link(url: str) -> str:
    """The post id an x.com (or twitter.com) address names: `/<user>/status/<id>` (with any
    `/photo/1` or `?s=20` after it) or `/i/web/status/<id>`."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if parts.scheme not in ("http", "https") or host not in X_HOSTS:
        raise errors.NotSupported(f"{url[:80]!r} is not the address of a post on X.")
    segments = [segment for segment in parts.path.split("/") if segment]
    for index, segment in enumerate(segments[:-1]):
        if segment in ("status", "statuses") and index >= 1:
            tweet_id = segments[index + 1]
            if tweet_id.isdigit():
                return tweet_id
    raise errors.NotSupported(
        "This X address does not name a post; copy the link from the post's share menu."
    )


def _problem(body: object) -> str:
    """The last part of an X problem's `type` (`resource-not-found`), when it is a plain name:
    a short summary that carries none of the server's own words."""
    if not isinstance(body, dict):
        return ""
    kinds = [str(body.get("type", ""))]
    errors = body.get("errors")
    if isinstance(errors, list):
        kinds += [str(item.get("type", "")) for item in errors if isinstance(item, dict)]
    for kind in kinds:
        name = kind.rstrip("/").rsplit("/", 1)[-1]
        if kind.startswith("https://") and PROBLEM_NAME.match(name):
            return name
    return ""


def _malformed(part: str) -> errors.TransientError:
    return errors.TransientError(f"X answered with its `{part}` in a shape its API does not.")


def _part(body: dict[str, Any], part: str) -> dict[str, Any]:
    """An object in X's answer (`data`, `includes`, `meta`); empty when X sent none."""
    found = body.get(part) or {}
    if not isinstance(found, dict):
        raise _malformed(part)
    return found


def _items(body: dict[str, Any], part: str) -> list[dict[str, Any]]:
    """A list of objects in X's answer (a page's `data`); empty when X sent none."""
    found = body.get(part) or []
    if not isinstance(found, list) or not all(isinstance(item, dict) for item in found):
        raise _malformed(part)
    return found


class _RebasedSession(requests.Session):
    """tweepy's Client addresses `https://api.twitter.com` in its own code (no setting for
    it); this session sends each of its requests to `base_url` instead, with a timeout, through
    connections that refuse private addresses unless `allow_private`."""

    def __init__(self, base_url: str, *, allow_private: bool, timeout: float) -> None:
        super().__init__()
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        for prefix, adapter in requests_session(allow_private=allow_private).adapters.items():
            self.mount(prefix, adapter)

    def request(
        self, method: str, url: str | bytes, *args: Any, **kwargs: Any
    ) -> requests.Response:
        if isinstance(url, str) and url.startswith(TWEEPY_HOST):
            url = self.base_url + url.removeprefix(TWEEPY_HOST)
        kwargs.setdefault("timeout", self.timeout)
        return super().request(method, url, *args, **kwargs)


class XAdapter(RetryingClient, ActionsNotOffered):
    """One X account, acting with the OAuth 2.0 user access token its owner granted (or, for
    fetching public posts only, the party app's bearer token)."""

    platform = "x"
    capabilities = frozenset({Capability.MUTE, Capability.HIDE_REPLY})
    refusals = {
        "block": BLOCKING_UNAVAILABLE,
        "moderation_list_add": "X lists neither block nor mute the accounts on them.",
        "report": "X offers no API for reporting an account to its moderators.",
    }

    def __init__(
        self,
        *,
        access_token: str,
        user_id: str = "",
        api_base_url: str = API_URL,
        timeout: float = 15.0,
        retries: int = 3,
        max_wait: float = 60.0,
        allow_private: bool = False,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.time,
    ) -> None:
        errors.refuse_malformed_credential(access_token, "an X access token")
        # A user access token of OAuth 2.0 goes where tweepy puts a bearer token; the answer
        # comes back as the `requests.Response` itself, for its rate-limit headers.
        self._client = tweepy.Client(bearer_token=access_token, return_type=requests.Response)
        self._client.session = _RebasedSession(
            api_base_url, allow_private=allow_private, timeout=timeout
        )
        super().__init__(retries=retries, max_wait=max_wait, sleep=sleep)
        self._clock = clock
        self._user_id = user_id
        self._me: Account | None = None
        # What the last answer's headers said (for a source's health on the dashboard).
        self.rate_limit_remaining: int | None = None
        self.rate_limit_reset: int | None = None

    def close(self) -> None:
        self._client.session.close()

    # -- one call ------------------------------------------------------------------------------
    def _call(self, method: Callable[..., Any], *args: Any, **kwargs: Any) -> dict[str, Any]:
        """One tweepy call, retrying what may pass and classifying what may not; X's answer
        as JSON."""
        retrying = self._retrying()
        while True:
            try:
                response = method(*args, **kwargs)
            except tweepy.TooManyRequests as error:
                self._remember_limits(error.response.headers)
                slow_down = f"X asked us to slow down (HTTP 429{self._summary(error)})."
                wait = self._wait_for_reset(error.reset_time)
                retrying.wait_or_raise(errors.RateLimited(slow_down, retry_after=wait))
                continue
            except tweepy.TwitterServerError as error:
                unavailable = f"X is unavailable for now (HTTP {error.response.status_code})."
                retrying.wait_or_raise(errors.TransientError(unavailable))
                continue
            except tweepy.HTTPException as error:
                raise self._error(error) from None
            except requests.RequestException as error:
                retrying.wait_or_raise(unreachable("X", error), cause=error)
                continue
            self._remember_limits(response.headers)
            try:
                body = response.json() if response.content else {}
            except ValueError as error:
                raise errors.TransientError("X answered with something other than JSON.") from error
            if not isinstance(body, dict):
                raise errors.TransientError("X answered with something other than an object.")
            if "data" not in body and "meta" not in body and body.get("errors"):
                raise self._partial_error(body)  # a gone or hidden post or user
            return body

    def _wait_for_reset(self, reset_time: int | None) -> float | None:
        """Seconds until X's `x-rate-limit-reset`, with one to spare for clock skew."""
        if reset_time is None:
            return None
        return max(float(reset_time) - self._clock(), 0.0) + 1.0

    def _remember_limits(self, headers: Any) -> None:
        remaining = str(headers.get("x-rate-limit-remaining", ""))
        reset = str(headers.get("x-rate-limit-reset", ""))
        if remaining.isdigit():
            self.rate_limit_remaining = int(remaining)
        if reset.isdigit():
            self.rate_limit_reset = int(reset)

    @staticmethod
    def _summary(error: tweepy.HTTPException) -> str:
        try:
            name = _problem(error.response.json())
        except ValueError:
            name = ""
        return f", {name}" if name else ""

    def _error(self, error: tweepy.HTTPException) -> errors.PermanentError:
        status = error.response.status_code
        summary = f"HTTP {status}{self._summary(error)}"
        if isinstance(error, tweepy.Unauthorized):
            return errors.TokenRevoked(
                "X no longer accepts the account's access token (expired or revoked): its "
                f"owner must connect it again ({summary})."
            )
        if isinstance(error, tweepy.NotFound) or "resource-not-found" in summary:
            return errors.NotFound(f"Not found on X, or not visible to this account ({summary}).")
        if isinstance(error, tweepy.Forbidden):
            return errors.PermanentError(f"X does not let this account do that ({summary}).")
        return errors.PermanentError(f"X refused the request ({summary}).")

    def _partial_error(self, body: dict[str, Any]) -> errors.PermanentError:
        """A 200 that carries only `errors`: X's way of saying a post or user is gone,
        suspended or protected."""
        name = _problem(body)
        summary = "HTTP 200" + (f", {name}" if name else "")
        if name in ("resource-not-found", "not-authorized-for-resource"):
            return errors.NotFound(f"Not found on X, or not visible to this account ({summary}).")
        return errors.PermanentError(f"X refused the request ({summary}).")

    # -- accounts ------------------------------------------------------------------------------
    def _account(self, raw: dict[str, Any]) -> Account:
        return Account.from_user(self.platform, raw)

    def me(self) -> Account:
        """The account the token belongs to (`GET /2/users/me`)."""
        if self._me is None:
            body = self._call(self._client.get_me, user_auth=False, user_fields=USER_FIELDS)
            self._me = self._account(_part(body, "data"))
            self._user_id = self._me.id
        return self._me

    def _my_id(self) -> str:
        return self._user_id or self.me().id

    def resolve_handle(self, handle: str) -> Account:
        """An @username -> the account, with its stable numeric id."""
        name = handle.strip().lstrip("@")
        if not USERNAME.match(name):
            raise errors.NotFound(f"{handle!r} is not an X username.")
        body = self._call(
            self._client.get_user, username=name, user_auth=False, user_fields=USER_FIELDS
        )
        return self._account(_part(body, "data"))

    def resolve_id(self, account_id: str) -> Account:
        if not account_id.isdigit():
            raise errors.NotFound(f"{account_id!r} is not an X account id.")
        body = self._call(
            self._client.get_user, id=account_id, user_auth=False, user_fields=USER_FIELDS
        )
        return self._account(_part(body, "data"))

    # -- posts ---------------------------------------------------------------------------------
    def _post(self, tweet: dict[str, Any], users: dict[str, dict[str, Any]], raw: Any) -> Post:
        tweet_id = str(tweet.get("id", ""))
        author_id = str(tweet.get("author_id", ""))
        username = str((users.get(author_id) or {}).get("username", ""))
        return Post(
            platform=self.platform,
            uri=tweet_uri(tweet_id),
            url=f"https://x.com/{username or 'i/web'}/status/{tweet_id}",
            author_id=author_id,
            author_handle=username,
            text=str(tweet.get("text", "")),
            created_at=iso_datetime(tweet.get("created_at")),
            raw=raw,
        )

    @staticmethod
    def _users(body: dict[str, Any]) -> dict[str, dict[str, Any]]:
        users = _part(body, "includes").get("users") or []
        if not isinstance(users, list):
            raise _malformed("includes")
        return {str(user.get("id")): user for user in users if isinstance(user, dict)}

    def get_post(self, uri: str) -> Post:
        """A post by its id (or our `x://` URI of it), with X's whole answer as `raw`."""
        tweet_id = tweet_id_of(uri)
        if not tweet_id.isdigit():
            raise errors.NotFound(f"{uri!r} is not an X post id.")
        body = self._call(
            self._client.get_tweet,
            tweet_id,
            user_auth=False,
            expansions=["author_id"],
            tweet_fields=TWEET_FIELDS,
            user_fields=USER_FIELDS,
        )
        return self._post(_part(body, "data"), self._users(body), body)

    def fetch(self, url: str) -> Post:
        return self.get_post(tweet_uri(parse_link(url)))

    def mentions_page(
        self, *, cursor: str | None = None, limit: int = PAGE_SIZE, max_pages: int = MAX_PAGES
    ) -> Page:
        """Posts that mention the account (replies to its posts do) newer than `cursor`, oldest
        first. The cursor is the newest post id read: X's ids grow with time, and `since_id`
        returns exactly the posts after it, so a restart neither repeats nor loses one.

        A read follows at most `max_pages` pages, newest first; one that stops there with more
        waiting hands back a `resume:` cursor (the `since_id` it read from, the newest id read,
        the oldest id read), so the next read goes on below the oldest (`until_id`) down to the
        same `since_id`, and once that is through the cursor is the newest id: nothing older is
        skipped and nothing is read twice.

        Without a cursor only the newest page is read (no backfill). A read that fails part
        way hands back nothing, so the same posts are read again from the same cursor.
        """
        me = self.me()
        since, newest, until = _read_from(cursor)
        oldest: int | None = None
        found: list[Interaction] = []
        token: str | None = None
        for _ in range(1 if since is None else max_pages):
            params: dict[str, Any] = {
                "max_results": max(5, min(limit, 100)),
                "expansions": ["author_id"],
                "tweet_fields": TWEET_FIELDS,
                "user_fields": USER_FIELDS,
            }
            if since:
                params["since_id"] = since
            if until is not None:
                params["until_id"] = str(until)
            if token:
                params["pagination_token"] = token
            body = self._call(self._client.get_users_mentions, me.id, user_auth=False, **params)
            users = self._users(body)
            for tweet in _items(body, "data"):
                tweet_id = str(tweet.get("id", ""))
                if tweet_id.isdigit():
                    newest = max(newest, int(tweet_id))
                    oldest = int(tweet_id) if oldest is None else min(oldest, int(tweet_id))
                if str(tweet.get("author_id", "")) == me.id:
                    continue  # the account mentioning itself, in a thread of its own
                relation = (
                    Relation.REPLY
                    if str(tweet.get("in_reply_to_user_id", "")) == me.id
                    else Relation.MENTION
                )
                found.append(Interaction(self._post(tweet, users, tweet), me.id, relation))
            token = str(_part(body, "meta").get("next_token") or "") or None
            if token is None:
                break
        found.sort(key=lambda i: int(tweet_id_of(i.post.uri) or 0))
        below = oldest if oldest is not None else until
        if since is not None and token is not None and below is not None:
            # Stopped at the cap with older posts still unread: read on below the oldest.
            return Page(interactions=found, cursor=f"{RESUME_PREFIX}{since}:{newest}:{below}")
        return Page(interactions=found, cursor=str(newest) if newest else cursor)

    def stream_mentions(self, *, poll_seconds: float = 60.0) -> Iterator[Interaction]:
        """Polls the mentions timeline (X's filtered stream needs a higher plan)."""
        cursor: str | None = None
        while True:
            page = self.mentions_page(cursor=cursor)
            yield from page.interactions
            cursor = page.cursor or cursor
            self._sleep(poll_seconds)

    # -- acting --------------------------------------------------------------------------------
    # tweepy's own `mute` looks the account's id up through a cache that keeps every Client
    # alive for the life of the process; the id is known here, so the route is called directly.
    def mute(self, account_id: str) -> str:
        """Mute the account: the person no longer sees it, and it is not told."""
        if not account_id.isdigit():
            raise errors.NotFound(f"{account_id!r} is not an X account id.")
        body = self._call(
            self._client.request,
            "POST",
            f"/2/users/{self._my_id()}/muting",
            json={"target_user_id": account_id},
        )
        if _part(body, "data").get("muting") is not True:
            raise errors.PermanentError("X did not confirm the mute.")
        return account_id

    def unmute(self, account_id: str) -> None:
        if not account_id.isdigit():
            raise errors.NotFound(f"{account_id!r} is not an X account id.")
        self._call(self._client.request, "DELETE", f"/2/users/{self._my_id()}/muting/{account_id}")

    def hide_reply(self, post_id: str, *, hidden: bool = True) -> None:
        """Hide a reply in a conversation the person started: it stays behind "hidden
        replies" for everyone."""
        tweet_id = tweet_id_of(post_id)
        if not tweet_id.isdigit():
            raise errors.NotFound(f"{post_id!r} is not an X post id.")
        call = self._client.hide_reply if hidden else self._client.unhide_reply
        body = self._call(call, tweet_id, user_auth=False)
        if _part(body, "data").get("hidden") is not hidden:
            raise errors.PermanentError("X did not confirm the reply's new visibility.")
