from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from upstander.audit.selectors import audit_chain_verify


class Command(BaseCommand):
    help = "Check the audit log's hash chain and report the first broken link."

    def handle(self, *args: Any, **options: Any) -> None:
        report = audit_chain_verify()
        if report.first_break is not None:
            raise CommandError(
                f"Audit chain broken at entry #{report.first_break.sequence}: "
                f"{report.first_break.reason} ({report.entries_checked} entries intact before it)."
            )
        self.stdout.write(
            self.style.SUCCESS(f"Audit chain intact: {report.entries_checked} entries.")
        )
