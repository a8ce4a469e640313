from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from upstander.accounts.models import User
from upstander.cases.services.subject_access import subject_access_export


class Command(BaseCommand):
    help = "Write everything held about one person (JSON + their files, third parties redacted)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email")
        parser.add_argument("output", type=Path, help="where to write the zip")

    def handle(self, *args: Any, email: str, output: Path, **options: Any) -> None:
        person = User.objects.filter(email=email.strip().lower()).first()
        if person is None:
            raise CommandError(f"Nobody with a login has the address {email}.")
        output.write_bytes(subject_access_export(None, person=person))
        self.stdout.write(self.style.SUCCESS(f"Wrote {output}."))
