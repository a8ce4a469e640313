from __future__ import annotations

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

# The database itself refuses to change what was captured, whatever client connects: an item's
# record (hash, size, type, source, author, capture time, who captured it) is never updated or
# deleted, and its bytes stay with their item. The bytes themselves may be rewritten, because
# key rotation re-encrypts them in place and the database cannot decrypt to compare; every read
# re-hashes them against the item's SHA-256 (`evidence_bytes_verified`) instead. Retention may
# still delete the bytes (never the record), as `evidence_content_purge` does.
# TRUNCATE skips row triggers, so PostgreSQL refuses it with a statement trigger, unless the
# table is already empty (the test suite empties it as the owner, with the trigger disabled).
POSTGRES_TRIGGERS = """
CREATE OR REPLACE FUNCTION evidence_item_immutable() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'evidence_evidenceitem is immutable: % refused', TG_OP;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER evidence_item_immutable
    BEFORE UPDATE OR DELETE ON evidence_evidenceitem
    FOR EACH ROW EXECUTE FUNCTION evidence_item_immutable();

CREATE OR REPLACE FUNCTION evidence_item_refuse_truncate() RETURNS trigger AS $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM evidence_evidenceitem) THEN
        RETURN NULL;
    END IF;
    RAISE EXCEPTION 'evidence_evidenceitem is immutable: TRUNCATE refused';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER evidence_item_refuse_truncate
    BEFORE TRUNCATE ON evidence_evidenceitem
    FOR EACH STATEMENT EXECUTE FUNCTION evidence_item_refuse_truncate();

CREATE OR REPLACE FUNCTION evidence_content_keeps_its_item() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'evidence_evidencecontent: moving bytes to another item is refused';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER evidence_content_keeps_its_item
    BEFORE UPDATE OF item_id ON evidence_evidencecontent
    FOR EACH ROW WHEN (NEW.item_id IS DISTINCT FROM OLD.item_id)
    EXECUTE FUNCTION evidence_content_keeps_its_item();
"""
POSTGRES_DROP = """
DROP TRIGGER IF EXISTS evidence_content_keeps_its_item ON evidence_evidencecontent;
DROP FUNCTION IF EXISTS evidence_content_keeps_its_item();
DROP TRIGGER IF EXISTS evidence_item_refuse_truncate ON evidence_evidenceitem;
DROP FUNCTION IF EXISTS evidence_item_refuse_truncate();
DROP TRIGGER IF EXISTS evidence_item_immutable ON evidence_evidenceitem;
DROP FUNCTION IF EXISTS evidence_item_immutable();
"""
SQLITE_TRIGGERS = [
    """CREATE TRIGGER evidence_item_no_update BEFORE UPDATE ON evidence_evidenceitem
       BEGIN SELECT RAISE(ABORT, 'evidence_evidenceitem is immutable: UPDATE refused'); END;""",
    """CREATE TRIGGER evidence_item_no_delete BEFORE DELETE ON evidence_evidenceitem
       BEGIN SELECT RAISE(ABORT, 'evidence_evidenceitem is immutable: DELETE refused'); END;""",
    """CREATE TRIGGER evidence_content_keeps_its_item
       BEFORE UPDATE OF item_id ON evidence_evidencecontent
       WHEN NEW.item_id IS NOT OLD.item_id
       BEGIN SELECT RAISE(ABORT,
           'evidence_evidencecontent: moving bytes to another item is refused'); END;""",
]
SQLITE_TRIGGER_NAMES = [
    "evidence_item_no_update",
    "evidence_item_no_delete",
    "evidence_content_keeps_its_item",
]


def add_triggers(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRES_TRIGGERS, params=None)
    elif vendor == "sqlite":
        for statement in SQLITE_TRIGGERS:
            schema_editor.execute(statement)


def drop_triggers(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRES_DROP, params=None)
    elif vendor == "sqlite":
        for name in SQLITE_TRIGGER_NAMES:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("evidence", "0002_content_data_encrypted_field")]

    operations = [migrations.RunPython(add_triggers, drop_triggers)]
