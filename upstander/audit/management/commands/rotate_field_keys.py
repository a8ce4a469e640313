"""Re-encrypt every encrypted value under the newest key, in audited, resumable batches.

It lives in the audit app, which sits above core, so each batch records its audit entry in the
batch's own transaction: a batch is rotated and recorded, or neither.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction
from tqdm import tqdm

from upstander import audit
from upstander.core.blind_index import rebuild_blind_indexes
from upstander.core.rotation import RotatedBatch, rotate_all, rows_to_scan


class Command(BaseCommand):
    help = (
        "Re-encrypt every encrypted field of every model (evidence bytes included) under the "
        "newest key in FIELD_ENCRYPTION_KEYS. Run it again to resume; values already under "
        "the newest key are skipped."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--batch-size", type=int, default=500, help="Rows per transaction.")
        parser.add_argument(
            "--max-batches",
            type=int,
            default=None,
            help="Stop after this many batches that changed something (run again to resume).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        batch_size: int = options["batch_size"]
        max_batches: int | None = options["max_batches"]

        def record(batch: RotatedBatch) -> None:
            audit.record(
                None,
                "crypto.rotate_batch",
                ("model", batch.model),
                {
                    "rows": batch.rows,
                    "first_pk": batch.first_pk,
                    "last_pk": batch.last_pk,
                    "fields": batch.fields,
                },
            )

        with tqdm(total=rows_to_scan(), desc="rotating", unit="row", disable=None) as bar:
            result = rotate_all(
                batch_size=batch_size,
                max_batches=max_batches,
                on_batch=record,
                on_progress=bar.update,
            )
        # audit.record refuses to run outside a transaction: the run's summary gets its own.
        with transaction.atomic():
            audit.record(
                None,
                "crypto.rotate",
                ("field_keys", "newest"),
                {
                    "rows": result.rotated_rows,
                    "batches": result.batches,
                    "scanned": result.scanned,
                    "complete": result.complete,
                },
            )
        if result.complete:
            # The blind indexes' key derives from the newest field key: rebuild them now, or
            # look-ups by name or email would find nothing once the old key is dropped.
            with transaction.atomic():
                rebuilt = rebuild_blind_indexes()
                audit.record(
                    None,
                    "crypto.rebuild_blind_indexes",
                    ("field_keys", "newest"),
                    {"rows": rebuilt},
                )
            self.stdout.write(
                self.style.SUCCESS(
                    f"Re-encrypted {result.rotated_rows} rows in {result.batches} batches "
                    "under the newest key; every encrypted value is now under it."
                )
            )
        else:
            self.stdout.write(
                self.style.WARNING(
                    f"Re-encrypted {result.rotated_rows} rows in {result.batches} batches, then "
                    "stopped (--max-batches): run the command again to finish."
                )
            )
