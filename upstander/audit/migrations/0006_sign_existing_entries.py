from __future__ import annotations

import importlib

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

from upstander.audit.chain import entry_signature
from upstander.audit.keys import signing_key

_triggers = importlib.import_module("upstander.audit.migrations.0002_append_only_triggers")


def sign_existing_entries(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    """Sign the entries written before signing existed, with today's key.

    This vouches for the log as it stands at the upgrade; `verify_audit` still checks the hash
    chain of those entries. The append-only triggers are lifted for this one transaction, which
    only the table's owner (the role that migrates) may do.
    """
    entry_model = apps.get_model("audit", "AuditEntry")
    unsigned = entry_model.objects.filter(signature="").order_by("pk")
    if not unsigned.exists():
        return
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(
            "ALTER TABLE audit_auditentry DISABLE TRIGGER audit_entry_append_only", params=None
        )
    else:
        _triggers.drop_append_only_triggers(apps, schema_editor)
    key_id, key = signing_key()
    last_pk = 0
    # Batches read in full before updating: no cursor stays open on the rows being updated.
    while batch := list(unsigned.filter(pk__gt=last_pk).values_list("pk", "entry_hash")[:2000]):
        for pk, entry_hash in batch:
            entry_model.objects.filter(pk=pk).update(
                signature=entry_signature(key, entry_hash), key_id=key_id
            )
        last_pk = batch[-1][0]
    if vendor == "postgresql":
        schema_editor.execute(
            "ALTER TABLE audit_auditentry ENABLE TRIGGER audit_entry_append_only", params=None
        )
    else:
        _triggers.add_append_only_triggers(apps, schema_editor)


class Migration(migrations.Migration):
    # The triggers are lifted and restored inside the migration's transaction, so no other
    # session ever sees them lifted.
    dependencies = [("audit", "0005_entry_signatures")]

    operations = [migrations.RunPython(sign_existing_entries, migrations.RunPython.noop)]
