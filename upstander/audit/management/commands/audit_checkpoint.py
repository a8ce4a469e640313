from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.mail import send_mail
from django.core.management.base import BaseCommand, CommandError, CommandParser

from upstander.audit.selectors import audit_checkpoint_current


class Command(BaseCommand):
    help = (
        "Write the audit chain's head (sequence, hash, signature, time) to a file and/or mail "
        "it, for the party to keep outside the database; `verify_audit --checkpoint FILE` later "
        "proves the log was neither cut short nor rewritten. Run it on a schedule."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--out", metavar="FILE", help="write the checkpoint to this file")
        parser.add_argument(
            "--mail", metavar="ADDRESS", action="append", default=[], help="mail it (repeatable)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["out"] and not options["mail"]:
            raise CommandError("Say where the checkpoint goes: --out FILE and/or --mail ADDRESS.")
        checkpoint = audit_checkpoint_current()
        if checkpoint is None:
            raise CommandError("The audit log is empty: there is nothing to checkpoint yet.")
        text = checkpoint.to_json()
        if options["out"]:
            Path(options["out"]).write_text(text, encoding="utf-8")
        if options["mail"]:
            send_mail(
                subject=f"Audit checkpoint #{checkpoint.sequence}",
                message=(
                    "Keep this message: it lets you prove later that the audit log was neither "
                    "cut short nor rewritten (manage.py verify_audit --checkpoint FILE).\n\n" + text
                ),
                from_email=None,
                recipient_list=options["mail"],
            )
        self.stdout.write(f"Checkpoint at entry #{checkpoint.sequence}.")
