"""Send the welcome pack to members who joined since the last run (safe to run often)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from upstander.policies.services import welcome_packs_send_pending


class Command(BaseCommand):
    help = "Send welcome packs to new members (run from cron or a timer every few minutes)."

    def handle(self, *args: Any, **options: Any) -> None:
        sent = welcome_packs_send_pending(None)
        self.stdout.write(f"Welcome packs sent: {sent}")
