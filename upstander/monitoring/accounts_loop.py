"""Per-account sources: each connected account's notifications, one lease per account.

Every account is its own partition (`mastodon-notifications:<id>`), so several monitors share the
accounts between them without reading any twice; the notification cursor is checkpointed with
the posts, as for the streams. Polling the notifications is what stores posts (restart-safe by
its cursor); for Mastodon the streaming API's user stream wakes the loop as soon as a mention
arrives, so polling every `poll_seconds` is only the fallback. For Facebook and Instagram, Meta's
webhook marks an account's source due (`monitoring/webhooks.py`), and between full rounds the
loop reads due accounts every `due_seconds`; the read is the same poll, from the same cursor.
A platform call that fails in a way its adapter did not foresee (a server can answer anything)
is noted on that account's source like any platform error, and the loop goes on to the others.
"""

from __future__ import annotations

import logging
import re
import threading
import time
from collections.abc import Callable
from datetime import timedelta
from functools import partial
from typing import Any, TypeVar

from django.db import DatabaseError
from django.utils import timezone

from upstander.core.outbound import allow_private_hosts
from upstander.monitoring import selectors
from upstander.monitoring.errors import LeaseLost
from upstander.monitoring.models import WatchedAccount
from upstander.monitoring.pipeline import Monitor, RunStats
from upstander.monitoring.services import (
    ingest_batch,
    source_claim,
    source_error_record,
    source_read_record,
    source_release,
    source_wait_record,
    watched_account_error_record,
    watched_account_session_save,
)
from upstander.monitoring.services.ingest import BatchResult
from upstander.monitoring.services.sources import source_cursor, source_due_clear
from upstander.platforms.errors import (
    AuthenticationFailed,
    PlatformError,
    RateLimited,
    TransientError,
)

log = logging.getLogger("upstander.monitor")
T = TypeVar("T")

MAX_PAGES_PER_ROUND = 50
# Platforms whose webhooks mark an account due (Meta's); the loop looks for due accounts every
# `due_seconds` between its full rounds.
WEBHOOK_PLATFORMS = frozenset({"facebook", "instagram"})
TRACE = re.compile(r", trace [^\s,)]+")


def adapter_for(account: WatchedAccount) -> Any:
    """The platform adapter for a connected account, reusing a stored login session."""
    if account.platform == "mastodon":
        from upstander.platforms.mastodon import MastodonAdapter

        return MastodonAdapter(
            api_base_url=account.instance_url,
            access_token=account.credential,
            allow_private=allow_private_hosts(),
        )
    if account.platform == "bluesky":
        from upstander.monitoring.connect import bluesky_default_server
        from upstander.platforms.bluesky import BlueskyAdapter

        service = account.instance_url or bluesky_default_server()
        adapter = BlueskyAdapter.resume_or_login(
            service=service,
            session=account.session,
            handle=account.handle,
            password=account.credential,
            allow_private=allow_private_hosts(),
        )
        if adapter.export_session() != account.session:
            watched_account_session_save(account=account, session=adapter.export_session())
        return adapter
    if account.platform == "facebook":
        from upstander.monitoring.connect import facebook_graph_url
        from upstander.platforms.facebook import FacebookAdapter

        return FacebookAdapter(
            access_token=account.credential,
            api_base_url=account.instance_url or facebook_graph_url(),
            allow_private=allow_private_hosts(),
        )
    if account.platform == "x":
        from upstander.monitoring.connect import x_api_url
        from upstander.platforms.x import XAdapter

        return XAdapter(
            access_token=account.credential,
            user_id=account.stable_id,
            api_base_url=x_api_url(),
            allow_private=allow_private_hosts(),
        )
    if account.platform == "instagram":
        from upstander.monitoring.connect import instagram_graph_url
        from upstander.platforms.instagram import InstagramAdapter

        return InstagramAdapter(
            access_token=account.credential,
            ig_user_id=account.stable_id,
            api_base_url=account.instance_url or instagram_graph_url(),
            allow_private=allow_private_hosts(),
        )
    if account.platform == "youtube":
        from upstander.monitoring.connect import youtube_api_url
        from upstander.platforms.youtube import YouTubeAdapter

        return YouTubeAdapter(
            access_token=account.credential,
            channel_id=account.stable_id,
            api_root_url=account.instance_url or youtube_api_url(),
        )
    raise PlatformError(f"No reader for {account.platform}.", permanent=True)


class Wakers:
    """One streaming listener per account this process holds; any mention wakes the loop."""

    def __init__(self) -> None:
        self.wake = threading.Event()
        self.threads: dict[int, threading.Thread] = {}

    def listen(self, account_id: int, adapter: Any) -> None:
        running = self.threads.get(account_id)
        if running is not None and running.is_alive():
            return

        def follow() -> None:
            try:
                for _ in adapter.stream_mentions():
                    self.wake.set()
            except PlatformError as error:
                log.info("stream for account %s ended (%s); polling covers it", account_id, error)
                self.wake.set()
            except Exception:
                log.exception("stream for account %s broke; polling covers it", account_id)
                self.wake.set()

        thread = threading.Thread(target=follow, name=f"stream-{account_id}", daemon=True)
        self.threads[account_id] = thread
        thread.start()

    def wait(self, monitor: Monitor, seconds: float) -> bool:
        """Wait up to `seconds`; True if a stream woke us."""
        end = time.monotonic() + seconds
        woken = False
        while not monitor.stopping() and time.monotonic() < end:
            if self.wake.wait(timeout=min(0.2, max(0.0, end - time.monotonic()))):
                woken = True
                break
        self.wake.clear()
        return woken


def _on_platform(name: str, call: Callable[[], T]) -> T:
    """Make one platform call for source `name`. Anything it raises other than a
    `PlatformError` (an adapter that could not make sense of an answer) is logged and becomes a
    transient error naming only the exception's type, never the answer. Our own database's
    errors are not the platform's, and go on up."""
    try:
        return call()
    except (PlatformError, DatabaseError):
        raise
    except Exception as error:
        kind = type(error).__name__
        log.exception("%s: unexpected %s from the platform", name, kind)
        raise TransientError(f"Unexpected {kind} from the platform.") from error


def _claim_for_a_read(monitor: Monitor, name: str) -> bool:
    if selectors.source_waits(name=name):
        return False  # the platform asked us to wait (a spent quota): not one request before then
    if not source_claim(name=name, owner=monitor.owner, lease_seconds=monitor.lease_seconds):
        return False  # another monitor has this account
    source_due_clear(name=name)  # what a webhook announced until now, this read reads
    return True


def _count_page(stats: RunStats, interactions: int, result: BatchResult) -> None:
    stats.events += interactions
    stats.matched += interactions
    stats.stored += result.posts_stored
    stats.alerts += len(result.alerts)
    stats.batches += 1


def poll_account(
    monitor: Monitor, account: WatchedAccount, stats: RunStats, wakers: Wakers | None = None
) -> None:
    name = f"{account.platform}-notifications:{account.pk}"
    if not _claim_for_a_read(monitor, name):
        return
    targets = selectors.watch_targets(platform=account.platform)
    adapter: Any = None
    try:
        adapter = _on_platform(name, partial(adapter_for, account))
        if wakers is not None and account.platform == "mastodon":
            wakers.listen(account.pk, adapter)
        cursor = source_cursor(name=name) or None
        backlog: int | None = 1  # a round that ends before catching up leaves a page or more
        # A read that stopped at its page cap hands back a cursor to resume from; an edge read
        # through to its end each time (Instagram's comments) can come back round to a cursor
        # already held this round with nothing new: that too is caught up.
        seen = {cursor}
        for _ in range(MAX_PAGES_PER_ROUND):
            page = _on_platform(name, partial(adapter.mentions_page, cursor=cursor))
            if account.last_error:
                watched_account_error_record(account=account, message="")
            if page.cursor is None or (page.cursor in seen and not page.interactions):
                backlog = 0
                break  # nothing new (Facebook hands back the same cursor)
            result = ingest_batch(
                source=name,
                owner=monitor.owner,
                lease_seconds=monitor.lease_seconds,
                cursor=page.cursor,
                events_seen=len(page.interactions),
                events_malformed=0,
                interactions=page.interactions,
                targets=targets,
                scores=monitor.score(page.interactions),
            )
            _count_page(stats, len(page.interactions), result)
            cursor = page.cursor
            seen.add(cursor)
            if monitor.stopping():
                backlog = None  # stopped between pages: whether more waits is not known
                break
        source_read_record(name=name, backlog=backlog)
    except AuthenticationFailed as error:
        log.warning("%s: credentials refused; the person must connect again", name)
        source_error_record(name=name, message=_steady(error.message))
        # Shown to the safeguarding lead (who follows whom) and to the person, until it reads.
        watched_account_error_record(account=account, message=_steady(error.message))
    except RateLimited as error:
        if error.retry_after is None:
            log.warning("%s: %s (will retry)", name, error.message)
            source_error_record(name=name, message=_steady(error.message))
        else:  # wait as long as the platform said (until midnight Pacific for YouTube's quota)
            until = timezone.now() + timedelta(seconds=error.retry_after)
            log.warning("%s: %s (waiting until %s)", name, error.message, until.isoformat())
            source_wait_record(name=name, until=until, message=_steady(error.message))
    except PlatformError as error:
        log.warning("%s: %s (will retry)", name, error.message)
        source_error_record(name=name, message=_steady(error.message))
    except LeaseLost:
        stats.lease_lost = True
    finally:
        if account.platform in ("facebook", "instagram", "x", "youtube") and adapter is not None:
            adapter.close()  # one HTTP client per round (no stream keeps it open)


def _steady(message: str) -> str:
    """The error without its per-call trace id (Facebook's `fbtrace_id`), so that the same
    failure, repeated every poll, is recorded once."""
    return TRACE.sub("", message)


def poll_due_accounts(
    monitor: Monitor, *, platform: str, stats: RunStats, wakers: Wakers | None = None
) -> list[str]:
    """Read the accounts a webhook marked due; the names of their sources."""
    polled = []
    for account in selectors.due_accounts(platform=platform):
        if monitor.stopping():
            break
        polled.append(f"{account.platform}-notifications:{account.pk}")
        poll_account(monitor, account, stats, wakers)
    return polled


def run_accounts(
    monitor: Monitor,
    *,
    platform: str,
    once: bool = False,
    poll_seconds: float = 30.0,
    due_seconds: float = 1.0,
) -> RunStats:
    stats = RunStats()
    wakers = None if once else Wakers()
    polled: set[str] = set()
    while not monitor.stop:
        started = time.monotonic()
        for account in selectors.active_accounts(platform=platform):
            if monitor.stopping():
                break
            polled.add(f"{account.platform}-notifications:{account.pk}")
            poll_account(monitor, account, stats, wakers)
        if wakers is None:
            break
        next_round = started + poll_seconds
        if platform not in WEBHOOK_PLATFORMS:
            wakers.wait(monitor, max(0.0, next_round - time.monotonic()))
            continue
        # Until the next full round, read any account a webhook marks due within `due_seconds`.
        while not monitor.stopping() and time.monotonic() < next_round:
            polled.update(poll_due_accounts(monitor, platform=platform, stats=stats))
            if wakers.wait(monitor, min(due_seconds, max(0.0, next_round - time.monotonic()))):
                break
    # A clean stop gives the leases back, so a restarted monitor reads at once (after a kill,
    # they expire); the cursors stay with the sources.
    for name in sorted(polled):
        source_release(name=name, owner=monitor.owner)
    return stats
