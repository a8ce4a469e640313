"""A command that does its work once (cron) or, with --loop, until stopped (SIGTERM)."""

from __future__ import annotations

import signal
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser


class LoopingCommand(BaseCommand):
    """Subclasses say what one round does in `run_once`; SIGTERM ends the loop between rounds,
    so a round is never cut off half-way."""

    default_interval = 30.0

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--loop", action="store_true", help="keep going until SIGTERM")
        parser.add_argument(
            "--interval",
            type=float,
            default=self.default_interval,
            help=f"seconds between rounds with --loop (default {self.default_interval:g})",
        )

    def run_once(self) -> None:
        raise NotImplementedError

    def handle(self, *args: Any, **options: Any) -> None:
        stopping = False

        def stop(*_: object) -> None:
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGTERM, stop)
        while True:
            self.run_once()
            if not options["loop"] or stopping:
                return
            time.sleep(options["interval"])
