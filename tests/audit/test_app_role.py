"""The two-role set-up on PostgreSQL: the application's role may append to and read the audit
log, and nothing else. Only the owner (who migrates) could touch history, and even it cannot
forge the entries' signatures."""

from __future__ import annotations

import secrets
from collections.abc import Iterator

import psycopg
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction

from upstander import audit
from upstander.audit.models import AuditEntry


@pytest.fixture(autouse=True)
def _postgresql_only() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("roles and grants exist only on PostgreSQL")


@pytest.fixture
def app_role(transactional_db: None) -> Iterator[tuple[str, str]]:
    """A login role, committed so that a second connection can use it; dropped afterwards."""
    # Roles are shared by every database on the server: name it after this test database.
    role = f"{connection.settings_dict['NAME']}_app"[:63]
    password = secrets.token_urlsafe(16)
    with connection.cursor() as cursor:
        cursor.execute(f'DROP OWNED BY "{role}"' if _role_exists(role) else "SELECT 1")
        cursor.execute(f'DROP ROLE IF EXISTS "{role}"')
        cursor.execute(f"CREATE ROLE \"{role}\" LOGIN PASSWORD '{password}'")
    yield role, password
    with connection.cursor() as cursor:
        cursor.execute(f'DROP OWNED BY "{role}"')
        cursor.execute(f'DROP ROLE "{role}"')


def _role_exists(role: str) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [role])
        return cursor.fetchone() is not None


def connect_as(role: str, password: str) -> psycopg.Connection[tuple[object, ...]]:
    settings = connection.settings_dict
    return psycopg.connect(
        host=settings["HOST"] or "127.0.0.1",
        port=settings["PORT"] or 5432,
        dbname=settings["NAME"],
        user=role,
        password=password,
        autocommit=True,
    )


def test_the_grant_statements_are_printed_for_review(
    app_role: tuple[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    role, _ = app_role
    call_command("audit_grant_app_role", role)
    printed = capsys.readouterr().out
    assert f'GRANT SELECT, INSERT ON TABLE "public"."audit_auditentry" TO "{role}";' in printed
    assert f'REVOKE ALL ON TABLE "public"."audit_auditentry" FROM "{role}";' in printed


def test_a_role_that_could_rewrite_the_log_is_refused(transactional_db: None) -> None:
    owner = connection.settings_dict["USER"] or "postgres"
    for role, message in ((owner, "superuser or owns"), ("no_such_role_x", "No role named")):
        with pytest.raises(CommandError, match=message) as refused:
            call_command("audit_grant_app_role", role, "--apply")
        assert refused.value.returncode == 2
    with pytest.raises(CommandError, match="Not a plain role name"):
        call_command("audit_grant_app_role", 'x"; DROP TABLE audit_auditentry; --', "--apply")


def test_the_app_role_may_append_to_and_read_the_audit_log_only(
    app_role: tuple[str, str],
) -> None:
    role, password = app_role
    with transaction.atomic():
        audit.record(None, "test.event", ("thing", "1"))
    call_command("audit_grant_app_role", role, "--apply")
    with connect_as(role, password) as app:
        assert app.execute("SELECT count(*) FROM audit_auditentry").fetchone() == (1,)
        app.execute(
            "INSERT INTO audit_auditentry (sequence, created_at, actor_label, verb, target_type,"
            " target_id, details, previous_hash, entry_hash, signature, key_id)"
            " VALUES (2, now(), 'anonymous', 'test.app', '', '', '{}', %s, %s, '', '')",
            ["0" * 64, "a" * 64],
        )
        # The ordinary tables stay usable: the application still works.
        app.execute("SELECT count(*) FROM accounts_user").fetchone()
        for statement in (
            "UPDATE audit_auditentry SET verb = 'rewritten'",
            "DELETE FROM audit_auditentry",
            "TRUNCATE audit_auditentry",
            "ALTER TABLE audit_auditentry DISABLE TRIGGER audit_entry_append_only",
        ):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                app.execute(statement)
        # The switch the log once honoured opens nothing either.
        app.execute("SET upstander.audit_truncate_allowed = 'on'")
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            app.execute("TRUNCATE audit_auditentry")
    assert list(AuditEntry.objects.values_list("verb", flat=True)) == ["test.event", "test.app"]
