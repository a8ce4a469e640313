"""The database cache's table: rate-limit counters shared by every web process (REDIS_URL aside).

Made here rather than by a separate `createcachetable` step, so `migrate` alone gives a working
site and the test database has it too.
"""

from __future__ import annotations

from typing import Any

from django.core.management.commands.createcachetable import Command as CreateCacheTable
from django.db import migrations

CACHE_TABLE = "upstander_cache"


def create(apps: Any, schema_editor: Any) -> None:
    command = CreateCacheTable()
    command.verbosity = 0
    command.create_table(schema_editor.connection.alias, CACHE_TABLE, dry_run=False)


def drop(apps: Any, schema_editor: Any) -> None:
    schema_editor.execute(f"DROP TABLE IF EXISTS {schema_editor.quote_name(CACHE_TABLE)}")


class Migration(migrations.Migration):
    dependencies = [("core", "0001_queued_mail")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
