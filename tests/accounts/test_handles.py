"""Every spelling of one account normalises the same, so its member is always recognised."""

from __future__ import annotations

import pytest

from upstander.accounts.handles import InvalidHandle, normalise_handle


@pytest.mark.parametrize(
    "spelling",
    [
        "@Alice.bsky.social",
        "alice.bsky.social",
        "  ALICE.BSKY.SOCIAL ",
        "https://bsky.app/profile/alice.bsky.social",
    ],
)
def test_bluesky_spellings_normalise_to_one_handle(spelling: str) -> None:
    assert normalise_handle("bluesky", spelling) == "alice.bsky.social"


def test_a_bluesky_did_is_kept_as_written() -> None:
    did = "did:plc:ewvi7nxzyoun6zhxrhs64oiz"
    assert normalise_handle("bluesky", did) == did


@pytest.mark.parametrize(
    "spelling", ["@Bob@Mastodon.Social", "bob@mastodon.social", "https://mastodon.social/@bob"]
)
def test_mastodon_spellings_normalise_to_user_at_instance(spelling: str) -> None:
    assert normalise_handle("mastodon", spelling) == "bob@mastodon.social"


def test_x_handles_lose_the_at_sign_and_case() -> None:
    assert normalise_handle("x", "@Carol_99") == "carol_99"


@pytest.mark.parametrize(
    ("platform", "raw"),
    [
        ("bluesky", ""),
        ("bluesky", "<script>alert(1)</script>"),
        ("bluesky", "did:plc:"),
        ("mastodon", "@bob"),
        ("x", "much_too_long_for_x_handles"),
        ("myspace", "tom"),
        ("bluesky", "https://example.org/not-a-profile"),
    ],
)
def test_text_that_cannot_be_an_account_is_refused_with_a_reason(platform: str, raw: str) -> None:
    with pytest.raises(InvalidHandle) as refused:
        normalise_handle(platform, raw)
    assert refused.value.message
