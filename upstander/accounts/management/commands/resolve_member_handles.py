from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from tqdm import tqdm

from upstander.accounts.services import handles_resolve_missing


class Command(BaseCommand):
    help = (
        "Look up the stable id (Bluesky DID, Mastodon account URI) of every member's declared "
        "account that has none, so a member who changes handle is still recognised. Safe to "
        "run again: accounts that cannot be looked up now are tried next time."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        run = handles_resolve_missing(
            None, progress=lambda rows: tqdm(rows, desc="Looking up accounts", unit="account")
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"Stable ids found for {run.resolved} account(s); {run.unresolved} still by "
                "handle only (no connected account could look them up)."
            )
        )
