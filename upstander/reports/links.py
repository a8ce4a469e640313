"""Checking and normalising links to posts, and the offending accounts a reporter names."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

from upstander.accounts.handles import PLATFORMS, InvalidHandle, normalise_handle
from upstander.reports.errors import InvalidPostLink

_TRACKING_PREFIXES = ("utm_", "fbclid", "gclid", "igshid", "mc_")
_validate_url = URLValidator(schemes=["http", "https"])


def normalise_post_link(raw: str) -> str:
    """`HTTPS://Bsky.App/x?utm_source=y#top` -> `https://bsky.app/x`; refuses anything else."""
    value = raw.strip()
    if len(value) > 2048:
        raise InvalidPostLink("This link is too long to be a link to a post.")
    try:
        _validate_url(value)
    except ValidationError as error:
        raise InvalidPostLink(
            f"“{value[:80]}” is not a web address. Links start with https://"
        ) from error
    parts = urlsplit(value)
    query = [
        (key, item)
        for key, item in parse_qsl(parts.query, keep_blank_values=True)
        if not key.lower().startswith(_TRACKING_PREFIXES)
    ]
    host = (parts.hostname or "").lower()
    netloc = host if parts.port is None else f"{host}:{parts.port}"
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
