from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from upstander.accounts.errors import MemberImportRejected
from upstander.accounts.forms import MAX_IMPORT_BYTES
from upstander.accounts.services import members_import_csv
from upstander.accounts.standing import standing_kept_words

# Exit status for a file we refuse, so scripts can tell bad input from a crash (1).
BAD_INPUT = 2


def _one_line(text: str) -> str:
    """Row text can hold quoted newlines; the refusal must stay one line."""
    return " ".join(text.split())


class Command(BaseCommand):
    help = (
        "Import the membership register from a CSV file: all rows, or none if any is wrong "
        "(exit status 2; -v 2 lists every faulty line)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path)

    def handle(self, *args: Any, path: Path, verbosity: int = 1, **options: Any) -> None:
        text = _read_register(path)
        try:
            result = members_import_csv(
                None,
                text=text,
                progress=lambda rows: tqdm(rows, desc="Importing members", unit="row"),
            )
        except MemberImportRejected as rejected:
            if verbosity >= 2:
                for row_error in rejected.errors:
                    self.stderr.write(_one_line(f"line {row_error.line}: {row_error.message}"))
            first, more = rejected.errors[0], len(rejected.errors) - 1
            also = f" (and {more} more line(s) to correct; -v 2 lists them)" if more else ""
            raise CommandError(
                _one_line(f"No members were imported: line {first.line}: {first.message}{also}"),
                returncode=BAD_INPUT,
            ) from rejected
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported {result.created} new and {result.updated} updated members "
                f"({result.handles_added} accounts declared)."
            )
        )
        if result.standing_kept:
            self.stdout.write(self.style.WARNING(standing_kept_words(result.standing_kept)))


def _read_register(path: Path) -> str:
    """The file's text, or a one-line refusal saying why it cannot be a CSV register."""

    def refuse(reason: str) -> CommandError:
        return CommandError(f"No members were imported: {path} {reason}.", returncode=BAD_INPUT)

    try:
        if path.stat().st_size > MAX_IMPORT_BYTES:
            raise refuse("is larger than 5 MB; split it into parts")
        raw = path.read_bytes()
    except FileNotFoundError as error:
        raise refuse("does not exist") from error
    except IsADirectoryError as error:
        raise refuse("is a folder, not a file") from error
    except OSError as error:
        raise refuse(f"cannot be read ({error.strerror})") from error
    if b"\x00" in raw:
        raise refuse("is not a CSV text file (it holds binary data)")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise refuse(
            f"is not UTF-8 text (byte {error.start}); save it from your spreadsheet as 'CSV UTF-8'"
        ) from error
