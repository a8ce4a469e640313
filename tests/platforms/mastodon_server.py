"""The one local HTTP server that answers like a Mastodon server, for every test that needs one
(the shapes of docs.joinmastodon.org: Account, Status, Notification, Relationship, Report,
Instance v1, the user stream as server-sent events).

It serves what the monitor reads (mentions, notifications, the stream) and what blocking writes
(blocks, mutes, reports, per token, each write counted), and can be told to answer 503, 429 (rate
limited) or 401 (a revoked token), or any body in place of one path's answer (a server that is
not quite Mastodon). Tests drive it through Mastodon.py, never our own fakes.
`python -m tests.platforms.mastodon_server --users N --remote M` serves it on its own (the
blocking benchmark).
"""

from __future__ import annotations

import json
import queue
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

TOKEN = "mastodon-test-token-0123456789"


def _now() -> str:
    return datetime.now(tz=UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def account(
    server: MastodonServer, account_id: str, username: str, *, remote: str = ""
) -> dict[str, Any]:
    base = f"https://{remote}" if remote else server.url
    return {
        "id": account_id,
        "username": username,
        "acct": f"{username}@{remote}" if remote else username,
        "display_name": username.title(),
        "locked": False,
        "bot": False,
        "discoverable": True,
        "group": False,
        "created_at": "2023-01-01T00:00:00.000Z",
        "note": "<p></p>",
        "url": f"{base}/@{username}",
        "uri": f"{base}/users/{username}",
        "avatar": f"{server.url}/avatars/original/missing.png",
        "avatar_static": f"{server.url}/avatars/original/missing.png",
        "header": f"{server.url}/headers/original/missing.png",
        "header_static": f"{server.url}/headers/original/missing.png",
        "followers_count": 10,
        "following_count": 5,
        "statuses_count": 3,
        "last_status_at": "2026-11-25",
        "emojis": [],
        "fields": [],
    }


@dataclass
class MastodonServer:
    url: str = ""
    accounts: dict[str, dict[str, Any]] = field(default_factory=dict)
    statuses: dict[str, dict[str, Any]] = field(default_factory=dict)
    notifications: list[dict[str, Any]] = field(default_factory=list)
    me_id: str = "1"
    requests: list[str] = field(default_factory=list)
    streams: list[queue.Queue[dict[str, Any] | None]] = field(default_factory=list)
    fail_next: int = 0  # answer 503 to the next N API calls
    # path -> a body answered (200) in its place: what a server that is not quite Mastodon sends
    answer_instead: dict[str, Any] = field(default_factory=dict)
    tokens: dict[str, str] = field(default_factory=dict)  # token -> account id
    revoked: set[str] = field(default_factory=set)
    throttle: dict[str, int] = field(default_factory=dict)  # token -> next N answers are 429
    blocks: set[tuple[str, str]] = field(default_factory=set)
    mutes: set[tuple[str, str]] = field(default_factory=set)
    reports: list[dict[str, Any]] = field(default_factory=list)
    writes: list[tuple[str, str, str]] = field(default_factory=list)  # token, method, path
    lock: threading.Lock = field(default_factory=threading.Lock)
    _next_id: int = 100

    @property
    def domain(self) -> str:
        return urlsplit(self.url).netloc

    def next_id(self) -> str:
        self._next_id += 1
        return str(self._next_id)

    def add_account(self, username: str, *, remote: str = "") -> dict[str, Any]:
        with self.lock:
            found = account(self, self.next_id(), username, remote=remote)
            self.accounts[found["id"]] = found
            return found

    def add_user(self, username: str) -> tuple[dict[str, Any], str]:
        """A local account with an access token."""
        found = self.add_account(username)
        token = f"token-{username}-{found['id']}"
        self.tokens[token] = found["id"]
        return found, token

    def relationship(self, owner: str, target: str) -> dict[str, Any]:
        return {
            "id": target,
            "following": False,
            "showing_reblogs": False,
            "notifying": False,
            "languages": None,
            "followed_by": False,
            "blocking": (owner, target) in self.blocks,
            "blocked_by": False,
            "muting": (owner, target) in self.mutes,
            "muting_notifications": (owner, target) in self.mutes,
            "requested": False,
            "requested_by": False,
            "domain_blocking": False,
            "endorsed": False,
            "note": "",
        }

    def writes_by(self, token: str, verb: str) -> int:
        return sum(1 for t, _, path in self.writes if t == token and path.endswith(verb))

    def add_mention(
        self, *, author: dict[str, Any], html: str, reply: bool = False
    ) -> dict[str, Any]:
        me = self.accounts[self.me_id]
        status_id = self.next_id()
        status = {
            "id": status_id,
            "uri": f"{author['uri']}/statuses/{status_id}",
            "url": f"{author['url']}/{status_id}",
            "created_at": _now(),
            "account": author,
            "content": html,
            "visibility": "public",
            "sensitive": False,
            "spoiler_text": "",
            "media_attachments": [],
            "application": None,
            "mentions": [
                {"id": me["id"], "username": me["username"], "url": me["url"], "acct": me["acct"]}
            ],
            "tags": [],
            "emojis": [],
            "reblogs_count": 0,
            "favourites_count": 0,
            "replies_count": 0,
            "in_reply_to_id": "7" if reply else None,
            "in_reply_to_account_id": me["id"] if reply else None,
            "reblog": None,
            "poll": None,
            "card": None,
            "language": "en",
            "text": None,
            "edited_at": None,
            "favourited": False,
            "reblogged": False,
            "muted": False,
            "bookmarked": False,
        }
        self.statuses[status_id] = status
        notification = {
            "id": self.next_id(),
            "type": "mention",
            "group_key": f"ungrouped-{status_id}",
            "created_at": status["created_at"],
            "account": author,
            "status": status,
        }
        self.notifications.append(notification)
        for stream in list(self.streams):
            stream.put(notification)
        return notification


# POST /api/v1/accounts/:id/<verb>: what it does to the (owner, target) pair.
WRITES: dict[str, Callable[[MastodonServer, tuple[str, str]], None]] = {
    "block": lambda state, pair: state.blocks.add(pair),
    "unblock": lambda state, pair: state.blocks.discard(pair),
    "mute": lambda state, pair: state.mutes.add(pair),
    "unmute": lambda state, pair: state.mutes.discard(pair),
}


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"  # keep-alive, as a real server behind a proxy answers
    disable_nagle_algorithm = True
    wbufsize = 64 * 1024  # headers and body leave in one write
    _token = ""

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def _json(self, status: int, body: Any, headers: dict[str, str] | None = None) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(data)

    def _params(self) -> dict[str, list[str]]:
        params = parse_qs(urlsplit(self.path).query)
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            raw = self.rfile.read(length).decode()
            if self.headers.get("Content-Type", "").startswith("application/json"):
                for key, value in json.loads(raw).items():
                    params[key] = [str(v) for v in value] if isinstance(value, list) else [value]
            else:
                for key, value in parse_qs(raw).items():
                    params.setdefault(key, []).extend(value)
        return params

    def _owner(self) -> str | None:
        """The token's account id; None once a 401 or a 429 has been answered."""
        state = self.server.state
        token = self.headers.get("Authorization", "").removeprefix("Bearer ").strip()
        if not token or token in state.revoked or token not in state.tokens:
            self._json(401, {"error": "The access token is invalid"})
            return None
        if state.throttle.get(token, 0) > 0:
            state.throttle[token] -= 1
            self._json(429, {"error": "Too many requests"}, {"X-RateLimit-Remaining": "0"})
            return None
        self._token = token
        return state.tokens[token]

    def do_POST(self) -> None:
        state = self.server.state
        path = urlsplit(self.path).path.rstrip("/")
        params = self._params()
        owner = self._owner()
        if owner is None:
            return None
        parts = path.strip("/").split("/")
        if path in state.answer_instead:
            return self._json(200, state.answer_instead[path])
        with state.lock:
            state.writes.append((self._token, "POST", path))
            if len(parts) == 5 and parts[2] == "accounts":
                target, verb = parts[3], parts[4]
                if target not in state.accounts or verb not in WRITES:
                    return self._json(404, {"error": "Record not found"})
                WRITES[verb](state, (owner, target))
                return self._json(200, state.relationship(owner, target))
            if path == "/api/v1/reports":
                report = {
                    "id": state.next_id(),
                    "action_taken": False,
                    "category": params.get("category", ["other"])[0],
                    "comment": params.get("comment", [""])[0],
                    "forwarded": params.get("forward", ["false"])[0] in ("true", "True", "1"),
                    "created_at": _now(),
                    "status_ids": params.get("status_ids[]", []),
                    "rule_ids": [],
                    "target_account": state.accounts[params["account_id"][0]],
                    "by": owner,
                }
                state.reports.append(report)
                return self._json(200, report)
        return self._json(404, {"error": "Not found"})

    def do_GET(self) -> None:
        state = self.server.state
        parts = urlsplit(self.path)
        query = self._params()
        path = parts.path.rstrip("/")
        state.requests.append(self.path)
        if path in ("/api/v1/instance", "/api/v2/instance"):
            return self._json(200, self._instance())
        if path == "/api/v1/streaming/health":
            return self._plain("OK")
        owner = self._owner()
        if owner is None:
            return None
        if state.fail_next > 0:
            state.fail_next -= 1
            return self._json(503, {"error": "Service Unavailable"})
        if path in state.answer_instead:
            return self._json(200, state.answer_instead[path])
        if path == "/api/v1/accounts/verify_credentials":
            me = dict(state.accounts[owner])
            me["source"] = {"privacy": "public", "sensitive": False, "language": "en", "note": ""}
            return self._json(200, me)
        if path == "/api/v1/accounts/lookup":
            acct = query.get("acct", [""])[0].lstrip("@")
            for found in state.accounts.values():
                # A local account's acct is its bare username; name@this-domain is it too.
                if acct in (found["acct"], f"{found['acct']}@{state.domain}"):
                    return self._json(200, found)
            return self._json(404, {"error": "Record not found"})
        if path == "/api/v2/search":
            wanted = query.get("q", [""])[0]
            hits = [a for a in state.accounts.values() if wanted in (a["uri"], a["url"])]
            statuses = [s for s in state.statuses.values() if wanted in (s["uri"], s["url"])]
            return self._json(200, {"accounts": hits, "statuses": statuses, "hashtags": []})
        if path == "/api/v1/accounts/relationships":
            ids = query.get("id[]", []) + query.get("id", [])
            with state.lock:
                return self._json(200, [state.relationship(owner, target) for target in ids])
        if path.startswith("/api/v1/statuses/"):
            status = state.statuses.get(path.rsplit("/", 1)[-1])
            if status is None:
                return self._json(404, {"error": "Record not found"})
            return self._json(200, status)
        if path == "/api/v1/notifications":
            return self._notifications(query)
        if path == "/api/v1/timelines/public":
            return self._json(200, [])
        if path == "/api/v1/streaming/user":
            return self._stream()
        return self._json(404, {"error": "Record not found"})

    def _plain(self, text: str) -> None:
        data = text.encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _instance(self) -> dict[str, Any]:
        url = self.server.state.url
        return {
            "uri": urlsplit(url).netloc,
            "title": "Local test server",
            "short_description": "",
            "description": "",
            "email": "admin@example.org",
            "version": "4.3.0",
            "api_versions": {"mastodon": 2},
            "urls": {"streaming_api": url.replace("http://", "ws://")},
            "stats": {"user_count": 2, "status_count": 5, "domain_count": 1},
            "thumbnail": None,
            "languages": ["en"],
            "registrations": False,
            "approval_required": False,
            "invites_enabled": False,
            "configuration": {},
            "contact_account": None,
            "rules": [],
        }

    def _notifications(self, query: dict[str, list[str]]) -> None:
        state = self.server.state
        types = query.get("types[]", [])
        limit = int(query.get("limit", ["40"])[0])
        found = [n for n in state.notifications if not types or n["type"] in types]
        found.sort(key=lambda n: int(n["id"]))
        if "min_id" in query:  # the page just after min_id (then shown newest first)
            found = [n for n in found if int(n["id"]) > int(query["min_id"][0])][:limit]
        else:
            if "since_id" in query:
                found = [n for n in found if int(n["id"]) > int(query["since_id"][0])]
            if "max_id" in query:
                found = [n for n in found if int(n["id"]) < int(query["max_id"][0])]
            found = found[-limit:]
        found.reverse()
        headers = {}
        if found:
            base = f"{state.url}/api/v1/notifications"
            headers["Link"] = (
                f'<{base}?max_id={found[-1]["id"]}>; rel="next", '
                f'<{base}?min_id={found[0]["id"]}>; rel="prev"'
            )
        self._json(200, found, headers)

    def _stream(self) -> None:
        state = self.server.state
        events: queue.Queue[dict[str, Any] | None] = queue.Queue()
        state.streams.append(events)
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        try:
            self._chunk(":)\n\n")
            while not self.server.stopping.is_set():
                try:
                    item = events.get(timeout=0.2)
                except queue.Empty:
                    self._chunk(":thump\n\n")
                    continue
                if item is None:
                    break
                self._chunk(f"event: notification\ndata: {json.dumps(item)}\n\n")
        except (BrokenPipeError, ConnectionResetError):
            pass
        finally:
            state.streams.remove(events)

    def _chunk(self, text: str) -> None:
        data = text.encode()
        self.wfile.write(f"{len(data):x}\r\n".encode() + data + b"\r\n")
        self.wfile.flush()


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, state: MastodonServer) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.state = state
        self.stopping = threading.Event()


def start() -> tuple[MastodonServer, _Server]:
    state = MastodonServer()
    server = _Server(state)
    state.url = f"http://127.0.0.1:{server.server_address[1]}"
    state.accounts["1"] = account(state, "1", "priya")
    state.accounts["2"] = account(state, "2", "troll", remote="bad.example")
    state.accounts["3"] = account(state, "3", "friend")
    state.tokens[TOKEN] = state.me_id
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return state, server


@contextmanager
def running() -> Iterator[MastodonServer]:
    """A server for one test: its state (and `url`), stopped afterwards."""
    state, server = start()
    try:
        yield state
    finally:
        server.stopping.set()
        server.shutdown()
        server.server_close()


def main() -> None:
    """Serve until SIGTERM, having printed one JSON line with the address, the users (with
    tokens) and remote accounts."""
    import argparse
    import signal

    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=0)
    parser.add_argument("--remote", type=int, default=0)
    args = parser.parse_args()
    state, server = start()
    users = [state.add_user(f"m{i:03d}") for i in range(args.users)]
    remote = [state.add_account(f"troll{i:03d}", remote="evil.example") for i in range(args.remote)]
    print(
        json.dumps(
            {
                "url": state.url,
                "users": [{"account": a, "token": t} for a, t in users],
                "remote": remote,
            }
        ),
        flush=True,
    )
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    stop.wait()
    server.stopping.set()
    server.shutdown()


if __name__ == "__main__":
    main()
