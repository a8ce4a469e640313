"""Read the party mailbox: each email a representative forwarded becomes a report, with the
original `.eml` as its evidence. Once (cron, every few minutes), or with --loop until stopped.

Safe to run again, or twice at once, or after a crash: no message becomes two reports.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.db import OperationalError

from upstander.core.management.looping import LoopingCommand
from upstander.reports.errors import MailboxNotConfigured, MailboxUnavailable
from upstander.reports.services.mailbox import mailbox_read


class Command(LoopingCommand):
    help = (
        "Make a report of each email forwarded to the party mailbox (REPORT_MAILBOX_URL); "
        "once, or with --loop until SIGTERM."
    )
    default_interval = 60.0

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument(
            "--once", action="store_true", help="read once and stop (the default without --loop)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["once"]:
            options["loop"] = False
        self._looping = bool(options["loop"])
        super().handle(*args, **options)

    def run_once(self) -> None:
        try:
            read = mailbox_read(progress=self.stdout.write)
        except MailboxNotConfigured as error:
            raise CommandError(error.message) from error
        except MailboxUnavailable as error:
            # Recorded on the mailbox for the lead; a loop tries again next round.
            if not self._looping:
                raise CommandError(error.message) from error
            self.stderr.write(error.message)
            return
        except OperationalError as error:
            # The database went away mid-read: nothing half-stored, the next round goes on.
            if not self._looping:
                raise
            self.stderr.write(f"The database failed during the read ({error}); trying again.")
            return
        self.stdout.write(
            self.style.SUCCESS(
                f"{read.mailbox}: {len(read.reported)} new report(s), {read.set_aside} set "
                f"aside, {read.already} taken before."
            )
        )
