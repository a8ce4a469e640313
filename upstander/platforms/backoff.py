"""Reconnect and retry delays: exponential with full jitter, capped; and one call's retries."""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator

from upstander.platforms.errors import PlatformError, RateLimited


def delays(*, base: float = 0.5, cap: float = 60.0) -> Iterator[float]:
    attempt = 0
    while True:
        yield random.uniform(0, min(cap, base * 2**attempt))  # noqa: S311 - jitter, not secrecy
        attempt = min(attempt + 1, 16)


class Retrying:
    """One API call's retries: at most `retries` after the first try, waiting as a rate limit
    asks (when that is within `max_wait`) or else with backoff."""

    def __init__(self, *, retries: int, max_wait: float, wait: Callable[[float], None]) -> None:
        self.retries = retries
        self.max_wait = max_wait
        self._wait = wait
        self._backoff = delays(base=0.5, cap=max_wait)
        self._failures = 0

    def wait_or_raise(self, failure: PlatformError, *, cause: BaseException | None = None) -> None:
        """Wait before the next try, or raise `failure` (from `cause`) when no try may follow:
        it is permanent, the retries are spent, or the platform asks for a longer wait than
        `max_wait`."""
        self._failures += 1
        asked = failure.retry_after if isinstance(failure, RateLimited) else None
        if (
            failure.permanent
            or self._failures > self.retries
            or (asked is not None and asked > self.max_wait)
        ):
            raise failure from cause
        self._wait(asked if asked is not None else next(self._backoff))


class RetryingClient:
    """A platform client whose calls are retried: its limits, and every wait a rate limit or a
    retry asked for (seconds, in `waited`, for a source's health and for tests)."""

    def __init__(self, *, retries: int, max_wait: float, sleep: Callable[[float], None]) -> None:
        self.retries = retries
        self.max_wait = max_wait
        self._sleep = sleep
        self.waited: list[float] = []

    def _retrying(self) -> Retrying:
        """The retries of one call."""
        return Retrying(retries=self.retries, max_wait=self.max_wait, wait=self._wait)

    def _wait(self, seconds: float) -> None:
        self.waited.append(seconds)
        self._sleep(seconds)
