from __future__ import annotations

import pytest

from upstander.reports.errors import InvalidPostLink
from upstander.reports.links import normalise_post_link


@pytest.mark.parametrize(
    ("raw", "stored"),
    [
        ("bsky.app/profile/x/post/y", "https://bsky.app/profile/x/post/y"),
        ("//x.com/troll/status/1", "https://x.com/troll/status/1"),
        ("https://[2606:4700::1]/post", "https://[2606:4700::1]/post"),
        ("http://example.org/p?utm_source=a", "http://example.org/p"),
    ],
)
def test_a_post_link_is_stored_as_a_full_web_address(raw, stored):
    assert normalise_post_link(raw) == stored


@pytest.mark.parametrize(
    "raw",
    ["http://printer.local/", "http://0.0.0.0/", "mailto:a@example.org", "data:text/html,hi"],
)
def test_a_link_off_the_public_web_is_refused(raw):
    with pytest.raises(InvalidPostLink):
        normalise_post_link(raw)
