from __future__ import annotations

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

# TRUNCATE skips row triggers, so PostgreSQL needs a statement trigger as well. Emptying the
# whole log is allowed only with the session switch `upstander.audit_truncate_allowed = on`,
# which the test suite sets to reset its database between tests; no application code sets it.
POSTGRES_TRUNCATE_TRIGGER = """
CREATE OR REPLACE FUNCTION audit_entry_refuse_truncate() RETURNS trigger AS $$
BEGIN
    IF coalesce(current_setting('upstander.audit_truncate_allowed', true), '') = 'on' THEN
        RETURN NULL;
    END IF;
    RAISE EXCEPTION 'audit_auditentry is append-only: TRUNCATE refused';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER audit_entry_refuse_truncate
    BEFORE TRUNCATE ON audit_auditentry
    FOR EACH STATEMENT EXECUTE FUNCTION audit_entry_refuse_truncate();
"""


def add(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(POSTGRES_TRUNCATE_TRIGGER, params=None)


def remove(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "DROP TRIGGER IF EXISTS audit_entry_refuse_truncate ON audit_auditentry;"
            "DROP FUNCTION IF EXISTS audit_entry_refuse_truncate();",
            params=None,
        )


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_append_only_triggers")]

    operations = [migrations.RunPython(add, remove)]
