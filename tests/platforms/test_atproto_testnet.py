"""The local AT Protocol network: where it cannot start, tests skip, but fail in CI."""

from __future__ import annotations

import inspect

import pytest

from tests.blocking import conftest as blocking_conftest
from tests.platforms.atproto_testnet import unavailable


def test_a_missing_network_fails_the_test_where_it_is_required(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("UPSTANDER_TESTNET_REQUIRED", "1")
    with pytest.raises(pytest.fail.Exception, match="required"):
        unavailable("Node 22 is missing")


@pytest.mark.parametrize("ci", ["true", "1", "yes"])
def test_a_missing_network_fails_the_test_on_any_ci_machine(
    monkeypatch: pytest.MonkeyPatch, ci: str
) -> None:
    monkeypatch.delenv("UPSTANDER_TESTNET_REQUIRED", raising=False)
    monkeypatch.setenv("CI", ci)
    with pytest.raises(pytest.fail.Exception, match="required"):
        unavailable("Node 22 is missing")


def test_a_missing_network_skips_the_test_elsewhere(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("UPSTANDER_TESTNET_REQUIRED", raising=False)
    monkeypatch.setenv("CI", "false")
    with pytest.raises(pytest.skip.Exception, match="Node 22 is missing"):
        unavailable("Node 22 is missing")


def test_the_bluesky_blocking_tests_use_the_one_pds_launcher() -> None:
    # So they follow the same rule: UPSTANDER_TESTNET_REQUIRED=1 (set by .ci/run) fails them.
    fixture = inspect.unwrap(blocking_conftest.bluesky)
    assert "atproto_network" in inspect.signature(fixture).parameters
