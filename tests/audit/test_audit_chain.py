"""The audit log is append-only and chained: any edit, deletion or insertion is caught."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction

from upstander import audit
from upstander.accounts.models import User
from upstander.audit.models import AppendOnlyError, AuditEntry
from upstander.audit.selectors import audit_chain_verify, audit_history_for

pytestmark = pytest.mark.django_db


@contextmanager
def triggers_lifted() -> Iterator[None]:
    """Play an attacker with direct database access: lift the append-only triggers for a moment."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE audit_auditentry DISABLE TRIGGER audit_entry_append_only")
        else:
            cursor.execute("DROP TRIGGER audit_entry_no_update")
            cursor.execute("DROP TRIGGER audit_entry_no_delete")
    yield
    # The test's transaction is rolled back afterwards, which restores the triggers.


def write_entries(count: int) -> list[AuditEntry]:
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
            " target_id, details, previous_hash, entry_hash) VALUES (3, %s, 'anonymous',"
            " 'forged', '', '', '{}', %s, %s)",
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
    entry = audit.record(administrator, "test.event")
    assert entry.actor_user_id == administrator.pk
    assert administrator.email not in entry.actor_label


def test_postgres_refuses_to_truncate_the_log() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("TRUNCATE exists only on PostgreSQL; SQLite's DELETE trigger covers it")
    write_entries(2)
    with connection.cursor() as cursor:
        cursor.execute("RESET upstander.audit_truncate_allowed")
    with (
        pytest.raises(DatabaseError, match="TRUNCATE refused"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("TRUNCATE audit_auditentry")
    assert AuditEntry.objects.count() == 2
