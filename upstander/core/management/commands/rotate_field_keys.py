from __future__ import annotations

from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction
from tqdm import tqdm

from upstander.core.crypto import EncryptedTextField


class Command(BaseCommand):
    help = "Re-encrypt every encrypted field under the newest key in FIELD_ENCRYPTION_KEYS."

    def handle(self, *args: Any, **options: Any) -> None:
        total = 0
        for model in apps.get_models():
            names = [
                field.attname
                for field in model._meta.concrete_fields
                if isinstance(field, EncryptedTextField)
            ]
            if not names:
                continue
            # Reading decrypts with whichever configured key fits; writing encrypts with the
            # newest. The plain text exists only in this process's memory.
            with transaction.atomic():
                rows = model._base_manager.values_list("pk", *names).iterator()
                for pk, *values in tqdm(rows, desc=model._meta.label, unit="row", disable=None):
                    # Not `if v`: an encrypted False or [] (consent, wishes) is a value too.
                    fresh = {
                        n: v
                        for n, v in zip(names, values, strict=True)
                        if v is not None and v != ""
                    }
                    if fresh:
                        model._base_manager.filter(pk=pk).update(**fresh)
                        total += 1
        self.stdout.write(self.style.SUCCESS(f"Re-encrypted {total} rows under the newest key."))
