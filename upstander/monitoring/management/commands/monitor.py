"""`manage.py monitor --source ...`: the ingest worker. Run as many as you like."""

from __future__ import annotations

import logging
import signal
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from upstander.monitoring.pipeline import Monitor, RunStats
from upstander.monitoring.sources import SourceSpecError, run_source, source_check

# Exit status for bad input (a wrong --source or --scorer), as for any operator command.
BAD_INPUT = 2


class Command(BaseCommand):
    help = (
        "Read a source, keep the posts aimed at watched accounts, score and store them. "
        "--source replay:PATH | jetstream:URL | firehose:URL | mastodon | bluesky-notifications "
        "| facebook | instagram | youtube | x"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--source", required=True)
        parser.add_argument("--follow", action="store_true", help="replay: wait for more lines")
        parser.add_argument("--once", action="store_true", help="per-account sources: one pass")
        parser.add_argument("--scorer", default="builtin", help="'none' stores posts unscored")
        parser.add_argument("--owner", default="", help="lease owner name (default host:pid)")
        parser.add_argument("--lease-seconds", type=float, default=30.0)
        parser.add_argument("--batch-events", type=int, default=20_000)
        parser.add_argument("--batch-posts", type=int, default=1_000)
        parser.add_argument("--flush-seconds", type=float, default=1.0)
        parser.add_argument("--poll-seconds", type=float, default=30.0)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            source_check(options["source"])
        except SourceSpecError as error:
            raise CommandError(str(error), returncode=BAD_INPUT) from error
        logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
        scorer = None
        if options["scorer"] != "none":
            from upstander.classify import ConfigurationError, load_scorer

            try:
                scorer = load_scorer(options["scorer"])
            except ConfigurationError as error:
                raise CommandError(f"--scorer: {error}", returncode=BAD_INPUT) from error
        monitor = Monitor(
            scorer=scorer,
            lease_seconds=options["lease_seconds"],
            batch_events=options["batch_events"],
            batch_posts=options["batch_posts"],
            flush_seconds=options["flush_seconds"],
        )
        if options["owner"]:
            monitor.owner = options["owner"]
        signal.signal(signal.SIGTERM, monitor.request_stop)
        signal.signal(signal.SIGINT, monitor.request_stop)
        try:
            stats = run_source(
                monitor,
                options["source"],
                follow=options["follow"],
                once=options["once"],
                poll_seconds=options["poll_seconds"],
            )
        except SourceSpecError as error:  # e.g. the replay file went away meanwhile
            raise CommandError(str(error), returncode=BAD_INPUT) from error
        self.stdout.write(_summary(stats))


def _summary(stats: RunStats) -> str:
    return (
        f"events: {stats.events}  malformed: {stats.malformed}  matched: {stats.matched}  "
        f"stored: {stats.stored}  alerts: {stats.alerts}  batches: {stats.batches}  "
        f"set aside: {stats.set_aside}"
        + ("  (another monitor took over)" if stats.lease_lost else "")
    )
