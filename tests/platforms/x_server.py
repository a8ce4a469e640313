"""A local X API v2 server: real loopback HTTP answering with the documented shapes
(docs.x.com/x-api), for every test that needs X (monitoring, blocking, evidence).

- users: `GET /2/users/me` (user tokens only, as X refuses an app-only token there),
  `/2/users/by/username/:username`, `/2/users/:id`, with `user.fields`;
- posts: `GET /2/tweets/:id` and `GET /2/users/:id/mentions` (`since_id`, `until_id`,
  `max_results` 5-100, `pagination_token`, `expansions=author_id`, `tweet.fields`), in the
  `data`/`includes`/`meta`
  envelope (`result_count`, `newest_id`, `oldest_id`, `next_token` only while there is more);
  newest first, ids that grow with time as X's do;
- writes: `POST /2/users/:id/muting` `{"target_user_id"}`, `DELETE /2/users/:id/muting/:target`,
  `PUT /2/tweets/:id/hidden` `{"hidden"}` (only in a conversation the token's user started);
- errors as X gives them: problems `{"title", "detail", "type", "status"}` for 401, 403, 429 and
  5xx; a post or user that does not exist is a 200 with `errors` and no `data`;
- rate-limit headers on every answer (`x-rate-limit-limit`, `-remaining`, `-reset` in epoch
  seconds); `rate_limited` answers that many requests with 429, resetting `reset_in` seconds
  after `now()`.

A test drives it through `XAdapter` (tweepy), never through our own fakes.
"""

from __future__ import annotations

import base64
import json
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

USER_ID = "1500000000000000001"
USERNAME = "CllrPriyaPatel"
USER_TOKEN = "x-local-user-token-0123456789"
APP_TOKEN = "AAAAx-local-app-bearer-token"  # app-only: reads public posts, acts for nobody
START = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
FIRST_TWEET_ID = 1_860_000_000_000_000_000
PROBLEMS = "https://api.twitter.com/2/problems/"
RATE_LIMIT = 75  # requests per 15 minutes, as X's mentions timeline allows a user


def x_time(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z")


def _token(tweet_id: str) -> str:
    return base64.b32encode(f"before:{tweet_id}".encode()).decode().rstrip("=").lower()


def _untoken(token: str) -> int | None:
    try:
        raw = base64.b32decode(token.upper() + "=" * (-len(token) % 8)).decode()
        return int(raw.removeprefix("before:"))
    except ValueError:
        return None


@dataclass
class XServer:
    url: str = ""
    lock: threading.Lock = field(default_factory=threading.Lock)
    users: dict[str, dict[str, Any]] = field(default_factory=dict)
    tweets: dict[str, dict[str, Any]] = field(default_factory=dict)
    tokens: dict[str, str] = field(default_factory=dict)  # user token -> user id
    app_tokens: set[str] = field(default_factory=set)
    revoked: set[str] = field(default_factory=set)
    muting: set[tuple[str, str]] = field(default_factory=set)  # (user id, muted id)
    rate_limited: int = 0
    reset_in: int = 30
    fail_next: int = 0
    # path -> a body answered (200) in its place: what a server that is not quite X sends
    answer_instead: dict[str, Any] = field(default_factory=dict)
    now: Callable[[], float] = time.time
    requests: list[tuple[str, str]] = field(default_factory=list)
    writes: list[tuple[str, str, dict[str, Any]]] = field(default_factory=list)
    _next_id: int = FIRST_TWEET_ID

    @property
    def api_url(self) -> str:
        return self.url

    def add_user(self, name: str, *, username: str = "", user_id: str = "") -> dict[str, Any]:
        self._next_id += 1
        user_id = user_id or str(self._next_id)
        username = username or "".join(ch for ch in name if ch.isalnum())[:15]
        user = {"id": user_id, "name": name, "username": username}
        self.users[user_id] = user
        return user

    def add_tweet(
        self,
        author: dict[str, Any],
        text: str,
        *,
        reply_to: dict[str, Any] | None = None,
        mentions: list[str] | None = None,
        at: datetime | None = None,
    ) -> dict[str, Any]:
        """A post by `author`; a reply mentions the author of what it answers, as on X."""
        self._next_id += 1_000_000  # ids grow with time, with gaps, as X's do
        tweet_id = str(self._next_id)
        mentioned = list(mentions or [])
        if reply_to is not None and reply_to["author_id"] not in mentioned:
            mentioned.insert(0, reply_to["author_id"])
        tweet = {
            "id": tweet_id,
            "text": text,
            "author_id": author["id"],
            "created_at": at or START + timedelta(seconds=len(self.tweets) + 1),
            "conversation_id": reply_to["conversation_id"] if reply_to else tweet_id,
            "in_reply_to_user_id": reply_to["author_id"] if reply_to else "",
            "mentions": mentioned,
            "hidden": False,
        }
        self.tweets[tweet_id] = tweet
        return tweet

    def delete(self, tweet_id: str) -> None:
        self.tweets.pop(tweet_id, None)

    def link(self, tweet: dict[str, Any]) -> str:
        return f"https://x.com/{self.users[tweet['author_id']]['username']}/status/{tweet['id']}"

    # -- resources as X shows them -------------------------------------------------------------
    def user_resource(self, user: dict[str, Any], fields: set[str]) -> dict[str, Any]:
        shown = {"id": user["id"], "name": user["name"], "username": user["username"]}
        if "created_at" in fields:
            shown["created_at"] = "2020-01-01T00:00:00.000Z"
        return shown

    def tweet_resource(self, tweet: dict[str, Any], fields: set[str]) -> dict[str, Any]:
        shown: dict[str, Any] = {
            "id": tweet["id"],
            "text": tweet["text"],
            "edit_history_tweet_ids": [tweet["id"]],
        }
        if "author_id" in fields:
            shown["author_id"] = tweet["author_id"]
        if "created_at" in fields:
            shown["created_at"] = x_time(tweet["created_at"])
        if "conversation_id" in fields:
            shown["conversation_id"] = tweet["conversation_id"]
        if "in_reply_to_user_id" in fields and tweet["in_reply_to_user_id"]:
            shown["in_reply_to_user_id"] = tweet["in_reply_to_user_id"]
        return shown


def _not_found(resource: str, parameter: str, value: str) -> dict[str, Any]:
    return {
        "value": value,
        "detail": f"Could not find {resource} with {parameter}: [{value}].",
        "title": "Not Found Error",
        "resource_type": resource,
        "parameter": parameter,
        "resource_id": value,
        "type": PROBLEMS + "resource-not-found",
    }


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def log_message(self, format: str, *args: object) -> None:
        pass

    def _json(
        self, status: int, body: dict[str, Any], headers: dict[str, str] | None = None
    ) -> None:
        data = json.dumps(body).encode()
        state = self.server.state
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        limits = {
            "x-rate-limit-limit": str(RATE_LIMIT),
            "x-rate-limit-remaining": str(RATE_LIMIT - 1),
            "x-rate-limit-reset": str(int(state.now()) + 900),
            **(headers or {}),
        }
        for name, value in limits.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def _problem(self, status: int, title: str, detail: str, kind: str = "about:blank") -> None:
        body = {"title": title, "detail": detail, "type": kind, "status": status}
        headers = {}
        if status == 429:
            headers = {
                "x-rate-limit-remaining": "0",
                "x-rate-limit-reset": str(
                    int(self.server.state.now()) + self.server.state.reset_in
                ),
            }
        self._json(status, body, headers)

    def _caller(self) -> tuple[str, bool] | None:
        """(the token's user id, or "" for an app token; whether it may act); None once an
        error has been answered."""
        state = self.server.state
        token = self.headers.get("Authorization", "").partition(" ")[2].strip()
        if token in state.revoked or (token not in state.tokens and token not in state.app_tokens):
            self._problem(401, "Unauthorized", "Unauthorized")
            return None
        if state.rate_limited > 0:
            state.rate_limited -= 1
            self._problem(429, "Too Many Requests", "Too Many Requests")
            return None
        if state.fail_next > 0:
            state.fail_next -= 1
            self._problem(503, "Service Unavailable", "Service Unavailable")
            return None
        return state.tokens.get(token, ""), token in state.tokens

    def _route(self, method: str) -> None:
        state = self.server.state
        parts = urlsplit(self.path)
        params = {k: v[0] for k, v in parse_qs(parts.query).items()}
        length = int(self.headers.get("Content-Length") or 0)
        payload: dict[str, Any] = json.loads(self.rfile.read(length) or b"{}") if length else {}
        with state.lock:
            state.requests.append((method, self.path))
        caller = self._caller()
        if caller is None:
            return None
        user_id, is_user = caller
        if parts.path in state.answer_instead:
            return self._json(200, state.answer_instead[parts.path])
        segments = [s for s in parts.path.split("/") if s]
        with state.lock:
            if method != "GET":
                state.writes.append((method, parts.path, payload))
                if not is_user:
                    return self._problem(
                        403,
                        "Unsupported Authentication",
                        "Authenticating with OAuth 2.0 Application-Only is forbidden for this "
                        "endpoint.  Supported authentication types are [OAuth 1.0a User "
                        "Context, OAuth 2.0 User Context].",
                        PROBLEMS + "unsupported-authentication",
                    )
            return self._answer(method, segments, params, payload, user_id)

    def _answer(
        self,
        method: str,
        path: list[str],
        params: dict[str, str],
        payload: dict[str, Any],
        caller: str,
    ) -> None:
        state = self.server.state
        user_fields = set(params.get("user.fields", "").split(","))
        tweet_fields = set(params.get("tweet.fields", "").split(","))
        expand = "author_id" in params.get("expansions", "").split(",")
        if path[:1] != ["2"]:
            return self._problem(404, "Not Found Error", "Not found")
        path = path[1:]
        if method == "GET" and path == ["users", "me"]:
            if not caller:
                return self._problem(
                    403,
                    "Unsupported Authentication",
                    "Authenticating with OAuth 2.0 Application-Only is forbidden for this "
                    "endpoint.",
                    PROBLEMS + "unsupported-authentication",
                )
            return self._json(200, {"data": state.user_resource(state.users[caller], user_fields)})
        if method == "GET" and path[:3] == ["users", "by", "username"] and len(path) == 4:
            wanted = path[3].lower()
            found = [u for u in state.users.values() if u["username"].lower() == wanted]
            if not found:
                return self._json(200, {"errors": [_not_found("user", "username", path[3])]})
            return self._json(200, {"data": state.user_resource(found[0], user_fields)})
        if method == "GET" and path[:1] == ["users"] and len(path) == 2:
            user = state.users.get(path[1])
            if user is None:
                return self._json(200, {"errors": [_not_found("user", "id", path[1])]})
            return self._json(200, {"data": state.user_resource(user, user_fields)})
        if method == "GET" and path[:1] == ["users"] and path[2:] == ["mentions"]:
            return self._mentions(path[1], params, tweet_fields, user_fields, expand)
        if method == "GET" and path[:1] == ["tweets"] and len(path) == 2:
            tweet = state.tweets.get(path[1])
            if tweet is None:
                return self._json(200, {"errors": [_not_found("tweet", "id", path[1])]})
            body: dict[str, Any] = {"data": state.tweet_resource(tweet, tweet_fields)}
            if expand:
                author = state.users[tweet["author_id"]]
                body["includes"] = {"users": [state.user_resource(author, user_fields)]}
            return self._json(200, body)
        if method == "POST" and path[:1] == ["users"] and path[2:] == ["muting"]:
            if path[1] != caller:
                return self._problem(
                    403, "Forbidden", "You are not permitted to mute on behalf of this user."
                )
            target = str(payload.get("target_user_id", ""))
            if target not in state.users:
                return self._problem(
                    400,
                    "Invalid Request",
                    "One or more parameters to your request was invalid.",
                    PROBLEMS + "invalid-request",
                )
            state.muting.add((caller, target))
            return self._json(200, {"data": {"muting": True}})
        if method == "DELETE" and path[:1] == ["users"] and path[2:3] == ["muting"]:
            if path[1] != caller:
                return self._problem(403, "Forbidden", "Forbidden")
            state.muting.discard((caller, path[3]))
            return self._json(200, {"data": {"muting": False}})
        if method == "PUT" and path[:1] == ["tweets"] and path[2:] == ["hidden"]:
            tweet = state.tweets.get(path[1])
            if tweet is None:
                return self._problem(
                    404, "Not Found Error", "Could not find tweet.", PROBLEMS + "resource-not-found"
                )
            root = state.tweets.get(tweet["conversation_id"])
            if root is None or root["author_id"] != caller or tweet["id"] == root["id"]:
                return self._problem(
                    403,
                    "Forbidden",
                    "You attempted to hide a reply to a conversation you did not start.",
                )
            tweet["hidden"] = bool(payload.get("hidden"))
            return self._json(200, {"data": {"hidden": tweet["hidden"]}})
        return self._problem(404, "Not Found Error", "Not found")

    def _mentions(
        self,
        user_id: str,
        params: dict[str, str],
        tweet_fields: set[str],
        user_fields: set[str],
        expand: bool,
    ) -> None:
        state = self.server.state
        size = int(params.get("max_results", "10"))
        if not 5 <= size <= 100:
            return self._json(
                400,
                {
                    "errors": [
                        {
                            "parameters": {"max_results": [str(size)]},
                            "message": f"The `max_results` query parameter value [{size}] is "
                            "not between 5 and 100",
                        }
                    ],
                    "title": "Invalid Request",
                    "detail": "One or more parameters to your request was invalid.",
                    "type": PROBLEMS + "invalid-request",
                },
            )
        found = [t for t in state.tweets.values() if user_id in t["mentions"]]
        since = params.get("since_id", "")
        if since:
            found = [t for t in found if int(t["id"]) > int(since)]
        until = params.get("until_id", "")
        if until:
            found = [t for t in found if int(t["id"]) < int(until)]
        if "pagination_token" in params:
            before = _untoken(params["pagination_token"])
            if before is None:
                return self._json(
                    400,
                    {
                        "title": "Invalid Request",
                        "detail": "The `pagination_token` query parameter value is invalid.",
                        "type": PROBLEMS + "invalid-request",
                    },
                )
            found = [t for t in found if int(t["id"]) < before]
        found.sort(key=lambda t: int(t["id"]), reverse=True)
        chunk = found[:size]
        if not chunk:
            return self._json(200, {"meta": {"result_count": 0}})
        body: dict[str, Any] = {
            "data": [state.tweet_resource(t, tweet_fields) for t in chunk],
            "meta": {
                "result_count": len(chunk),
                "newest_id": chunk[0]["id"],
                "oldest_id": chunk[-1]["id"],
            },
        }
        if len(found) > size:
            body["meta"]["next_token"] = _token(chunk[-1]["id"])
        if expand:
            authors = {t["author_id"] for t in chunk}
            body["includes"] = {
                "users": [state.user_resource(state.users[a], user_fields) for a in sorted(authors)]
            }
        return self._json(200, body)

    def do_GET(self) -> None:
        self._route("GET")

    def do_POST(self) -> None:
        self._route("POST")

    def do_PUT(self) -> None:
        self._route("PUT")

    def do_DELETE(self) -> None:
        self._route("DELETE")


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, state: XServer) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.state = state


@contextmanager
def running() -> Iterator[XServer]:
    """A server for one test: its state (`url`, `api_url`), stopped afterwards. One account
    (`USER_ID`, @`USERNAME`) whose user access token is `USER_TOKEN`; `APP_TOKEN` is the party
    app's bearer token."""
    state = XServer()
    server = _Server(state)
    state.url = f"http://127.0.0.1:{server.server_address[1]}"
    state.add_user("Cllr Priya Patel", username=USERNAME, user_id=USER_ID)
    state.tokens[USER_TOKEN] = USER_ID
    state.app_tokens.add(APP_TOKEN)
    threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    ).start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
