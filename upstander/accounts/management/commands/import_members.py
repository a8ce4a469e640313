from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from upstander.accounts.errors import MemberImportRejected
from upstander.accounts.services import members_import_csv


class Command(BaseCommand):
    help = "Import the membership register from a CSV file: all rows, or none if any is wrong."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path)

    def handle(self, *args: Any, path: Path, **options: Any) -> None:
        try:
            text = path.read_text(encoding="utf-8-sig")
        except FileNotFoundError as error:
            raise CommandError(f"No file at {path}.") from error
        except UnicodeDecodeError as error:
            raise CommandError(f"{path} is not UTF-8 text.") from error
        try:
            result = members_import_csv(
                None,
                text=text,
                progress=lambda rows: tqdm(rows, desc="Importing members", unit="row"),
            )
        except MemberImportRejected as rejected:
            for row_error in rejected.errors:
                self.stderr.write(f"line {row_error.line}: {row_error.message}")
            raise CommandError(rejected.message) from rejected
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported {result.created} new and {result.updated} updated members "
                f"({result.handles_added} accounts declared)."
            )
        )
