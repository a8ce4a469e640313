from __future__ import annotations

from collections.abc import Iterator

import pytest

from . import mastodon_server


@pytest.fixture
def mastodon() -> Iterator[mastodon_server.MastodonServer]:
    """A local server speaking Mastodon's API (see mastodon_server.py)."""
    state, server = mastodon_server.start()
    yield state
    server.stopping.set()
    server.shutdown()
    server.server_close()
