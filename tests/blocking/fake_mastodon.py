"""A local HTTP server that speaks the part of Mastodon's REST API that blocking uses.

It answers in Mastodon's own shapes (Account, Relationship, Report) so the real Mastodon.py
client talks to it, keeps blocks, mutes and reports per token, counts every write, and can be
told to answer 429 (rate limited) or 401 (a revoked token).
"""

from __future__ import annotations

import itertools
import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlparse

CREATED = "2024-01-01T00:00:00.000Z"


@dataclass
class State:
    domain: str = "social.test"
    accounts: dict[str, dict[str, Any]] = field(default_factory=dict)
    tokens: dict[str, str] = field(default_factory=dict)  # token -> account id
    revoked: set[str] = field(default_factory=set)
    blocks: set[tuple[str, str]] = field(default_factory=set)
    mutes: set[tuple[str, str]] = field(default_factory=set)
    reports: list[dict[str, Any]] = field(default_factory=list)
    writes: list[tuple[str, str, str]] = field(default_factory=list)  # token, method, path
    throttle: dict[str, int] = field(default_factory=dict)  # token -> next N answers are 429
    lock: threading.Lock = field(default_factory=threading.Lock)
    ids: Iterator[int] = field(default_factory=lambda: itertools.count(100))

    def add_account(self, username: str, *, remote: str = "") -> dict[str, Any]:
        with self.lock:
            account_id = str(next(self.ids))
            host = remote or self.domain
            account = {
                "id": account_id,
                "username": username,
                "acct": f"{username}@{remote}" if remote else username,
                "display_name": username.title(),
                "locked": False,
                "bot": False,
                "discoverable": True,
                "group": False,
                "created_at": CREATED,
                "note": "",
                "url": f"https://{host}/@{username}",
                "uri": f"https://{host}/users/{username}",
                "avatar": "",
                "avatar_static": "",
                "header": "",
                "header_static": "",
                "followers_count": 0,
                "following_count": 0,
                "statuses_count": 0,
                "last_status_at": None,
                "emojis": [],
                "fields": [],
            }
            self.accounts[account_id] = account
            return account

    def add_user(self, username: str) -> tuple[dict[str, Any], str]:
        """A local account with an access token."""
        account = self.add_account(username)
        token = f"token-{username}-{account['id']}"
        self.tokens[token] = account["id"]
        return account, token

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


class Handler(BaseHTTPRequestHandler):
    server: Server
    protocol_version = "HTTP/1.1"  # keep-alive, as a real server behind a proxy answers
    disable_nagle_algorithm = True
    wbufsize = 64 * 1024  # headers and body leave in one write

    def log_message(self, format: str, *args: Any) -> None:
        return

    def _send(self, status: int, body: Any, headers: dict[str, str] | None = None) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def _params(self) -> dict[str, list[str]]:
        url = urlparse(self.path)
        params = parse_qs(url.query)
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

    def _owner(self, state: State) -> str | None:
        token = self.headers.get("Authorization", "").removeprefix("Bearer ").strip()
        if not token or token in state.revoked or token not in state.tokens:
            self._send(401, {"error": "The access token was revoked"})
            return None
        if state.throttle.get(token, 0) > 0:
            state.throttle[token] -= 1
            self._send(429, {"error": "Too many requests"}, {"X-RateLimit-Remaining": "0"})
            return None
        self._token = token
        return state.tokens[token]

    def do_GET(self) -> None:
        self._route("GET")

    def do_POST(self) -> None:
        self._route("POST")

    def _route(self, method: str) -> None:
        state = self.server.state
        path = urlparse(self.path).path.rstrip("/")
        params = self._params()
        if path == "/api/v1/instance":
            self._send(200, {"uri": state.domain, "version": "4.3.0", "title": "Test"})
            return
        owner = self._owner(state)
        if owner is None:
            return
        with state.lock:
            self._answer(state, method, path, params, owner)

    def _answer(
        self, state: State, method: str, path: str, params: dict[str, list[str]], owner: str
    ) -> None:
        parts = path.strip("/").split("/")
        if method == "POST":
            state.writes.append((self._token, method, path))
        if path == "/api/v1/accounts/verify_credentials":
            self._send(200, state.accounts[owner])
        elif path == "/api/v1/accounts/lookup":
            acct = params.get("acct", [""])[0].lstrip("@")
            for account in state.accounts.values():
                if acct in (account["acct"], f"{account['username']}@{state.domain}"):
                    self._send(200, account)
                    return
            self._send(404, {"error": "Record not found"})
        elif path == "/api/v2/search":
            query = params.get("q", [""])[0]
            found = [a for a in state.accounts.values() if query in (a["uri"], a["url"])]
            self._send(200, {"accounts": found, "statuses": [], "hashtags": []})
        elif path == "/api/v1/accounts/relationships":
            ids = params.get("id[]", []) + params.get("id", [])
            self._send(200, [state.relationship(owner, target) for target in ids])
        elif len(parts) == 5 and parts[2] == "accounts" and method == "POST":
            target, verb = parts[3], parts[4]
            if target not in state.accounts:
                self._send(404, {"error": "Record not found"})
                return
            pair = (owner, target)
            {
                "block": lambda: state.blocks.add(pair),
                "unblock": lambda: state.blocks.discard(pair),
                "mute": lambda: state.mutes.add(pair),
                "unmute": lambda: state.mutes.discard(pair),
            }[verb]()
            self._send(200, state.relationship(owner, target))
        elif path == "/api/v1/reports" and method == "POST":
            report = {
                "id": str(next(state.ids)),
                "action_taken": False,
                "category": params.get("category", ["other"])[0],
                "comment": params.get("comment", [""])[0],
                "forwarded": params.get("forward", ["false"])[0] in ("true", "True", "1"),
                "created_at": CREATED,
                "status_ids": params.get("status_ids[]", []),
                "rule_ids": [],
                "target_account": state.accounts[params["account_id"][0]],
                "by": owner,
            }
            state.reports.append(report)
            self._send(200, report)
        else:
            self._send(404, {"error": "Not found"})


class Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.state = State()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


@contextmanager
def running() -> Iterator[Server]:
    server = Server()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


def main() -> None:
    """`python -m tests.blocking.fake_mastodon --users N --remote M`: serve until SIGTERM,
    having printed one JSON line with the address, the users (with tokens) and remote accounts."""
    import argparse
    import signal

    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=0)
    parser.add_argument("--remote", type=int, default=0)
    args = parser.parse_args()
    server = Server()
    users = [server.state.add_user(f"m{i:03d}") for i in range(args.users)]
    remote = [
        server.state.add_account(f"troll{i:03d}", remote="evil.example") for i in range(args.remote)
    ]
    print(
        json.dumps(
            {
                "url": server.url,
                "users": [{"account": a, "token": t} for a, t in users],
                "remote": remote,
            }
        ),
        flush=True,
    )
    signal.signal(signal.SIGTERM, lambda *_: threading.Thread(target=server.shutdown).start())
    server.serve_forever()


if __name__ == "__main__":
    main()
