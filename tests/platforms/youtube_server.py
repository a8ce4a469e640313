"""A local YouTube Data API v3 server: real loopback HTTP answering with the documented shapes.

Resources (`youtube#channel`, `youtube#comment`, `youtube#commentThread`) and list responses
(`kind`, `etag`, `items`, `nextPageToken`, `pageInfo`) as in
https://developers.google.com/youtube/v3/docs; errors as Google's
`{"error": {"code", "message", "errors": [{"message", "domain", "reason"}], "status"}}`.

Serves `channels.list` (`id`, `mine`, `forHandle`), `commentThreads.list`
(`allThreadsRelatedToChannelId`, `order=time`, `maxResults`, `pageToken`), `comments.list`
(`id`) and `comments.setModerationStatus` (`heldForReview`, `published`, `rejected`,
`banAuthor`). Tokens can be revoked, the daily quota spent, a short rate limit or 5xx
answered a number of times.
"""

from __future__ import annotations

import base64
import contextlib
import json
import secrets
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from tests.platforms.read_gate import ReadGate

CHANNEL_ID = "UCpriyapatel0000000000000"
CHANNEL_TOKEN = "ya29.local-channel-token"
START = datetime(2026, 11, 25, 9, 0, 0, tzinfo=UTC)
PREFIX = "/youtube/v3/"


def _stamp(when: datetime) -> str:
    return when.strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass
class YouTubeServer:
    url: str = ""
    lock: threading.Lock = field(default_factory=threading.Lock)
    channels: dict[str, dict[str, Any]] = field(default_factory=dict)
    videos: dict[str, str] = field(default_factory=dict)  # video id -> channel id
    comments: dict[str, dict[str, Any]] = field(default_factory=dict)
    tokens: dict[str, str] = field(default_factory=dict)  # token -> channel id
    revoked: set[str] = field(default_factory=set)
    api_keys: set[str] = field(default_factory=set)  # keys that may read public comments
    banned: set[tuple[str, str]] = field(default_factory=set)  # (channel id, author id)
    quota_spent: bool = False
    rate_limited: int = 0  # answer this many requests with 403 rateLimitExceeded
    fail_next: int = 0  # answer this many requests with 503
    requests: list[tuple[str, str]] = field(default_factory=list)
    writes: list[tuple[str, str]] = field(default_factory=list)
    reads: ReadGate = field(default_factory=ReadGate)  # holds comment reads when asked
    _clock: int = 0

    @property
    def api_url(self) -> str:
        return self.url + "/"

    def add_channel(self, title: str, *, handle: str = "", channel_id: str = "") -> str:
        channel_id = channel_id or "UC" + secrets.token_hex(11)
        handle = handle or "@" + "".join(ch for ch in title.lower() if ch.isalnum())
        self.channels[channel_id] = {"id": channel_id, "title": title, "handle": handle}
        return channel_id

    def add_video(self, channel_id: str = CHANNEL_ID) -> str:
        video_id = secrets.token_urlsafe(8)[:11]
        self.videos[video_id] = channel_id
        return video_id

    def add_comment(
        self,
        video_id: str,
        author_id: str,
        text: str,
        *,
        parent: dict[str, Any] | None = None,
        at: datetime | None = None,
    ) -> dict[str, Any]:
        self._clock += 1
        when = at or START + timedelta(seconds=self._clock)
        comment_id = "Ug" + secrets.token_urlsafe(16).replace("-", "x").replace("_", "y")
        if parent is not None:
            comment_id = f"{parent['id']}.{secrets.token_hex(6)}"
        comment = {
            "id": comment_id,
            "video": video_id,
            "author": author_id,
            "text": text,
            "published": when,
            "parent": parent["id"] if parent else "",
            "status": "published",
        }
        self.comments[comment_id] = comment
        return comment

    def delete(self, comment_id: str) -> None:
        self.comments.pop(comment_id, None)

    # -- resources as YouTube shows them ----------------------------------------------------------
    def channel_resource(self, channel: dict[str, Any]) -> dict[str, Any]:
        return {
            "kind": "youtube#channel",
            "etag": secrets.token_urlsafe(8),
            "id": channel["id"],
            "snippet": {
                "title": channel["title"],
                "description": "",
                "customUrl": channel["handle"].lower(),
                "publishedAt": "2020-01-01T00:00:00Z",
            },
        }

    def comment_resource(self, comment: dict[str, Any]) -> dict[str, Any]:
        author = self.channels.get(comment["author"], {"title": "", "handle": ""})
        snippet: dict[str, Any] = {
            "channelId": self.videos[comment["video"]],
            "videoId": comment["video"],
            "textDisplay": comment["text"],
            "textOriginal": comment["text"],
            "authorDisplayName": author["handle"],
            "authorProfileImageUrl": "https://yt3.ggpht.com/a/default-user",
            "authorChannelUrl": f"http://www.youtube.com/{author['handle']}",
            "authorChannelId": {"value": comment["author"]},
            "canRate": True,
            "viewerRating": "none",
            "likeCount": 0,
            "publishedAt": _stamp(comment["published"]),
            "updatedAt": _stamp(comment["published"]),
        }
        if comment["parent"]:
            snippet["parentId"] = comment["parent"]
        return {
            "kind": "youtube#comment",
            "etag": secrets.token_urlsafe(8),
            "id": comment["id"],
            "snippet": snippet,
        }


def _page_token(offset: int) -> str:
    return base64.urlsafe_b64encode(f"o:{offset}".encode()).decode().rstrip("=")


def _offset(token: str) -> int | None:
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode()
        return int(raw.removeprefix("o:"))
    except ValueError:
        return None


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    disable_nagle_algorithm = True  # headers and body are two writes: no 40 ms delayed-ACK wait

    def log_message(self, format: str, *args: object) -> None:
        pass

    def _json(self, status: int, body: dict[str, Any] | None) -> None:
        data = json.dumps(body).encode() if body is not None else b""
        self.send_response(status)
        if body is not None:
            self.send_header("Content-Type", "application/json; charset=UTF-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _error(self, code: int, reason: str, message: str, *, domain: str = "youtube") -> None:
        status = {
            400: "INVALID_ARGUMENT",
            401: "UNAUTHENTICATED",
            403: "PERMISSION_DENIED",
            404: "NOT_FOUND",
            503: "UNAVAILABLE",
        }.get(code, "UNKNOWN")
        self._json(
            code,
            {
                "error": {
                    "code": code,
                    "message": message,
                    "errors": [{"message": message, "domain": domain, "reason": reason}],
                    "status": status,
                }
            },
        )

    def _channel_of_token(self, params: dict[str, str]) -> str | None:
        """The token's channel ("" for an API key, which reads public data only); None once an
        error has been answered."""
        state = self.server.state
        token = self.headers.get("Authorization", "").partition(" ")[2].strip()
        keyed = not token and params.get("key", "") in state.api_keys
        if not keyed and (not token or token in state.revoked or token not in state.tokens):
            self._error(
                401,
                "authError",
                "Request had invalid authentication credentials. Expected OAuth 2 access "
                "token, login cookie or other valid authentication credential.",
                domain="global",
            )
            return None
        if state.quota_spent:
            self._error(
                403,
                "quotaExceeded",
                'The request cannot be completed because you have exceeded your <a href="/'
                'youtube/v3/getting-started#quota">quota</a>.',
                domain="youtube.quota",
            )
            return None
        if state.rate_limited > 0:
            state.rate_limited -= 1
            self._error(403, "rateLimitExceeded", "Rate Limit Exceeded", domain="usageLimits")
            return None
        if state.fail_next > 0:
            state.fail_next -= 1
            self._error(503, "backendError", "Backend Error", domain="global")
            return None
        return "" if keyed else state.tokens[token]

    def _route(self, method: str) -> None:
        state = self.server.state
        parts = urlsplit(self.path)
        params = {k: v[0] for k, v in parse_qs(parts.query).items()}
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(length)
        with state.lock:
            state.requests.append((method, self.path))
        if not parts.path.startswith(PREFIX):
            return self._error(404, "notFound", "Not Found", domain="global")
        channel_id = self._channel_of_token(params)
        if channel_id is None:
            return None
        if method == "GET" and parts.path.endswith("/commentThreads"):
            state.reads.pass_through()
        with state.lock:
            if method != "GET":
                state.writes.append((method, self.path))
            return self._answer(method, parts.path.removeprefix(PREFIX), params, channel_id)

    def _answer(self, method: str, path: str, params: dict[str, str], channel_id: str) -> None:
        state = self.server.state
        if method != "GET" and not channel_id:
            return self._error(401, "authError", "Login Required.", domain="global")
        if method == "GET" and path == "channels":
            if params.get("mine") == "true":
                if not channel_id:
                    return self._error(401, "authError", "Login Required.", domain="global")
                found = [state.channels[channel_id]]
            elif "forHandle" in params:
                wanted = "@" + params["forHandle"].lstrip("@").lower()
                found = [c for c in state.channels.values() if c["handle"].lower() == wanted]
            elif "id" in params:
                ids = params["id"].split(",")
                found = [state.channels[i] for i in ids if i in state.channels]
            else:
                return self._error(400, "missingRequiredParameter", "No filter selected.")
            items = [state.channel_resource(c) for c in found]
            return self._list("youtube#channelListResponse", items, None, len(items))
        if method == "GET" and path == "comments":
            ids = params.get("id", "").split(",")
            items = [state.comment_resource(state.comments[i]) for i in ids if i in state.comments]
            return self._list("youtube#commentListResponse", items, None, len(items))
        if method == "GET" and path == "commentThreads":
            owner = params.get("allThreadsRelatedToChannelId", "")
            if owner not in state.channels:
                return self._error(404, "channelNotFound", "The channel could not be found.")
            wanted = params.get("moderationStatus", "published")
            threads = [
                c
                for c in state.comments.values()
                if not c["parent"] and state.videos[c["video"]] == owner and c["status"] == wanted
            ]
            threads.sort(key=lambda c: (c["published"], c["id"]), reverse=True)
            size = min(int(params.get("maxResults", "20")), 100)
            start = 0
            if "pageToken" in params:
                offset = _offset(params["pageToken"])
                if offset is None:
                    return self._error(400, "invalidPageToken", "The page token is invalid.")
                start = offset
            chunk = threads[start : start + size]
            # Replies grouped once per answer, not searched for once per thread.
            replies: dict[str, list[dict[str, Any]]] = {}
            for c in state.comments.values():
                if c["parent"] and c["status"] == "published":
                    replies.setdefault(c["parent"], []).append(c)
            items = [self._thread(c, replies.get(c["id"], [])) for c in chunk]
            more = _page_token(start + size) if start + size < len(threads) else None
            return self._list("youtube#commentThreadListResponse", items, more, len(threads))
        if method == "POST" and path == "comments/setModerationStatus":
            status = params.get("moderationStatus", "")
            if status not in ("heldForReview", "published", "rejected"):
                return self._error(400, "invalidModerationStatus", "Invalid moderation status.")
            ban = params.get("banAuthor") == "true"
            if ban and status != "rejected":
                return self._error(400, "banWithoutReject", "banAuthor needs rejected.")
            for comment_id in params.get("id", "").split(","):
                comment = state.comments.get(comment_id)
                if comment is None:
                    return self._error(404, "commentNotFound", "The comment could not be found.")
                if state.videos[comment["video"]] != channel_id:
                    return self._error(
                        403, "forbidden", "The comment could not be moderated by this channel."
                    )
                comment["status"] = status
                if ban:
                    state.banned.add((channel_id, comment["author"]))
            return self._json(204, None)
        return self._error(404, "notFound", "Not Found", domain="global")

    def _thread(self, top: dict[str, Any], replies: list[dict[str, Any]]) -> dict[str, Any]:
        state = self.server.state
        replies = sorted(replies, key=lambda c: (c["published"], c["id"]))
        thread: dict[str, Any] = {
            "kind": "youtube#commentThread",
            "etag": secrets.token_urlsafe(8),
            "id": top["id"],
            "snippet": {
                "channelId": state.videos[top["video"]],
                "videoId": top["video"],
                "topLevelComment": state.comment_resource(top),
                "canReply": True,
                "totalReplyCount": len(replies),
                "isPublic": True,
            },
        }
        if replies:
            thread["replies"] = {"comments": [state.comment_resource(c) for c in replies[:5]]}
        return thread

    def _list(
        self, kind: str, items: list[dict[str, Any]], next_token: str | None, total: int
    ) -> None:
        body: dict[str, Any] = {
            "kind": kind,
            "etag": secrets.token_urlsafe(8),
            "pageInfo": {"totalResults": total, "resultsPerPage": len(items)},
            "items": items,
        }
        if next_token:
            body["nextPageToken"] = next_token
        self._json(200, body)

    def do_GET(self) -> None:
        # The client may have been killed while its read was held.
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self._route("GET")

    def do_POST(self) -> None:
        self._route("POST")


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, state: YouTubeServer) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.state = state


@contextmanager
def running() -> Iterator[YouTubeServer]:
    """A server for one test: its state (`url`, `api_url`), stopped afterwards. One channel
    (`CHANNEL_ID`) whose access token is `CHANNEL_TOKEN`."""
    state = YouTubeServer()
    server = _Server(state)
    state.url = f"http://127.0.0.1:{server.server_address[1]}"
    state.add_channel("Cllr Priya Patel", handle="@cllrpriyapatel", channel_id=CHANNEL_ID)
    state.tokens[CHANNEL_TOKEN] = CHANNEL_ID
    threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    ).start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
