"""Server addresses people type in, checked before we store them or connect to them.

The check itself is plain Python in `upstander.platforms.netguard` (the platform clients run it
again on every connection); this passes it the setting and turns a refusal into a form error.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError

from upstander.core.validators import validate_no_control_characters
from upstander.platforms.errors import PlatformError
from upstander.platforms.netguard import check_url


def allow_private_hosts() -> bool:
    """PLATFORM_ALLOW_PRIVATE_HOSTS: on only for local test servers, never in production."""
    return bool(getattr(settings, "PLATFORM_ALLOW_PRIVATE_HOSTS", False))


def validate_public_server(url: str) -> None:
    """Form validator: the address must resolve to public internet addresses only."""
    if not url:
        return
    validate_no_control_characters(url)
    try:
        check_url(url, allow_private=allow_private_hosts())
    except PlatformError as error:
        raise ValidationError(error.message, code="private_server") from error
    except ValueError as error:  # urlsplit's own refusals, e.g. an unclosed "[" of an IPv6 host
        raise ValidationError("Enter a server address like https://example.social.") from error
