"""How a platform call fails: retry later (`TransientError`) or never (`PermanentError`), and
why."""

from __future__ import annotations


class PlatformError(Exception):
    """A platform call failed. `permanent`: retrying the same call cannot help."""

    permanent: bool = False

    def __init__(self, message: str, *, permanent: bool | None = None) -> None:
        super().__init__(message)
        self.message = message
        if permanent is not None:
            self.permanent = permanent


class TransientError(PlatformError):
    """Network trouble, rate limits, a 5xx: try again later (with backoff)."""

    permanent = False


class PermanentError(PlatformError):
    """Bad credentials, a deleted account or post, a refused request: do not retry."""

    permanent = True


class AuthenticationFailed(PermanentError):
    """The stored credentials were refused: the person must connect the account again."""


def refuse_malformed_credential(credential: str, described: str) -> None:
    """Raise `AuthenticationFailed` for a credential that cannot be one (empty, or holding
    white space) before it is sent anywhere; `described` says what it should have been."""
    if not credential or any(ch.isspace() for ch in credential):
        raise AuthenticationFailed(f"That does not look like {described}.")


class NotFound(PermanentError):
    pass


class NotSupported(PermanentError):
    """The platform offers no such action (see the adapter's `capabilities`)."""


class TokenRevoked(AuthenticationFailed):
    """The platform says the access token was revoked or expired (Graph error 190): the
    person must grant access again, and a lead is told."""


class RateLimited(TransientError):
    """The platform throttles this account or app; `retry_after` is how long it asked us to
    wait (seconds), when it said."""

    def __init__(self, message: str, *, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


def error_for_status(status: int, message: str) -> PlatformError:
    """Classify an HTTP status: 401/403 refused, 404/410 gone, 429 and 5xx transient."""
    if status in (401, 403):
        return AuthenticationFailed(message)
    if status in (404, 410):
        return NotFound(message)
    if status == 429 or status >= 500:
        return TransientError(message)
    return PermanentError(message)
