"""Send queued mail whose next try is due: retries after a refusal, and any mail whose task was
lost. Safe to run as often as you like, from cron or with --loop, in any number of copies: each
try is claimed with a conditional UPDATE."""

from __future__ import annotations

import signal
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from upstander.core.mail import mail_failed_count, mail_send_due


class Command(BaseCommand):
    help = "Send queued mail that is due; with --loop, keep doing so until stopped (SIGTERM)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--loop", action="store_true")
        parser.add_argument("--interval", type=float, default=30.0)

    def handle(self, *args: Any, **options: Any) -> None:
        stopping = False

        def stop(*_: object) -> None:
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGTERM, stop)
        while True:
            sent = mail_send_due()
            self.stdout.write(f"Sent {sent} due mails; {mail_failed_count()} failed for good.")
            if not options["loop"] or stopping:
                return
            time.sleep(options["interval"])
