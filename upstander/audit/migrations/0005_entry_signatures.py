from __future__ import annotations

import importlib

from django.db import migrations, models
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

_triggers = importlib.import_module("upstander.audit.migrations.0002_append_only_triggers")


def recreate_sqlite_triggers(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    # SQLite adds these columns by rebuilding the table, which drops its triggers: put them back.
    if schema_editor.connection.vendor == "sqlite":
        _triggers.drop_append_only_triggers(apps, schema_editor)
        _triggers.add_append_only_triggers(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [("audit", "0004_truncate_refused_without_exception")]

    operations = [
        migrations.AddField(
            model_name="auditentry",
            name="key_id",
            field=models.CharField(blank=True, default="", max_length=16),
        ),
        migrations.AddField(
            model_name="auditentry",
            name="signature",
            field=models.CharField(blank=True, default="", max_length=64),
        ),
        migrations.RunPython(recreate_sqlite_triggers, recreate_sqlite_triggers),
    ]
