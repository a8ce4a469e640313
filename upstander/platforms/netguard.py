"""Server addresses people type in: only public internet addresses, checked twice.

A protected person types their Mastodon server or PDS; a worker later connects to it. Left
alone, `http://169.254.169.254/` or `http://localhost:5432/` would have our servers fetch from
inside the party's network (server-side request forgery). So a typed address is resolved and
refused when any of its addresses is loopback, private, link-local, multicast, reserved or a
cloud metadata service (`check_url`, for forms), and every connection the platform clients
open checks the address it actually reached (`requests_session`, `httpx_transport`), so a DNS
name that answers a public address to the form and a private one to the worker gets nowhere.

`allow_private` lets local test servers (a PDS on 127.0.0.1) through; production leaves it off.
"""

from __future__ import annotations

import functools
import ipaddress
import re
import socket
import ssl
from typing import Any
from urllib.parse import urlsplit

import httpcore
import httpx
import requests
import requests.adapters
import urllib3.connection
import urllib3.connectionpool

from upstander.platforms.errors import PermanentError, TransientError

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

# Metadata services answer on link-local or unique-local addresses, refused anyway; named here
# so the rule survives a change in what the ipaddress module calls global.
METADATA_ADDRESSES = frozenset(
    {
        ipaddress.ip_address("169.254.169.254"),  # AWS, GCP, Azure, OpenStack
        ipaddress.ip_address("169.254.170.2"),  # AWS ECS task metadata
        ipaddress.ip_address("100.100.100.200"),  # Alibaba Cloud
        ipaddress.ip_address("fd00:ec2::254"),  # AWS over IPv6
    }
)
_NAT64 = ipaddress.ip_network("64:ff9b::/96")


class PrivateAddressRefused(PermanentError):
    """The server address leads inside a private network; we never connect there."""


def _embedded_ipv4(address: IPAddress) -> IPAddress:
    """The IPv4 address an IPv6 one carries (mapped, 6to4, NAT64), else the address itself."""
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return address.ipv4_mapped
        if address.sixtofour is not None:
            return address.sixtofour
        if address in _NAT64:
            return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return address


def address_is_public(address: IPAddress) -> bool:
    """True for an address on the public internet, False for anything internal or special."""
    for candidate in {address, _embedded_ipv4(address)}:
        if (
            candidate in METADATA_ADDRESSES
            or not candidate.is_global
            or candidate.is_multicast
            or candidate.is_reserved
            or candidate.is_loopback
            or candidate.is_link_local
            or candidate.is_private
            or candidate.is_unspecified
        ):
            return False
    return True


def check_address(address: str, *, allow_private: bool) -> None:
    if allow_private:
        return
    try:
        parsed = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError as error:
        raise PrivateAddressRefused("That server address could not be checked.") from error
    if not address_is_public(parsed):
        raise PrivateAddressRefused(
            "That server address leads to a private or internal network; "
            "only servers on the public internet can be connected."
        )


def check_host(host: str, port: int, *, allow_private: bool) -> None:
    """Resolve `host` and refuse it unless every address it resolves to is public."""
    if allow_private:
        return
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as error:
        raise PermanentError(f"The server {host!r} could not be found.") from error
    for info in infos:
        check_address(str(info[4][0]), allow_private=False)


def check_url(url: str, *, allow_private: bool) -> None:
    """Refuse a server address that is not http(s) or leads to a non-public address."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise PermanentError("A server address starts with https:// and names a server.")
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError as error:
        raise PermanentError("That server address has an invalid port.") from error
    check_host(parts.hostname, port, allow_private=allow_private)


def _check_socket(sock: socket.socket) -> None:
    """Refuse the connection just made if its peer is not public (before anything is sent)."""
    try:
        check_address(str(sock.getpeername()[0]), allow_private=False)
    except PrivateAddressRefused:
        sock.close()
        raise


# -- requests (Mastodon.py) ----------------------------------------------------------------


class _GuardedHTTPConnection(urllib3.connection.HTTPConnection):
    def _new_conn(self) -> socket.socket:
        sock = super()._new_conn()
        _check_socket(sock)
        return sock


class _GuardedHTTPSConnection(urllib3.connection.HTTPSConnection):
    def _new_conn(self) -> socket.socket:
        sock = super()._new_conn()
        _check_socket(sock)
        return sock


class _GuardedHTTPPool(urllib3.connectionpool.HTTPConnectionPool):
    ConnectionCls = _GuardedHTTPConnection


class _GuardedHTTPSPool(urllib3.connectionpool.HTTPSConnectionPool):
    ConnectionCls = _GuardedHTTPSConnection


class _GuardedAdapter(requests.adapters.HTTPAdapter):
    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = {
            "http": _GuardedHTTPPool,
            "https": _GuardedHTTPSPool,
        }


def requests_session(*, allow_private: bool, **adapter_options: Any) -> requests.Session:
    """A requests session whose every connection must reach a public address."""
    session = requests.Session()
    adapter = (
        requests.adapters.HTTPAdapter(**adapter_options)
        if allow_private
        else _GuardedAdapter(**adapter_options)
    )
    session.mount("https://", adapter)
    session.mount("http://", adapter)
    return session


# -- httpx (atproto) -----------------------------------------------------------------------


class _GuardedBackend(httpcore.SyncBackend):
    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Any = None,
    ) -> httpcore.NetworkStream:
        stream = super().connect_tcp(host, port, timeout, local_address, socket_options)
        sock = stream.get_extra_info("socket")
        try:
            _check_socket(sock)
        except PrivateAddressRefused:
            stream.close()
            raise
        return stream


@functools.cache
def _verifying_tls() -> ssl.SSLContext:
    """One certificate-verifying TLS context for every transport: loading the CA store costs
    tens of milliseconds (an adapter per watched account, per action, would pay it each time),
    and a context is safe to share between connections."""
    return httpx.create_ssl_context()


def httpx_transport(*, allow_private: bool) -> httpx.HTTPTransport:
    """An httpx transport whose every connection must reach a public address."""
    transport = httpx.HTTPTransport(verify=_verifying_tls())
    if not allow_private:
        # httpx has no argument for httpcore's network backend; the pool reads it per connection.
        transport._pool._network_backend = _GuardedBackend()
    return transport


def refusal_in(error: BaseException) -> PrivateAddressRefused | None:
    """The refusal behind a client library's own error (they wrap what a connection raised)."""
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        if isinstance(current, PrivateAddressRefused):
            return current
        seen.add(id(current))
        current = current.__cause__ or current.__context__
    return None


def unreachable(service: str, error: BaseException) -> PrivateAddressRefused | TransientError:
    """What a failed connection to `service` means: the guard's refusal (permanent: the address
    is private) when it caused `error`, else a transient failure worth another try."""
    refused = refusal_in(error)
    if refused is not None:
        return refused
    return TransientError(f"{service} could not be reached ({type(error).__name__}).")


_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9]{0,63}$")


def brief_atproto(error: BaseException) -> str:
    """`HTTP 400 InvalidRequest`-style summary of an atproto error: status and XRPC error name.

    The server's own message or body is never included: a server address points wherever its
    owner likes, and what it answered must not be shown back to anyone or logged.
    """
    response = getattr(error, "response", None)
    if response is None:
        return type(error).__name__
    name = str(getattr(getattr(response, "content", None), "error", "") or "")
    status = getattr(response, "status_code", "?")
    return f"HTTP {status} {name}" if _NAME.match(name) else f"HTTP {status}"


def brief_mastodon(error: BaseException) -> str:
    """`HTTP 404`-style summary of a Mastodon.py error; its message (the body) is left out."""
    args: tuple[object, ...] = getattr(error, "args", ())
    if len(args) > 1 and isinstance(args[1], int):
        return f"HTTP {args[1]}"
    return type(error).__name__
