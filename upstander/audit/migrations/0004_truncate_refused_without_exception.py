from __future__ import annotations

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

# No session switch any more: any role could set it. TRUNCATE is refused whoever asks, unless
# the log is already empty (emptying an empty log changes no history, and lets a test database
# be flushed after its owner has cleared the log with the trigger disabled). TRUNCATE holds an
# ACCESS EXCLUSIVE lock before BEFORE TRUNCATE triggers fire, so no row can slip in between.
POSTGRES_TRUNCATE_FUNCTION = """
CREATE OR REPLACE FUNCTION audit_entry_refuse_truncate() RETURNS trigger AS $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM audit_auditentry) THEN
        RETURN NULL;
    END IF;
    RAISE EXCEPTION 'audit_auditentry is append-only: TRUNCATE refused';
END;
$$ LANGUAGE plpgsql;
"""
PREVIOUS_FUNCTION = """
CREATE OR REPLACE FUNCTION audit_entry_refuse_truncate() RETURNS trigger AS $$
BEGIN
    IF coalesce(current_setting('upstander.audit_truncate_allowed', true), '') = 'on' THEN
        RETURN NULL;
    END IF;
    RAISE EXCEPTION 'audit_auditentry is append-only: TRUNCATE refused';
END;
$$ LANGUAGE plpgsql;
"""


def forwards(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(POSTGRES_TRUNCATE_FUNCTION, params=None)


def backwards(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(PREVIOUS_FUNCTION, params=None)


class Migration(migrations.Migration):
    dependencies = [("audit", "0003_refuse_truncate")]

    operations = [migrations.RunPython(forwards, backwards)]
