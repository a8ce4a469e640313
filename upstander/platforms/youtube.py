"""YouTube through the Data API v3 (`google-api-python-client`): comments on a channel's videos,
and the channel's comment moderation.

A protected person grants an OAuth access token for their channel (scope
`youtube.force-ssl`). With it we read the comment threads on the channel's videos
(`commentThreads.list` with `allThreadsRelatedToChannelId`, newest first, following
`nextPageToken`), fetch one comment by the `watch?v=…&lc=…` address a reporter copied, and
moderate with `comments.setModerationStatus`: held for review (hidden), rejected (removed), and
rejected with `banAuthor` (the author's later comments are hidden from the channel too).

The service is built from the discovery document bundled with the client, so nothing is fetched
to build it; `api_root_url` points it at another server (the local one in the tests). An API
key without a token reads public comments only: enough to capture a reported link.

Errors, as Google reports them in `{"error": {"code", "message", "errors": [{"reason"}]}}`:
- 401, or reason `authError` -> `errors.TokenRevoked`: the person must grant access again, and the
  caller tells a lead;
- 403 `quotaExceeded` (the project's daily quota is spent) -> `errors.RateLimited` at once, with
  `retry_after` the seconds until midnight Pacific time, when YouTube resets quotas;
- 403 `rateLimitExceeded`/`userRateLimitExceeded` and 429 (too many requests in a short
  time) -> retried with backoff, then `errors.RateLimited` with the last backoff as `retry_after`;
- network trouble and 5xx -> retried with backoff, then `errors.TransientError`.
What a server answered is never repeated in a message (only the status and the reason).
"""

from __future__ import annotations

import functools
import json
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

import googleapiclient  # type: ignore[import-untyped]
import httplib2  # type: ignore[import-untyped]
from googleapiclient.discovery import build_from_document  # type: ignore[import-untyped]
from googleapiclient.errors import HttpError  # type: ignore[import-untyped]

from upstander.platforms import errors
from upstander.platforms.backoff import RetryingClient
from upstander.platforms.base import ActionsNotOffered, Capability
from upstander.platforms.links import YOUTUBE_HOSTS
from upstander.platforms.time_cursor import TimeCursorRead, iso_datetime, poll_mentions
from upstander.platforms.types import Account, Interaction, Page, Post, Relation, UriScheme

API_ROOT_URL = "https://youtube.googleapis.com/"
URI_PREFIX = "youtube://"
QUOTA_REASONS = frozenset({"quotaExceeded", "dailyLimitExceeded"})
SHORT_LIMIT_REASONS = frozenset({"rateLimitExceeded", "userRateLimitExceeded"})
# The most commentThreads.list returns a call. Each call costs the same quota units however
# many it returns (10,000 units a day by default), so reads ask for the most.
PAGE_SIZE = 100
THREADS, REPLIES = "threads", "replies"  # the edges a read follows (replies ride on threads)
PACIFIC = ZoneInfo("America/Los_Angeles")
_DISCOVERY = (
    Path(googleapiclient.__file__).parent / "discovery_cache" / "documents" / "youtube.v3.json"
)


@functools.cache
def _discovery_for(root: str) -> dict[str, Any]:
    """The bundled discovery document pointed at `root`, parsed once per root: parsing took a
    third of building an adapter, and the queue builds one per account for each action. The
    client only adds the same derived entries to it each time, so adapters may share it."""
    document: dict[str, Any] = json.loads(_DISCOVERY.read_text())
    document["rootUrl"] = root
    document["baseUrl"] = root + document.get("servicePath", "")
    document["mtlsRootUrl"] = root
    return document


# The stable URI we store a YouTube comment under: its comment id.
URIS = UriScheme(URI_PREFIX)
comment_uri = URIS.uri
comment_id_of = URIS.id_of


def seconds_until_quota_reset(now: datetime | None = None) -> float:
    """YouTube resets every project's daily quota at midnight Pacific time."""
    now = (now or datetime.now(UTC)).astimezone(PACIFIC)
    midnight = (now + timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)
    return max((midnight - now).total_seconds(), 1.0)


def parse_link(url: str) -> tuple[str, str]:
    """(video id, comment id) a youtube.com comment address names (`watch?v=…&lc=…`,
    `youtu.be/…?lc=…`, `/shorts/…?lc=…`). An address without `lc` names a video, not a
    comment, and is refused."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if parts.scheme not in ("http", "https") or host not in YOUTUBE_HOSTS:
        raise errors.NotSupported(f"{url[:80]!r} is not the address of a YouTube comment.")
    query = {key: values[0] for key, values in parse_qs(parts.query).items()}
    segments = [segment for segment in parts.path.split("/") if segment]
    video = query.get("v", "")
    if host == "youtu.be" and segments:
        video = segments[0]
    elif segments[:1] == ["shorts"] and len(segments) > 1:
        video = segments[1]
    comment = query.get("lc", "")
    if not comment:
        raise errors.NotSupported(
            "This YouTube address names a video, not a comment; copy the link from the "
            "comment's time stamp instead."
        )
    if not comment.replace("-", "").replace("_", "").replace(".", "").isalnum():
        raise errors.NotSupported("This YouTube address names a comment the API cannot read.")
    return video, comment


class _BearerHttp(httplib2.Http):  # type: ignore[misc]
    """httplib2 with the channel's access token on every request (no refresh: a refused token
    is the person's to grant again)."""

    def __init__(self, token: str, **options: Any) -> None:
        super().__init__(**options)
        self._token = token

    def request(
        self, uri: str, method: str = "GET", body: Any = None, headers: Any = None, **options: Any
    ) -> Any:
        headers = dict(headers or {})
        if self._token:
            headers["authorization"] = f"Bearer {self._token}"
        return super().request(uri, method, body=body, headers=headers, **options)


class YouTubeAdapter(RetryingClient, ActionsNotOffered):
    """One YouTube channel, acting with the OAuth access token its owner granted."""

    platform = "youtube"
    display_name = "YouTube"
    capabilities = frozenset(
        {Capability.HIDE_REPLY, Capability.DELETE_COMMENT, Capability.BAN_FROM_PAGE}
    )
    refusals = {
        "block": "A YouTube channel cannot block an account; ban it through one of its comments.",
        "unblock": "YouTube's API cannot lift a ban from a channel.",
        "report": "YouTube offers no API for reporting a comment to its moderators.",
    }

    def __init__(
        self,
        *,
        access_token: str = "",
        api_key: str = "",
        channel_id: str = "",
        api_root_url: str = API_ROOT_URL,
        timeout: float = 15.0,
        retries: int = 3,
        max_wait: float = 60.0,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        errors.refuse_malformed_credential(access_token + api_key, "a YouTube access token")
        root = api_root_url.rstrip("/") + "/"
        document = _discovery_for(root)
        local = urlsplit(root).hostname in ("127.0.0.1", "localhost", "::1")
        http = _BearerHttp(access_token, timeout=timeout, **({"proxy_info": None} if local else {}))
        # An API key (no token) reads public comments only: enough to capture a reported link.
        self._service = build_from_document(document, http=http, developerKey=api_key or None)
        super().__init__(retries=retries, max_wait=max_wait, sleep=sleep)
        self._channel_id = channel_id
        self._me: Account | None = None

    def close(self) -> None:
        self._service.close()

    # -- one call ------------------------------------------------------------------------------
    def _call(self, request: Any) -> dict[str, Any]:
        """Execute one API request, retrying what may pass, classifying what may not."""
        retrying = self._retrying()
        while True:
            try:
                answer = request.execute(num_retries=0)
            except HttpError as error:
                failure = self._error(error)
            except (httplib2.HttpLib2Error, OSError) as error:  # timeouts are OSErrors
                failure = errors.TransientError(
                    f"YouTube could not be reached ({type(error).__name__})."
                )
            else:
                return answer if isinstance(answer, dict) else {}
            if isinstance(failure, errors.RateLimited) and failure.retry_after is not None:
                raise failure  # the daily quota: nothing to gain before it resets
            retrying.wait_or_raise(failure)

    def _error(self, error: HttpError) -> errors.PermanentError | errors.TransientError:
        status = int(getattr(error.resp, "status", 0) or 0)
        try:
            body = json.loads(error.content or b"{}").get("error") or {}
        except (ValueError, AttributeError):
            body = {}
        if not isinstance(body, dict):
            body = {}
        reasons = {
            str(item.get("reason", ""))
            for item in body.get("errors") or []
            if isinstance(item, dict)
        }
        reason = sorted(reasons)[0] if reasons else ""
        summary = f"HTTP {status}" + (f", {reason[:40]}" if reason else "")
        if status == 401 or "authError" in reasons:
            return errors.TokenRevoked(
                "YouTube no longer accepts the channel's access token (expired or revoked): "
                f"the channel's owner must connect it again ({summary})."
            )
        if reasons & QUOTA_REASONS:
            return errors.RateLimited(
                f"The daily YouTube API quota is spent until midnight Pacific time ({summary}).",
                retry_after=seconds_until_quota_reset(),
            )
        if status == 429 or reasons & SHORT_LIMIT_REASONS:
            return errors.RateLimited(f"YouTube asked us to slow down ({summary}).")
        if status == 404:
            return errors.NotFound(
                f"Not found on YouTube, or not visible to this channel ({summary})."
            )
        if status == 403:
            return errors.PermanentError(
                f"The channel's token may not do this on YouTube ({summary})."
            )
        if status >= 500:
            return errors.TransientError(f"YouTube is unavailable for now ({summary}).")
        return errors.PermanentError(f"YouTube refused the request ({summary}).")

    # -- accounts ------------------------------------------------------------------------------
    def _account(self, raw: dict[str, Any]) -> Account:
        snippet = raw.get("snippet") or {}
        return Account(
            platform=self.platform,
            id=str(raw.get("id", "")),
            handle=str(snippet.get("customUrl") or raw.get("id", "")),
            display_name=str(snippet.get("title", "")),
        )

    def _channel(self, **query: Any) -> Account:
        answer = self._call(self._service.channels().list(part="snippet", **query))
        items = answer.get("items") or []
        if not items:
            raise errors.NotFound("No such YouTube channel.")
        return self._account(items[0])

    def me(self) -> Account:
        """The channel the token belongs to (or the one named when connecting)."""
        if self._me is None:
            if self._channel_id:
                self._me = self._channel(id=self._channel_id)
            else:
                self._me = self._channel(mine=True)
        return self._me

    def resolve_handle(self, handle: str) -> Account:
        """A channel's `@handle` -> the channel, with its stable `UC…` id."""
        name = handle.strip()
        bare = name.lstrip("@")
        if not bare or not bare.replace(".", "").replace("_", "").replace("-", "").isalnum():
            raise errors.NotFound(f"{handle!r} is not a YouTube handle.")
        return self._channel(forHandle=f"@{bare}")

    def resolve_id(self, account_id: str) -> Account:
        if not account_id.replace("-", "").replace("_", "").isalnum():
            raise errors.NotFound(f"{account_id!r} is not a YouTube channel id.")
        return self._channel(id=account_id)

    # -- comments ------------------------------------------------------------------------------
    def _post(self, raw: dict[str, Any], video_id: str = "") -> Post:
        snippet = raw.get("snippet") or {}
        comment_id = str(raw.get("id", ""))
        video = str(snippet.get("videoId") or video_id)
        return Post(
            platform=self.platform,
            uri=comment_uri(comment_id),
            url=f"https://www.youtube.com/watch?v={video}&lc={comment_id}",
            author_id=str((snippet.get("authorChannelId") or {}).get("value", "")),
            author_handle=str(snippet.get("authorDisplayName", "")),
            text=str(snippet.get("textOriginal") or snippet.get("textDisplay") or ""),
            created_at=iso_datetime(snippet.get("publishedAt")),
            raw=raw,
        )

    def _comment(self, comment_id: str) -> Post:
        answer = self._call(
            self._service.comments().list(part="snippet", id=comment_id, textFormat="plainText")
        )
        items = answer.get("items") or []
        if not items:
            raise errors.NotFound("That YouTube comment is gone, or not visible to this channel.")
        return self._post(items[0])

    def get_post(self, uri: str) -> Post:
        return self._comment(comment_id_of(uri))

    def fetch(self, url: str) -> Post:
        video, comment_id = parse_link(url)
        return self._post(self._comment(comment_id).raw, video)

    def mentions_page(
        self, *, cursor: str | None = None, limit: int = PAGE_SIZE, max_pages: int = 100
    ) -> Page:
        """Comments (and the replies that come with their threads) on the channel's videos
        newer than `cursor`, oldest first. The cursor is the newest comment time seen with
        the ids seen at that time, so a restart neither repeats nor loses a comment.

        At most `max_pages` pages of threads are read; when more new ones wait, the cursor
        resumes where the read stopped. Without a cursor only the newest page of threads is
        read (no backfill). Threads come newest first by their top comment, so a new reply in
        a thread older than the cursor is not seen here (YouTube's API has no reply feed for a
        channel).
        """
        channel = self.me()
        read = TimeCursorRead(cursor)
        since = read.since.stamp
        found: list[Interaction] = []
        token: str | None = read.start(THREADS)
        for _ in range(1 if read.fresh else max_pages):
            query: dict[str, Any] = {
                "part": "snippet,replies",
                "allThreadsRelatedToChannelId": channel.id,
                "order": "time",
                "textFormat": "plainText",
                "maxResults": max(1, min(limit, 100)),
            }
            if token:
                query["pageToken"] = token
            answer = self._call(self._service.commentThreads().list(**query))
            older = False
            for thread in answer.get("items") or []:
                snippet = thread.get("snippet") or {}
                video = str(snippet.get("videoId", ""))
                top = snippet.get("topLevelComment") or {}
                comments = [top, *((thread.get("replies") or {}).get("comments") or [])]
                for raw in comments:
                    post = self._post(raw, video)
                    stamp = int(post.created_at.timestamp()) if post.created_at else 0
                    if raw is top:
                        if read.reached(THREADS, stamp, str(raw.get("id"))):
                            break  # a thread the stopped read had reached, replies and all
                        if since is not None and stamp < since:
                            older = True
                        new = read.wanted(THREADS, stamp, str(raw.get("id")))
                    else:
                        new = read.wanted(REPLIES, stamp, str(raw.get("id")))
                    if not new or post.author_id == channel.id:
                        continue  # read before, or the channel answering on its own videos
                    found.append(Interaction(post, channel.id, Relation.REPLY))
            token = answer.get("nextPageToken")
            if older or not token:
                break
        else:
            if token and not read.fresh:
                read.stopped(THREADS, token, newest_first=True)
        return read.page(found, id_of=comment_id_of)

    def stream_mentions(self, *, poll_seconds: float = 60.0) -> Iterator[Interaction]:
        """Polls the channel's comment threads (YouTube pushes no comment events)."""
        return poll_mentions(self.mentions_page, sleep=self._sleep, poll_seconds=poll_seconds)

    # -- acting --------------------------------------------------------------------------------
    def _moderate(self, post_id: str, status: str, *, ban_author: bool = False) -> None:
        query: dict[str, Any] = {"id": comment_id_of(post_id), "moderationStatus": status}
        if ban_author:
            query["banAuthor"] = True
        self._call(self._service.comments().setModerationStatus(**query))

    def hide_reply(self, post_id: str, *, hidden: bool = True) -> None:
        """Hold a comment for review: no one but its author sees it until it is published."""
        self._moderate(post_id, "heldForReview" if hidden else "published")

    def delete_comment(self, post_id: str) -> None:
        """Reject a comment: it is removed from the video."""
        self._moderate(post_id, "rejected")

    def ban_from_page(self, account_id: str, *, comment_id: str = "") -> None:
        """Reject one of the account's comments and ban its author from the channel: YouTube
        bans through a comment, so `comment_id` (a comment by `account_id`) is required."""
        if not comment_id:
            raise errors.NotSupported(
                "YouTube bans an author through one of their comments; name the comment."
            )
        post = self.get_post(comment_id)
        if account_id and post.author_id != account_id:
            raise errors.PermanentError("That YouTube comment is not by the account to ban.")
        self._moderate(comment_id, "rejected", ban_author=True)
