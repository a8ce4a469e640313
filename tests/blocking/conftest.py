"""Servers and people for the blocking tests: a local Mastodon API, a local AT Protocol PDS."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.platforms.atproto_testnet import AtprotoNetwork, node22, unavailable
from tests.platforms.mastodon_server import MastodonServer
from upstander.accounts.models import Platform, User
from upstander.blocking import writers
from upstander.blocking.models import BlockingAccount, Method
from upstander.blocking.services import blocking_account_connect
from upstander.evidence.models import EvidenceItem
from upstander.evidence.services import evidence_capture_post

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def _no_write_spacing(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    for platform in ("BLUESKY", "MASTODON", "X"):
        monkeypatch.setenv(f"BLOCKING_{platform}_WRITE_INTERVAL_MS", "0")
    writers.forget_all()
    yield
    writers.forget_all()


def capture(
    platform: str, author_id: str, handle: str, n: int = 1, raw: dict[str, Any] | None = None
) -> EvidenceItem:
    """An abusive post captured as evidence (as the monitor or a case worker would)."""
    return evidence_capture_post(
        None,
        platform=platform,
        uri=f"{author_id}/post/{n}",
        url=f"https://example.test/{handle}/{n}",
        author_handle=handle,
        author_id=author_id,
        text=f"abusive post number {n}",
        posted_at=datetime(2026, 11, 1, 12, 0, tzinfo=UTC),
        raw=raw or {"id": str(n)},
    )


def connect_mastodon(
    server: MastodonServer, person: User, username: str, method: str = Method.BLOCK
) -> tuple[BlockingAccount, str]:
    account, token = server.add_user(username)
    connected = blocking_account_connect(
        person,
        person=person,
        platform=Platform.MASTODON,
        handle=f"{username}@{server.domain}",
        account_id=account["uri"],
        service_url=server.url,
        credential=token,
        method=method,
        consent=True,
    )
    return connected, token


# -- the local AT Protocol network: the one PDS launcher (tests/platforms/atproto_testnet.py) --


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Network:
    url: str
    counter: int = 0

    def account(self, name: str) -> tuple[str, str, str]:
        """A fresh account: (handle, did, password)."""
        self.counter += 1
        handle = f"{name}{self.counter}{int(time.time()) % 100000}.test"
        password = f"pw-{handle}"
        made = httpx.post(
            f"{self.url}/xrpc/com.atproto.server.createAccount",
            json={"handle": handle, "email": f"{handle}@example.test", "password": password},
            timeout=30,
        )
        made.raise_for_status()
        return handle, str(made.json()["did"]), password


@pytest.fixture(scope="session")
def bluesky(atproto_network: AtprotoNetwork) -> Network:
    """The session's PDS; where it cannot start these tests skip, and fail in CI."""
    return Network(url=atproto_network.loopback_url)


APPVIEW = Path(__file__).with_name("appview")
APPVIEW_DB = "blocking_appview"


def _recreate_database(url: str) -> None:
    import psycopg
    from psycopg import sql

    base, name = url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True, connect_timeout=3) as connection:
        connection.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


@pytest.fixture(scope="session")
def appview() -> Iterator[Network]:
    """The dev-env tier: PDS + AppView (+ ozone), so the AppView's view of blocks can be read.

    Opt-in: needs `npm install` in tests/blocking/appview (and better-sqlite3 rebuilt for
    Node 22), redis-server, and PostgreSQL at BLOCKING_APPVIEW_PG (default the local server).
    """
    node = node22()
    redis = shutil.which("redis-server")
    if node is None or redis is None or not (APPVIEW / "node_modules/@atproto/dev-env").exists():
        unavailable("The AppView tier needs Node 22, redis-server and tests/blocking/appview.")
    base = os.environ.get("BLOCKING_APPVIEW_PG", "postgres://postgres@127.0.0.1:5432")
    try:
        _recreate_database(f"{base}/{APPVIEW_DB}")
    except Exception as error:
        unavailable(f"The AppView tier needs PostgreSQL at {base}: {error}")
    redis_port, pds_port = _free_port(), _free_port()
    redis_process = subprocess.Popen(
        [redis, "--bind", "127.0.0.1", "--port", str(redis_port), "--save", ""],
        stdout=subprocess.DEVNULL,
    )
    env = {
        **os.environ,
        "REDIS_HOST": f"127.0.0.1:{redis_port}",
        "DB_POSTGRES_URL": f"{base}/{APPVIEW_DB}",
        "PDS_PORT": str(pds_port),
    }
    process = subprocess.Popen(
        [node, "network.mjs"],
        cwd=APPVIEW,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert process.stdout is not None
    line = process.stdout.readline()
    if not line.strip().startswith("{"):
        process.terminate()
        redis_process.terminate()
        unavailable("The AppView tier did not start.")
    yield Network(url=f"http://127.0.0.1:{pds_port}")
    process.terminate()
    process.wait(timeout=20)
    redis_process.terminate()
    redis_process.wait(timeout=10)
