"""Checking and normalising links to posts, and the offending accounts a reporter names."""

from __future__ import annotations

import ipaddress
import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

from upstander.accounts.handles import PLATFORMS, InvalidHandle, normalise_handle
from upstander.reports.errors import InvalidPostLink

_TRACKING_PREFIXES = ("utm_", "fbclid", "gclid", "igshid", "mc_")
_WEB_SCHEMES = ("http", "https")
_validate_url = URLValidator(schemes=list(_WEB_SCHEMES))
_HAS_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*://", re.IGNORECASE)
# `javascript:…`, `mailto:…`, `data:…`; but not `localhost:8000/x`, which is a host and port.
_OTHER_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:(?!\d)", re.IGNORECASE)
_LOCAL_NAMES = ("localhost", "localhost.localdomain")
_LOCAL_SUFFIXES = (".localhost", ".local", ".internal", ".home.arpa")


def _with_scheme(value: str) -> str:
    """People paste `bsky.app/profile/x/post/y` from an app's share sheet: it means https."""
    if _HAS_SCHEME.match(value) or _OTHER_SCHEME.match(value):
        return value
    return f"https://{value.removeprefix('//')}"


def _is_public_host(host: str) -> bool:
    """Case workers open these links: never one that points into our own or a home network."""
    if host in _LOCAL_NAMES or host.endswith(_LOCAL_SUFFIXES):
        return False
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return True
    return address.is_global


def normalise_post_link(raw: str) -> str:
    """`HTTPS://Bsky.App/x?utm_source=y#top` -> `https://bsky.app/x`; refuses anything else.

    A link without a scheme gets https://. Other schemes, local names, loopback and private
    addresses are refused: a post on a platform is on the public web.
    """
    value = raw.strip()
    if len(value) > 2048:
        raise InvalidPostLink("This link is too long to be a link to a post.")
    shown = value[:80]
    value = _with_scheme(value)
    scheme = value.split(":", 1)[0].lower()
    if scheme not in _WEB_SCHEMES:
        raise InvalidPostLink(
            f"“{shown}” is not a link to a web page. Links to posts start with https://"
        )
    try:
        _validate_url(value)
        parts = urlsplit(value)
        port = parts.port
    except (ValidationError, ValueError) as error:
        raise InvalidPostLink(
            f"“{shown}” is not a web address. Copy the link from the post and paste it here."
        ) from error
    host = (parts.hostname or "").lower()
    if not _is_public_host(host):
        raise InvalidPostLink(
            f"“{shown}” points to a local or private address, not to a post on the public web."
        )
    query = [
        (key, item)
        for key, item in parse_qsl(parts.query, keep_blank_values=True)
        if not key.lower().startswith(_TRACKING_PREFIXES)
    ]
    bracketed = f"[{host}]" if ":" in host else host
    netloc = bracketed if port is None else f"{bracketed}:{port}"
    return urlunsplit((parts.scheme.lower(), netloc, parts.path or "/", urlencode(query), ""))


def normalise_account(platform: str, raw: str) -> dict[str, str]:
    """An offending account as `{"platform", "handle"}`, canonical where the platform allows."""
    value = raw.strip()[:253]
    if platform in PLATFORMS:
        try:
            value = normalise_handle(platform, value)
        except InvalidHandle:
            value = value.lstrip("@")
    return {"platform": platform, "handle": value}
