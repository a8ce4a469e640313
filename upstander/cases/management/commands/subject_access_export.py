from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from upstander.accounts.models import User
from upstander.cases.services.subject_access import subject_access_export

# Exit status for bad input (unknown person, unusable path), apart from a crash (1).
BAD_INPUT = 2


class Command(BaseCommand):
    help = "Write everything held about one person (JSON + their files, third parties redacted)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email")
        parser.add_argument("output", type=Path, help="where to write the zip")

    def handle(self, *args: Any, email: str, output: Path, **options: Any) -> None:
        _check_output(output)
        person = User.objects.filter(email=email.strip().lower()).first()
        if person is None:
            raise CommandError(
                f"Nobody with a login has the address {email}.", returncode=BAD_INPUT
            )
        # The export's audit entry stands only if the zip was really written.
        with transaction.atomic():
            _write_whole(output, subject_access_export(None, person=person))
        self.stdout.write(self.style.SUCCESS(f"Wrote {output}."))


def _check_output(output: Path) -> None:
    """Refuse, before anything is exported, a path the zip could not be written to."""
    folder = output.parent
    if not folder.is_dir():
        raise CommandError(
            f"No folder {folder} to write {output.name} into; create it first.",
            returncode=BAD_INPUT,
        )
    if output.is_dir():
        raise CommandError(f"{output} is a folder; give a file name.", returncode=BAD_INPUT)
    if not os.access(folder, os.W_OK):
        raise CommandError(f"Cannot write into {folder}.", returncode=BAD_INPUT)


def _write_whole(output: Path, content: bytes) -> None:
    """Write beside the target and rename, so a failed write leaves no half a zip behind."""
    try:
        handle, partial = tempfile.mkstemp(dir=output.parent, prefix=f".{output.name}.")
        try:
            with os.fdopen(handle, "wb") as file:
                file.write(content)
            os.replace(partial, output)
        except BaseException:
            Path(partial).unlink(missing_ok=True)
            raise
    except OSError as error:
        raise CommandError(
            f"Could not write {output} ({error.strerror}).", returncode=BAD_INPUT
        ) from error
