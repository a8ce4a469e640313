"""Send queued mail whose next try is due: retries after a refusal, and any mail whose task was
lost. Safe to run as often as you like, from cron or with --loop, in any number of copies: each
try is claimed with a conditional UPDATE."""

from __future__ import annotations

from upstander.core.mail import mail_failed_count, mail_send_due
from upstander.core.management.looping import LoopingCommand


class Command(LoopingCommand):
    help = "Send queued mail that is due; with --loop, keep doing so until stopped (SIGTERM)."
    default_interval = 30.0

    def run_once(self) -> None:
        sent = mail_send_due()
        self.stdout.write(f"Sent {sent} due mails; {mail_failed_count()} failed for good.")
