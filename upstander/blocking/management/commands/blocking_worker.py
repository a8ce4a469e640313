"""Run due block deliveries (retries after backoff, rate-limited writes), retry due hand-overs
(block requests whose account could not be found yet) and lift expired blocks.

Any number of copies may run: each delivery is claimed with a conditional UPDATE.
"""

from __future__ import annotations

from upstander.blocking.services import blocks_expire, deliveries_run_due, handovers_retry_due
from upstander.core.management.looping import LoopingCommand


class Command(LoopingCommand):
    help = "Send due block deliveries; with --loop, keep doing so until stopped (SIGTERM)."
    default_interval = 1.0

    def run_once(self) -> None:
        expired = blocks_expire()
        retried = handovers_retry_due()
        ran = deliveries_run_due()
        if expired or ran or retried:
            self.stdout.write(
                f"deliveries run: {ran}; hand-overs retried: {retried}; blocks expired: {expired}"
            )
