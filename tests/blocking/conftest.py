"""People and evidence for the blocking tests, on the shared local servers (tests/platforms)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from tests.platforms.atproto_testnet import AtprotoNetwork
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


# -- the local AT Protocol network: the one launcher (tests/platforms/atproto_testnet.py) --


@pytest.fixture(scope="session")
def bluesky(atproto_network: AtprotoNetwork) -> AtprotoNetwork:
    """The session's PDS, addressed by 127.0.0.1 (as a stored service URL); where it cannot
    start these tests skip, and fail in CI."""
    return AtprotoNetwork(pds_url=atproto_network.loopback_url, plc_url=atproto_network.plc_url)
