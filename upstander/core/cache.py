"""The database cache, with an increment that counts every hit when processes race."""

from __future__ import annotations

from typing import Any

from django.core.cache.backends.db import DatabaseCache
from django.db import connections, router, transaction


class SharedDatabaseCache(DatabaseCache):
    """Django's database cache reads then writes in `incr`, so two processes counting the same
    rate-limit bucket at once can lose a hit. Here the row is locked first (PostgreSQL), and on
    SQLite the project's immediate transactions already queue writers."""

    def __init__(self, table: str, params: dict[str, Any]) -> None:
        super().__init__(table, params)
        self.table_name = table

    def incr(self, key: Any, delta: int = 1, version: int | None = None) -> Any:
        db = router.db_for_write(self.cache_model_class)
        connection = connections[db]
        with transaction.atomic(using=db):
            if connection.features.has_select_for_update:
                table = connection.ops.quote_name(self.table_name)
                with connection.cursor() as cursor:
                    cursor.execute(
                        f"SELECT cache_key FROM {table} WHERE cache_key = %s FOR UPDATE",  # noqa: S608 - the table name is ours
                        [self.make_and_validate_key(key, version=version)],
                    )
            return super().incr(key, delta, version)
