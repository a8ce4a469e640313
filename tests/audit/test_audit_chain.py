"""The audit log is append-only, chained and signed: any edit, deletion, insertion, rewrite or
cut-off tail is caught (the last with a checkpoint kept outside the database)."""

from __future__ import annotations

import importlib
import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction
from django.db.migrations.loader import MigrationLoader
from pytest_django.fixtures import Settings

from upstander import audit
from upstander.accounts.models import User
from upstander.audit.chain import (
    GENESIS_HASH,
    entry_digest,
    entry_signature,
    key_id_for,
    signature_valid,
)
from upstander.audit.models import AppendOnlyError, AuditEntry
from upstander.audit.selectors import audit_chain_verify, audit_history_for
from upstander.audit.services import NotInTransaction

pytestmark = pytest.mark.django_db


@contextmanager
def triggers_lifted() -> Iterator[None]:
    """Play an attacker with direct database access: lift the append-only triggers for a moment."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE audit_auditentry DISABLE TRIGGER audit_entry_append_only")
        else:
            cursor.execute("DROP TRIGGER IF EXISTS audit_entry_no_update")
            cursor.execute("DROP TRIGGER IF EXISTS audit_entry_no_delete")
    yield
    # The test's transaction is rolled back afterwards, which restores the triggers.


def write_entries(count: int) -> list[AuditEntry]:
    with transaction.atomic():
        return [audit.record(None, "test.event", ("thing", str(n)), {"n": n}) for n in range(count)]


def test_each_entry_links_to_the_one_before() -> None:
    first, second, third = write_entries(3)
    assert second.previous_hash == first.entry_hash
    assert third.previous_hash == second.entry_hash
    assert [e.sequence for e in (first, second, third)] == [1, 2, 3]
    assert audit_chain_verify().intact


def test_an_untouched_chain_verifies(capsys: pytest.CaptureFixture[str]) -> None:
    write_entries(5)
    call_command("verify_audit")
    assert "intact: 5 entries" in capsys.readouterr().out


def test_verify_audit_catches_an_edited_row() -> None:
    write_entries(5)
    with triggers_lifted(), connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditentry SET details = %s WHERE sequence = 3", ['{"n": 99}'])
    with pytest.raises(CommandError, match="broken at entry #3: content changed"):
        call_command("verify_audit")


def test_verify_audit_catches_a_deleted_row() -> None:
    write_entries(5)
    with triggers_lifted(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditentry WHERE sequence = 2")
    report = audit_chain_verify()
    assert report.first_break is not None
    assert report.first_break.sequence == 3
    assert report.entries_checked == 1


def test_verify_audit_catches_a_row_inserted_in_the_middle() -> None:
    entries = write_entries(4)
    forged = entries[1]
    with triggers_lifted(), connection.cursor() as cursor:
        # Make room after #2 and slip a forged entry in that claims to follow it.
        cursor.execute("UPDATE audit_auditentry SET sequence = sequence + 100 WHERE sequence > 2")
        cursor.execute(
            "INSERT INTO audit_auditentry (sequence, created_at, actor_label, verb, target_type,"
            " target_id, details, previous_hash, entry_hash, signature, key_id) VALUES (3, %s,"
            " 'anonymous', 'forged', '', '', '{}', %s, %s, '', '')",
            [forged.created_at, forged.entry_hash, "f" * 64],
        )
    report = audit_chain_verify()
    assert report.first_break is not None
    assert report.first_break.sequence == 3


def test_the_orm_refuses_to_update_or_delete_entries() -> None:
    (entry,) = write_entries(1)
    entry.verb = "rewritten"
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.filter(pk=entry.pk).update(verb="rewritten")
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.all().delete()


def test_the_database_refuses_raw_updates_and_deletes() -> None:
    write_entries(1)
    for statement in (
        "UPDATE audit_auditentry SET verb = 'rewritten'",
        "DELETE FROM audit_auditentry",
    ):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement)
    assert AuditEntry.objects.get().verb == "test.event"


def test_history_lists_the_entries_about_one_object(member: User) -> None:
    verbs = list(audit_history_for(member).values_list("verb", flat=True))
    assert verbs == ["user.create", "role.grant"]


def test_actor_is_recorded_without_personal_data(administrator: User) -> None:
    with transaction.atomic():
        entry = audit.record(administrator, "test.event")
    assert entry.actor_user_id == administrator.pk
    assert administrator.email not in entry.actor_label


def test_an_entry_is_refused_outside_the_transaction_of_its_change() -> None:
    # The test's own wrapping transaction does not count: only a service's atomic block does.
    with pytest.raises(NotInTransaction):
        audit.record(None, "test.event")
    with transaction.atomic():
        audit.record(None, "test.event")
    assert AuditEntry.objects.count() == 1


def test_an_entry_is_undone_with_the_change_it_describes(member: User) -> None:
    before = AuditEntry.objects.count()
    with pytest.raises(RuntimeError, match="the change failed"), transaction.atomic():
        audit.record(None, "test.event", member)
        raise RuntimeError("the change failed")
    assert AuditEntry.objects.count() == before


def test_a_test_database_is_emptied_by_its_owner_not_by_a_switch(transactional_db: None) -> None:
    """After a transactional test the suite empties the log as the owner; the teardown flush
    would fail here if that did not work, and the next test checks the refusal is back."""
    write_entries(2)
    assert AuditEntry.objects.count() == 2


def test_postgres_refuses_to_truncate_the_log() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("TRUNCATE exists only on PostgreSQL; SQLite's DELETE trigger covers it")
    write_entries(2)
    with connection.cursor() as cursor:
        # The old session switch is gone: setting it (any role could) opens nothing.
        cursor.execute("SET upstander.audit_truncate_allowed = 'on'")
    with (
        pytest.raises(DatabaseError, match="TRUNCATE refused"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("TRUNCATE audit_auditentry")
    assert AuditEntry.objects.count() == 2


# --- An anchor the database cannot forge: signatures and checkpoints ---------------------------


def take_checkpoint(tmp_path: Path) -> Path:
    out = tmp_path / "checkpoint.json"
    call_command("audit_checkpoint", "--out", str(out))
    return out


def verify_exit_code(*args: str) -> int:
    try:
        call_command("verify_audit", *args)
    except CommandError as error:
        return error.returncode
    return 0


def rewrite_as_an_attacker(from_sequence: int, details: dict[str, object]) -> None:
    """Change one entry and recompute every hash after it, as someone with write access could."""
    entries = list(AuditEntry.objects.filter(sequence__gte=from_sequence - 1))
    previous_hash = entries[0].entry_hash if from_sequence > 1 else GENESIS_HASH
    with triggers_lifted(), connection.cursor() as cursor:
        for entry in entries[1:] if from_sequence > 1 else entries:
            new_details = details if entry.sequence == from_sequence else entry.details
            entry.details, entry.previous_hash = new_details, previous_hash
            new_hash = entry_digest(entry)
            cursor.execute(
                "UPDATE audit_auditentry SET details = %s, previous_hash = %s, entry_hash = %s"
                " WHERE sequence = %s",
                [json.dumps(new_details), previous_hash, new_hash, entry.sequence],
            )
            previous_hash = new_hash


def hash_chain_holds() -> bool:
    """The check `verify_audit` made before entries were signed: links and hashes only."""
    previous = GENESIS_HASH
    for entry in AuditEntry.objects.order_by("sequence"):
        digest = entry_digest(entry)
        if entry.previous_hash != previous or digest != entry.entry_hash:
            return False
        previous = entry.entry_hash
    return True


def test_every_entry_is_signed_with_the_key_outside_the_database(settings: Settings) -> None:
    (entry,) = write_entries(1)
    assert entry.key_id == key_id_for(settings.AUDIT_SIGNING_KEY)
    assert signature_valid(settings.AUDIT_SIGNING_KEY, entry.entry_hash, entry.signature)
    assert settings.AUDIT_SIGNING_KEY not in json.dumps(
        list(AuditEntry.objects.values()), default=str
    )


def test_truncated_chain_fails_verification(tmp_path: Path) -> None:
    write_entries(5)
    checkpoint = take_checkpoint(tmp_path)
    with triggers_lifted(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditentry WHERE sequence > 3")
    # What is left is a perfectly good, signed chain: only the checkpoint shows the cut.
    assert audit_chain_verify().intact
    assert verify_exit_code("--checkpoint", str(checkpoint)) == 1
    with pytest.raises(CommandError, match="ends at #3 but the checkpoint holds #5"):
        call_command("verify_audit", "--checkpoint", str(checkpoint))


def test_rewritten_chain_fails_verification(tmp_path: Path) -> None:
    write_entries(5)
    checkpoint = take_checkpoint(tmp_path)
    rewrite_as_an_attacker(3, {"n": 99})
    assert hash_chain_holds()  # the hashes alone no longer catch it
    with pytest.raises(CommandError, match="broken at entry #3: signature does not match"):
        call_command("verify_audit")
    assert verify_exit_code() == 1
    assert verify_exit_code("--checkpoint", str(checkpoint)) == 1


def test_a_chain_resigned_with_another_key_fails_verification(tmp_path: Path) -> None:
    write_entries(3)
    rewrite_as_an_attacker(2, {"n": 42})
    forged_key = "a key the attacker chose"
    with triggers_lifted(), connection.cursor() as cursor:
        for sequence, entry_hash in AuditEntry.objects.values_list("sequence", "entry_hash"):
            cursor.execute(
                "UPDATE audit_auditentry SET signature = %s, key_id = %s WHERE sequence = %s",
                [entry_signature(forged_key, entry_hash), key_id_for(forged_key), sequence],
            )
    report = audit_chain_verify()
    assert report.first_break is not None
    assert report.first_break.sequence == 1
    assert "unknown key" in report.first_break.reason


def test_a_checkpoint_still_verifies_as_the_log_grows(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_entries(3)
    checkpoint = take_checkpoint(tmp_path)
    written = json.loads(checkpoint.read_text())
    assert written["sequence"] == 3
    assert written["entry_hash"] == AuditEntry.objects.get(sequence=3).entry_hash
    assert {"signature", "key_id", "written_at", "entry_created_at"} <= written.keys()
    write_entries(2)
    assert verify_exit_code("--checkpoint", str(checkpoint)) == 0
    assert "intact: 5 entries, including checkpoint #3" in capsys.readouterr().out


def test_a_forged_or_unreadable_checkpoint_is_bad_input(tmp_path: Path) -> None:
    write_entries(2)
    checkpoint = take_checkpoint(tmp_path)
    forged = json.loads(checkpoint.read_text())
    forged["entry_hash"] = "f" * 64
    forged_path = tmp_path / "forged.json"
    forged_path.write_text(json.dumps(forged))
    assert verify_exit_code("--checkpoint", str(forged_path)) == 2
    assert verify_exit_code("--checkpoint", str(tmp_path / "missing.json")) == 2
    (tmp_path / "junk.json").write_text("not json")
    assert verify_exit_code("--checkpoint", str(tmp_path / "junk.json")) == 2


def test_a_checkpoint_can_be_mailed(mailoutbox: list[Any]) -> None:
    write_entries(2)
    call_command("audit_checkpoint", "--mail", "auditor@example.org")
    (message,) = mailoutbox
    assert message.to == ["auditor@example.org"]
    assert AuditEntry.objects.get(sequence=2).signature in message.body


def test_old_keys_verify_older_entries_after_the_key_changes(settings: Settings) -> None:
    old_key = settings.AUDIT_SIGNING_KEY
    write_entries(2)
    settings.AUDIT_SIGNING_KEY = "a newer audit signing key"
    settings.AUDIT_SIGNING_KEYS_OLD = [old_key]
    write_entries(2)
    assert audit_chain_verify().intact
    settings.AUDIT_SIGNING_KEYS_OLD = []
    report = audit_chain_verify()
    assert report.first_break is not None
    assert report.first_break.sequence == 1


class _SchemaEditorShim:
    """What the data migration needs of a schema editor, on the test's own connection."""

    def __init__(self) -> None:
        self.connection = connection

    def execute(self, sql: str, params: list[Any] | None = None) -> None:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)


def test_entries_written_before_signing_are_signed_by_the_upgrade() -> None:
    write_entries(3)
    with triggers_lifted(), connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditentry SET signature = '', key_id = ''")
    if connection.vendor == "sqlite":
        # The lifted triggers are put back as they were, so the migration can lift them itself.
        for statement in importlib.import_module(
            "upstander.audit.migrations.0002_append_only_triggers"
        ).SQLITE_TRIGGERS:
            with connection.cursor() as cursor:
                cursor.execute(statement)
    assert not audit_chain_verify().intact
    migration = importlib.import_module("upstander.audit.migrations.0006_sign_existing_entries")
    historical_apps = (
        MigrationLoader(connection).project_state(("audit", "0006_sign_existing_entries")).apps
    )
    migration.sign_existing_entries(historical_apps, _SchemaEditorShim())
    assert audit_chain_verify().intact
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditentry SET verb = 'rewritten'")
