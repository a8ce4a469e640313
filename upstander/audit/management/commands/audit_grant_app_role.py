from __future__ import annotations

import re
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, transaction

from upstander.audit.models import AuditEntry

EXIT_BAD_INPUT = 2
_ROLE_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,62}$")


def grant_statements(role: str, *, schema: str, audit_table: str) -> list[str]:
    """The privileges of the application role in the two-role set-up (PostgreSQL).

    The owner role migrates and owns every table; the application role the web processes and
    workers connect as may read and write the ordinary tables, but may only append to and read
    the audit log: no UPDATE, DELETE or TRUNCATE, and, not being the owner, it cannot lift the
    append-only triggers either.
    """
    quote = connection.ops.quote_name
    who, where, audit = quote(role), quote(schema), f"{quote(schema)}.{quote(audit_table)}"
    return [
        f"GRANT USAGE ON SCHEMA {where} TO {who}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {where} TO {who}",
        f"GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA {where} TO {who}",
        # Tables and sequences later migrations create (as the owner) get the same.
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA {where} "
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {who}",
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA {where} "
        f"GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO {who}",
        f"REVOKE ALL ON TABLE {audit} FROM PUBLIC",
        f"REVOKE ALL ON TABLE {audit} FROM {who}",
        f"GRANT SELECT, INSERT ON TABLE {audit} TO {who}",
    ]


class Command(BaseCommand):
    help = (
        "Print (or, with --apply, run as the owner) the GRANT/REVOKE statements that give the "
        "application's PostgreSQL role only INSERT and SELECT on the audit log. Run it after "
        "every migrate. Exit 2 on a bad role name, an unknown role, or a role that could "
        "rewrite the log anyway (a superuser or the table's owner)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("role", help="the role the web processes and workers connect as")
        parser.add_argument("--apply", action="store_true", help="run the statements now")

    def handle(self, *args: Any, **options: Any) -> None:
        role: str = options["role"]
        if not _ROLE_NAME.match(role):
            raise CommandError(f"Not a plain role name: {role!r}", returncode=EXIT_BAD_INPUT)
        if connection.vendor != "postgresql":
            raise CommandError(
                "The two-role set-up is for PostgreSQL; SQLite has no roles.",
                returncode=EXIT_BAD_INPUT,
            )
        table = AuditEntry._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute("SELECT current_schema()")
            schema = str(cursor.fetchone()[0])
        statements = grant_statements(role, schema=schema, audit_table=table)
        if not options["apply"]:
            self.stdout.write("".join(f"{statement};\n" for statement in statements))
            return
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                "SELECT r.rolsuper, pg_has_role(r.oid, t.tableowner, 'MEMBER') "
                "FROM pg_roles r, pg_tables t "
                "WHERE r.rolname = %s AND t.schemaname = %s AND t.tablename = %s",
                [role, schema, table],
            )
            row = cursor.fetchone()
            if row is None:
                raise CommandError(f"No role named {role!r}.", returncode=EXIT_BAD_INPUT)
            if row[0] or row[1]:
                raise CommandError(
                    f"{role!r} is a superuser or owns the audit table: it could rewrite the log "
                    "whatever it is granted. Use a separate role for the application.",
                    returncode=EXIT_BAD_INPUT,
                )
            for statement in statements:
                cursor.execute(statement)
        self.stdout.write(f"Granted {role!r} INSERT and SELECT only on {table}.")
