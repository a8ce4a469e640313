from __future__ import annotations

from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction

from upstander.core.blind_index import BlindIndexField


class Command(BaseCommand):
    help = (
        "Recompute every blind index under the newest key in FIELD_ENCRYPTION_KEYS "
        "(run after rotate_field_keys, before dropping the old key)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        total = 0
        for model in apps.get_models():
            fields = [f for f in model._meta.concrete_fields if isinstance(f, BlindIndexField)]
            if not fields:
                continue
            # The index key comes from the newest field key, so a rotation changes every index.
            with transaction.atomic():
                for row in model._base_manager.all().iterator():
                    fresh = {f.attname: f.pre_save(row, add=False) for f in fields}
                    model._base_manager.filter(pk=row.pk).update(**fresh)
                    total += 1
        self.stdout.write(self.style.SUCCESS(f"Rebuilt the blind indexes of {total} rows."))
