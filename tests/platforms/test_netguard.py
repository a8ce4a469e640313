"""Server addresses people type lead only to the public internet, checked again per connection."""

from __future__ import annotations

import ipaddress
import socket
from typing import Any

import pytest
from atproto import Client  # type: ignore[import-untyped]

from upstander.platforms.bluesky import BlueskyAdapter
from upstander.platforms.errors import TransientError
from upstander.platforms.mastodon import MastodonAdapter, shared_session
from upstander.platforms.netguard import (
    PrivateAddressRefused,
    address_is_public,
    check_url,
    unreachable,
)

from .internal_server import SECRET


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "10.1.2.3",
        "172.16.0.1",
        "192.168.1.1",
        "100.64.0.1",
        "169.254.169.254",
        "169.254.170.2",
        "0.0.0.0",  # noqa: S104 - an address to refuse, not one to bind
        "224.0.0.1",
        "240.0.0.1",
        "255.255.255.255",
        "::1",
        "::",
        "fe80::1",
        "fd00:ec2::254",
        "fc00::1",
        "ff02::1",
        "::ffff:127.0.0.1",
        "::ffff:169.254.169.254",
        "64:ff9b::a9fe:a9fe",
        "2002:a9fe:a9fe::1",
    ],
)
def test_internal_and_special_addresses_are_not_public(address: str) -> None:
    assert not address_is_public(ipaddress.ip_address(address))


@pytest.mark.parametrize("address", ["93.184.216.34", "1.1.1.1", "2606:4700:4700::1111"])
def test_internet_addresses_are_public(address: str) -> None:
    assert address_is_public(ipaddress.ip_address(address))


@pytest.mark.parametrize(
    "url",
    [
        "http://169.254.169.254/latest/meta-data/",
        "http://[fd00:ec2::254]/",
        "http://[::ffff:7f00:1]:8080/",
        "https://localhost/",
        "http://0x7f000001/",
        "ftp://mastodon.example/",
    ],
)
def test_a_typed_address_inside_the_network_is_refused(url: str) -> None:
    with pytest.raises(PrivateAddressRefused if url.startswith("http") else Exception):
        check_url(url, allow_private=False)


def test_local_servers_are_allowed_when_the_switch_is_on() -> None:
    check_url("http://127.0.0.1:8080/", allow_private=True)


def test_every_client_refuses_to_connect_inside_the_network(
    internal: tuple[str, list[str]],
) -> None:
    url, seen = internal
    with pytest.raises(PrivateAddressRefused):
        MastodonAdapter(api_base_url=url, access_token="token-12345678").me()
    with pytest.raises(PrivateAddressRefused):
        MastodonAdapter(
            api_base_url=url,
            access_token="token-12345678",
            session=shared_session(url, allow_private=False),
        ).block("https://example.org/users/troll", handle="troll@example.org")
    with pytest.raises(PrivateAddressRefused):
        BlueskyAdapter.login(service=url, handle="priya.test", password="x")
    assert seen == []  # not one request reached it


def test_a_name_that_rebinds_to_an_internal_address_is_refused_on_connect(
    internal: tuple[str, list[str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The form's check sees a public address; the connection, moments later, a private one."""
    url, seen = internal
    port = int(url.rsplit(":", 1)[1])
    real = socket.getaddrinfo
    answers = iter([[(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("93.184.216.34", port))]])

    def rebinding(host: str, *args: Any, **kwargs: Any) -> Any:
        if host == "rebind.test":
            return next(answers, None) or real("127.0.0.1", *args, **kwargs)
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", rebinding)
    check_url(f"http://rebind.test:{port}/", allow_private=False)  # looks public to the form
    with pytest.raises(PrivateAddressRefused):
        MastodonAdapter(
            api_base_url=f"http://rebind.test:{port}", access_token="token-1234567"
        ).me()
    with pytest.raises(PrivateAddressRefused):
        BlueskyAdapter.login(service=f"http://rebind.test:{port}", handle="p.test", password="x")
    assert seen == []


def test_a_server_answer_is_never_repeated_in_errors(internal: tuple[str, list[str]]) -> None:
    url, seen = internal
    with pytest.raises(Exception) as mastodon:
        MastodonAdapter(api_base_url=url, access_token="token-12345678", allow_private=True).me()
    with pytest.raises(Exception) as bluesky:
        BlueskyAdapter.login(service=url, handle="priya.test", password="x", allow_private=True)
    assert seen  # the server was reached and answered, with its secret in the body
    for error in (mastodon.value, bluesky.value):
        assert SECRET not in str(error)
        assert "400" in str(error)


def test_a_did_web_naming_an_internal_host_is_not_fetched(
    internal: tuple[str, list[str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A `did:web` names whatever host its author likes; here one that resolves inside."""
    url, seen = internal
    port = int(url.rsplit(":", 1)[1])
    real = socket.getaddrinfo

    def inside(host: str, *args: Any, **kwargs: Any) -> Any:
        if host == "internal.test":
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.0.1", port))]
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", inside)
    adapter = BlueskyAdapter(Client(base_url=url))
    with pytest.raises(PrivateAddressRefused):
        adapter.resolve_id("did:web:internal.test")
    assert seen == []


def test_a_connection_refused_by_the_guard_is_not_worth_retrying() -> None:
    refusal = PrivateAddressRefused("inside")
    try:
        raise OSError("wrapped by the client library") from refusal
    except OSError as wrapped:
        assert unreachable("Facebook", wrapped) is refusal


def test_any_other_connection_failure_is_worth_another_try() -> None:
    failure = unreachable("Facebook", TimeoutError("slow"))
    assert isinstance(failure, TransientError) and not failure.permanent
    assert str(failure) == "Facebook could not be reached (TimeoutError)."
