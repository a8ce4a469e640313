from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from upstander.audit.checkpoints import Checkpoint, CheckpointInvalid
from upstander.audit.selectors import audit_chain_verify

# Exit codes a scheduler can act on.
EXIT_BROKEN = 1
EXIT_BAD_INPUT = 2


class Command(BaseCommand):
    help = (
        "Check the audit log's hash chain and signatures and report the first broken link; "
        "with --checkpoint, also prove the log still holds the checkpoint's entry unchanged. "
        "Exit 0: intact, 1: broken, 2: bad input (unreadable or unsigned checkpoint)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--checkpoint",
            metavar="FILE",
            help="a checkpoint written by `manage.py audit_checkpoint`",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        checkpoint = None
        if options["checkpoint"]:
            try:
                text = Path(options["checkpoint"]).read_text(encoding="utf-8")
                checkpoint = Checkpoint.from_json(text)
            except (OSError, UnicodeDecodeError, CheckpointInvalid) as error:
                raise CommandError(
                    f"Cannot use checkpoint {options['checkpoint']}: {error}",
                    returncode=EXIT_BAD_INPUT,
                ) from error
        try:
            report = audit_chain_verify(checkpoint=checkpoint)
        except CheckpointInvalid as error:
            raise CommandError(
                f"Cannot use checkpoint {options['checkpoint']}: {error}",
                returncode=EXIT_BAD_INPUT,
            ) from error
        if report.first_break is not None:
            raise CommandError(
                f"Audit chain broken at entry #{report.first_break.sequence}: "
                f"{report.first_break.reason} ({report.entries_checked} entries intact before it).",
                returncode=EXIT_BROKEN,
            )
        against = f", including checkpoint #{checkpoint.sequence}" if checkpoint else ""
        self.stdout.write(
            self.style.SUCCESS(f"Audit chain intact: {report.entries_checked} entries{against}.")
        )
