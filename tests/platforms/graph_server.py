"""The one local HTTP server that answers like Facebook's Graph API, for every test that needs
one (monitoring, blocking, evidence), in the shapes of developers.facebook.com/docs/graph-api:

- objects by id with `?fields=` (nested `from{id,name}`; asking a node for a field it lacks is
  error 100, as Graph answers), pages also by username, a page token's `/me` is the page;
- edges (`/{page}/feed`, `/{object}/comments`, `/{page}/blocked`) in the `data`/`paging`
  envelope with base64 `cursors.before/after`, and `next` only while there is more;
- writes: `POST /{comment}` `is_hidden`, `DELETE /{comment}`, `POST|DELETE /{page}/blocked`;
- errors as `{"error": {"message", "type", "code", "error_subcode", "fbtrace_id"}}`: 190 for a
  revoked token (with `WWW-Authenticate`), 100/33 for an id that does not exist, rate limits
  (4, 17, 32, 613, 80001) with the usage headers' `estimated_time_to_regain_access`;
- usage headers on every answer (`X-App-Usage`, `X-Business-Use-Case-Usage`).

A test drives it through `FacebookAdapter` (plain HTTP), never through our own fakes.
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
from urllib.parse import parse_qs, urlencode, urlsplit

from tests.platforms.read_gate import ReadGate

VERSION = "v21.0"
PAGE_ID = "104000000000001"
PAGE_TOKEN = "EAAGraphTestPageToken0123456789"
START = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)

# Which fields each node type has (asking for another is error 100, as on Graph).
NODE_FIELDS = {
    "page": {"id", "name", "username", "link"},
    "post": {"id", "message", "created_time", "updated_time", "from", "permalink_url"},
    "comment": {
        "id",
        "message",
        "created_time",
        "from",
        "permalink_url",
        "parent",
        "is_hidden",
        "can_hide",
    },
    "user": {"id", "name"},
}
RATE_LIMIT_MESSAGES = {
    4: "Application request limit reached",
    17: "User request limit reached",
    32: "Page request limit reached",
    613: "Calls to this api have exceeded the rate limit.",
    80001: "There have been too many calls to this Page account. Wait a bit and try again.",
}


def graph_time(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S+0000")


def _cursor(item_id: str) -> str:
    return base64.b64encode(item_id.encode()).decode()


def _uncursor(cursor: str) -> str:
    try:
        return base64.b64decode(cursor.encode()).decode()
    except ValueError:
        return ""


def _split_fields(spec: str) -> dict[str, str]:
    """`id,from{id,name},message` -> {"id": "", "from": "id,name", "message": ""}."""
    found: dict[str, str] = {}
    depth, start, name = 0, 0, ""
    for index, char in enumerate(spec + ","):
        if char == "{":
            if depth == 0:
                name = spec[start:index]
                start = index + 1
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0:
                found[name.strip()] = spec[start:index]
                start = index + 1
                name = ""
        elif char == "," and depth == 0:
            if spec[start:index].strip():
                found[spec[start:index].strip()] = ""
            start = index + 1
    return found


@dataclass
class RateLimit:
    code: int
    minutes: int  # estimated_time_to_regain_access
    times: int  # how many answers in a row are refused
    header: str = "X-Business-Use-Case-Usage"


@dataclass
class GraphServer:
    url: str = ""  # http://127.0.0.1:PORT
    pages: dict[str, dict[str, Any]] = field(default_factory=dict)
    tokens: dict[str, str] = field(default_factory=dict)  # token -> page id
    revoked: set[str] = field(default_factory=set)
    users: dict[str, dict[str, Any]] = field(default_factory=dict)
    posts: dict[str, dict[str, Any]] = field(default_factory=dict)  # id -> post (with "_page")
    comments: dict[str, dict[str, Any]] = field(default_factory=dict)  # id -> comment ("_post")
    blocked: set[tuple[str, str]] = field(default_factory=set)  # (page id, user id)
    rate_limits: dict[str, RateLimit] = field(default_factory=dict)  # token -> next refusals
    fail_next: int = 0  # answer 500 (code 2, "unexpected error") to the next N calls
    requests: list[tuple[str, str]] = field(default_factory=list)  # (method, path?query)
    writes: list[tuple[str, str]] = field(default_factory=list)
    calls: int = 0
    reads: ReadGate = field(default_factory=ReadGate)  # holds comment reads when asked
    clock: datetime = START
    lock: threading.Lock = field(default_factory=threading.Lock)
    _next: int = 0

    @property
    def api_url(self) -> str:
        return f"{self.url}/{VERSION}"

    def _id(self) -> str:
        self._next += 1
        return str(900_000_000 + self._next)

    def _tick(self, at: datetime | None) -> str:
        if at is None:
            self.clock += timedelta(seconds=1)
            at = self.clock
        return graph_time(at)

    # -- what a test sets up ---------------------------------------------------------------------
    def add_page(self, name: str, *, page_id: str = "", token: str = "") -> tuple[str, str]:
        """A page with a page access token; returns (page id, token)."""
        page_id = page_id or self._id()
        token = token or f"EAAG{secrets.token_hex(12)}"
        self.pages[page_id] = {
            "id": page_id,
            "name": name,
            "username": name.lower().replace(" ", ""),
            "link": f"https://www.facebook.com/{page_id}",
        }
        self.tokens[token] = page_id
        return page_id, token

    def add_user(self, name: str) -> dict[str, Any]:
        user = {"id": self._id(), "name": name}
        self.users[user["id"]] = user
        return user

    def add_post(
        self, message: str, *, page_id: str = PAGE_ID, at: datetime | None = None
    ) -> dict[str, Any]:
        number = self._id()
        post_id = f"{page_id}_{number}"
        page = self.pages[page_id]
        post = {
            "id": post_id,
            "message": message,
            "created_time": self._tick(at),
            "from": {"id": page_id, "name": page["name"]},
            "permalink_url": f"https://www.facebook.com/{page_id}/posts/{number}",
            "_page": page_id,
        }
        post["updated_time"] = post["created_time"]
        self.posts[post_id] = post
        return post

    def add_comment(
        self,
        post: dict[str, Any],
        author: dict[str, Any],
        message: str,
        *,
        parent: dict[str, Any] | None = None,
        at: datetime | None = None,
    ) -> dict[str, Any]:
        number = self._id()
        object_id = post["id"].split("_", 1)[1]
        comment_id = f"{object_id}_{number}"
        comment = {
            "id": comment_id,
            "message": message,
            "created_time": self._tick(at),
            "from": {"id": author["id"], "name": author["name"]},
            "permalink_url": f"{post['permalink_url']}?comment_id={number}",
            "is_hidden": False,
            "can_hide": True,
            "_post": post["id"],
        }
        if parent is not None:
            comment["parent"] = {"id": parent["id"]}
        self.comments[comment_id] = comment
        return comment

    def delete(self, object_id: str) -> None:
        """The author (or Facebook) removes a post or comment: it is gone from the API."""
        self.posts.pop(object_id, None)
        self.comments.pop(object_id, None)

    def rate_limit(
        self,
        token: str,
        *,
        code: int = 80001,
        minutes: int = 1,
        times: int = 1,
        header: str = "X-Business-Use-Case-Usage",
    ) -> None:
        self.rate_limits[token] = RateLimit(code=code, minutes=minutes, times=times, header=header)

    def page_comment_count(self, page_id: str = PAGE_ID) -> int:
        return sum(1 for c in self.comments.values() if self.posts[c["_post"]]["_page"] == page_id)


def _project(
    node: dict[str, Any], kind: str, spec: str, fields: dict[str, set[str]] = NODE_FIELDS
) -> dict[str, Any] | str:
    """The node with the asked-for fields (Graph's default: id and name/message), or the name
    of a field the node type lacks (`fields`: each node type's fields)."""
    wanted = _split_fields(spec) if spec else {"id": ""}
    if not spec and kind in ("page", "user"):
        wanted["name"] = ""
    elif not spec and kind in ("post", "comment"):
        wanted["message"] = ""
    answer: dict[str, Any] = {}
    for name, inner in wanted.items():
        if name not in fields[kind]:
            return name
        if name not in node:
            continue
        value = node[name]
        if inner and isinstance(value, dict) and "data" not in value:  # an edge comes as it is
            value = {key: value[key] for key in _split_fields(inner) if key in value}
        answer[name] = value
    answer.setdefault("id", node["id"])
    return answer


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"
    node_fields: dict[str, set[str]] = NODE_FIELDS  # a server for another Graph API adds its own
    # Headers and body go out as two writes: without this, Nagle holds the body back until the
    # client's delayed ACK (40 ms a request on a kept-alive connection).
    disable_nagle_algorithm = True

    def log_message(self, format: str, *args: Any) -> None:
        pass

    # -- answers ---------------------------------------------------------------------------------
    def _usage(self, page_id: str = "", limit: RateLimit | None = None) -> dict[str, str]:
        state = self.server.state
        share = min(100, state.calls)
        usage = {"call_count": share, "total_cputime": share // 2, "total_time": share // 2}
        headers = {"X-App-Usage": json.dumps(usage)}
        if page_id:
            regain = limit.minutes if limit else 0
            entry = {
                **usage,
                "type": "pages",
                "estimated_time_to_regain_access": regain,
            }
            if limit is not None:
                entry["call_count"] = 100
            if limit is not None and limit.header == "X-Page-Usage":
                headers["X-Page-Usage"] = json.dumps(
                    {**usage, "call_count": 100, "estimated_time_to_regain_access": regain}
                )
            else:
                headers["X-Business-Use-Case-Usage"] = json.dumps({page_id: [entry]})
        return headers

    def _json(self, status: int, body: Any, headers: dict[str, str] | None = None) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=UTF-8")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("facebook-api-version", VERSION)
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(data)

    def _error(
        self,
        status: int,
        code: int,
        message: str,
        *,
        kind: str = "OAuthException",
        subcode: int | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        error: dict[str, Any] = {
            "message": message,
            "type": kind,
            "code": code,
            "fbtrace_id": secrets.token_urlsafe(8),
        }
        if subcode is not None:
            error["error_subcode"] = subcode
        self._json(status, {"error": error}, headers)

    def _missing(self, object_id: str) -> None:
        self._error(
            400,
            100,
            f"Unsupported get request. Object with ID '{object_id}' does not exist, cannot be "
            "loaded due to missing permissions, or does not support this operation.",
            kind="GraphMethodException",
            subcode=33,
        )

    # -- the request -----------------------------------------------------------------------------
    def _params(self) -> dict[str, str]:
        params = {k: v[0] for k, v in parse_qs(urlsplit(self.path).query).items()}
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            raw = self.rfile.read(length).decode()
            if self.headers.get("Content-Type", "").startswith("application/json"):
                params.update({k: str(v) for k, v in json.loads(raw).items()})
            else:
                params.update({k: v[0] for k, v in parse_qs(raw).items()})
        return params

    def _page_of_token(self, params: dict[str, str]) -> str | None:
        """The token's page id; None once an error has been answered."""
        state = self.server.state
        header = self.headers.get("Authorization", "")
        token = params.get("access_token") or header.partition(" ")[2].strip()
        if not token:
            self._error(400, 104, "An access token is required to request this resource.")
            return None
        if token in state.revoked or token not in state.tokens:
            self._error(
                400,
                190,
                "Error validating access token: The session has been invalidated because the "
                "user changed their password or Facebook has changed the session for security "
                "reasons.",
                subcode=460,
                headers={
                    "WWW-Authenticate": 'OAuth "Facebook Platform" "invalid_token" '
                    '"Error validating access token"'
                },
            )
            return None
        page_id = state.tokens[token]
        limit = state.rate_limits.get(token)
        if limit is not None and limit.times > 0:
            limit.times -= 1
            self._error(
                400,
                limit.code,
                f"({'#' if limit.code < 1000 else ''}{limit.code}) "
                f"{RATE_LIMIT_MESSAGES.get(limit.code, 'Rate limited')}",
                headers=self._usage(page_id, limit),
            )
            return None
        if state.fail_next > 0:
            state.fail_next -= 1
            self._error(500, 2, "An unexpected error has occurred. Please retry your request.")
            return None
        return page_id

    def _route(self, method: str) -> None:
        state = self.server.state
        parts = urlsplit(self.path)
        params = self._params()
        with state.lock:
            state.calls += 1
            state.requests.append((method, self.path))
        segments = [s for s in parts.path.split("/") if s]
        if not segments or segments[0] != VERSION:
            return self._error(400, 2635, "Unknown or missing API version.")
        segments = segments[1:]
        page_id = self._page_of_token(params)
        if page_id is None:
            return None
        if method == "GET" and segments[-1:] == ["comments"]:
            state.reads.pass_through()
        with state.lock:
            if method != "GET":
                state.writes.append((method, self.path))
            return self._answer(method, segments, params, page_id)

    def _answer(
        self, method: str, segments: list[str], params: dict[str, str], page_id: str
    ) -> None:
        state = self.server.state
        usage = self._usage(page_id)
        node_id = "me" if segments == ["me"] else (segments[0] if segments else "")
        if node_id == "me":
            node_id = page_id
        kind, node = self._find(node_id)
        if node is None:
            return self._missing(segments[0] if segments else "")
        if len(segments) == 1:
            if method == "GET":
                projected = _project(node, kind, params.get("fields", ""), self.node_fields)
                if isinstance(projected, str):
                    return self._error(
                        400,
                        100,
                        f"(#100) Tried accessing nonexisting field ({projected}) on node type "
                        f"({kind.title()})",
                    )
                return self._json(200, projected, usage)
            if method == "POST" and kind == "comment" and "is_hidden" in params:
                if state.posts[node["_post"]]["_page"] != page_id:
                    return self._error(403, 200, "(#200) Permissions error")
                node["is_hidden"] = params["is_hidden"] == "true"
                return self._json(200, {"success": True}, usage)
            if method == "DELETE" and kind in ("comment", "post"):
                owner = state.posts[node["_post"]]["_page"] if kind == "comment" else node["_page"]
                if owner != page_id:
                    return self._error(403, 200, "(#200) Permissions error")
                state.delete(node["id"])
                return self._json(200, {"success": True}, usage)
            return self._error(400, 100, "(#100) Unsupported request.")
        edge = segments[1]
        if edge in ("feed", "posts") and kind == "page" and method == "GET":
            items = [p for p in state.posts.values() if p["_page"] == node["id"]]
            items.sort(key=lambda p: (p["created_time"], p["id"]), reverse=True)
            return self._edge(items, "post", params, f"{node['id']}/{edge}", usage)
        if edge == "comments" and kind in ("post", "comment") and method == "GET":
            if kind == "post":
                items = [c for c in state.comments.values() if c["_post"] == node["id"]]
                if params.get("filter") != "stream":  # toplevel: only comments on the post
                    items = [c for c in items if "parent" not in c]
            else:
                items = [
                    c for c in state.comments.values() if c.get("parent", {}).get("id") == node_id
                ]
            reverse = params.get("order") == "reverse_chronological"
            items.sort(key=lambda c: (c["created_time"], c["id"]), reverse=reverse)
            return self._edge(items, "comment", params, f"{node_id}/comments", usage)
        if edge == "blocked" and kind == "page":
            if node["id"] != page_id:
                return self._error(403, 200, "(#200) Permissions error")
            if method == "POST":
                wanted = [u.strip() for u in params.get("user", "").strip("[]").split(",") if u]
                answer = {}
                for user in wanted:
                    answer[user] = user in state.users
                    if user in state.users:
                        state.blocked.add((page_id, user))
                return self._json(200, answer, usage)
            if method == "DELETE":
                state.blocked.discard((page_id, params.get("user", "")))
                return self._json(200, {"success": True}, usage)
            items = [state.users[u] for p, u in sorted(state.blocked) if p == page_id]
            return self._edge(items, "user", params, f"{page_id}/blocked", usage)
        return self._error(400, 100, f"(#100) Unknown edge {edge} on this node.")

    def _find(self, node_id: str) -> tuple[str, dict[str, Any] | None]:
        state = self.server.state
        if node_id in state.pages:
            return "page", state.pages[node_id]
        for page in state.pages.values():
            if page["username"] == node_id:
                return "page", page
        if node_id in state.posts:
            return "post", state.posts[node_id]
        if node_id in state.comments:
            return "comment", state.comments[node_id]
        if node_id in state.users:
            return "user", state.users[node_id]
        return "", None

    def _edge(
        self,
        items: list[dict[str, Any]],
        kind: str,
        params: dict[str, str],
        path: str,
        headers: dict[str, str],
    ) -> None:
        limit = min(int(params.get("limit", "25")), 100)
        start = 0
        if "after" in params:
            after = _uncursor(params["after"])
            ids = [item["id"] for item in items]
            start = ids.index(after) + 1 if after in ids else len(items)
        chunk = items[start : start + limit]
        data = []
        for item in chunk:
            projected = _project(item, kind, params.get("fields", ""), self.node_fields)
            if isinstance(projected, str):
                return self._error(
                    400,
                    100,
                    f"(#100) Tried accessing nonexisting field ({projected}) on node type "
                    f"({kind.title()})",
                )
            data.append(projected)
        body: dict[str, Any] = {"data": data}
        if chunk:
            paging: dict[str, Any] = {
                "cursors": {"before": _cursor(chunk[0]["id"]), "after": _cursor(chunk[-1]["id"])}
            }
            if start + limit < len(items):
                query = {k: v for k, v in params.items() if k != "access_token"}
                query["after"] = paging["cursors"]["after"]
                paging["next"] = f"{self.server.state.api_url}/{path}?{urlencode(query)}"
            body["paging"] = paging
        return self._json(200, body, headers)

    def do_GET(self) -> None:
        # The client may have been killed while its read was held.
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self._route("GET")

    def do_POST(self) -> None:
        self._route("POST")

    def do_DELETE(self) -> None:
        self._route("DELETE")


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, state: GraphServer, handler: type[_Handler] = _Handler) -> None:
        super().__init__(("127.0.0.1", 0), handler)
        self.state = state


def serve(state: GraphServer, handler: type[_Handler] = _Handler) -> _Server:
    """Answer for `state` on a free local port, in a background thread."""
    server = _Server(state, handler)
    state.url = f"http://127.0.0.1:{server.server_address[1]}"
    threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    ).start()
    return server


def start() -> tuple[GraphServer, _Server]:
    state = GraphServer()
    state.add_page("Cllr Priya Patel", page_id=PAGE_ID, token=PAGE_TOKEN)
    return state, serve(state)


@contextmanager
def stopped_after(server: _Server) -> Iterator[None]:
    try:
        yield
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def running() -> Iterator[GraphServer]:
    """A server for one test: its state (`url`, `api_url`), stopped afterwards."""
    state, server = start()
    with stopped_after(server):
        yield state
