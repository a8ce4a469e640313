"""The register migration encrypts the members already there, and its reverse decrypts."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from upstander.accounts.models import Member
from upstander.core.blind_index import index_for

MIGRATION = ("accounts", "0003_encrypt_member_names_and_email")
# SQLite alters tables outside a transaction only; PostgreSQL's DDL rolls back with the test
# (and its append-only audit table refuses the flush a transactional test ends with).
SQLITE = connection.vendor == "sqlite"  # the engine is our own subclass of SQLite's


def _migrate(targets: list[tuple[str, str]]) -> MigrationExecutor:
    MigrationExecutor(connection).migrate(targets)
    return MigrationExecutor(connection)


def _raw() -> tuple[str, ...]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT given_name, family_name, email, email_index FROM accounts_member")
        return tuple(cursor.fetchone())


@pytest.mark.django_db(transaction=SQLITE)
def test_existing_members_are_encrypted_and_indexed_by_the_migration():
    graph = MigrationExecutor(connection).loader.graph
    before = [p.key for p in graph.node_map[MIGRATION].parents if p.key[0] == "accounts"]
    old = _migrate(before).loader.project_state(before).apps
    old.get_model("accounts", "Member").objects.create(
        membership_number="M-1", given_name="Priya", family_name="Shah",
        email="priya@example.org", joined_on=date(2020, 1, 1),
    )  # fmt: skip
    if not SQLITE:
        with connection.cursor() as cursor:  # check the new row's keys now, so tables may alter
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    try:
        _migrate([MIGRATION])
        given, family, email, email_index = _raw()
        assert all(value.startswith("enc1:") for value in (given, family, email))
        assert email_index == index_for(Member, "email_index", "priya@example.org")

        _migrate(before)
        with connection.cursor() as cursor:
            cursor.execute("SELECT given_name, family_name, email FROM accounts_member")
            assert cursor.fetchone() == ("Priya", "Shah", "priya@example.org")
    finally:
        _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
