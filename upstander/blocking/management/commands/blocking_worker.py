"""Run due block deliveries (retries after backoff, rate-limited writes), retry due hand-overs
(block requests whose account could not be found yet) and lift expired blocks.

Any number of copies may run: each delivery is claimed with a conditional UPDATE.
"""

from __future__ import annotations

import signal
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from upstander.blocking.services import blocks_expire, deliveries_run_due, handovers_retry_due


class Command(BaseCommand):
    help = "Send due block deliveries; with --loop, keep doing so until stopped (SIGTERM)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--loop", action="store_true")
        parser.add_argument("--interval", type=float, default=1.0)

    def handle(self, *args: Any, **options: Any) -> None:
        stopping = False

        def stop(*_: object) -> None:
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGTERM, stop)
        while True:
            expired = blocks_expire()
            retried = handovers_retry_due()
            ran = deliveries_run_due()
            if expired or ran or retried:
                self.stdout.write(
                    f"deliveries run: {ran}; hand-overs retried: {retried}; "
                    f"blocks expired: {expired}"
                )
            if not options["loop"] or stopping:
                return
            time.sleep(options["interval"])
