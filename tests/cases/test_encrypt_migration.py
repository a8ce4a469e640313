"""The data migration encrypts the rows that were already there, and its reverse decrypts."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("cases", "0001_initial")]
AFTER = [("cases", "0002_encrypt_characteristic_and_consultation")]


def _migrate(targets: list[tuple[str, str]]) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return MigrationExecutor(connection)


def _raw(sql: str) -> tuple[object, ...]:
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return tuple(cursor.fetchone())


# SQLite alters tables outside a transaction only; PostgreSQL's DDL rolls back with the test
# (and its append-only audit table refuses the flush a transactional test ends with).
SQLITE = connection.vendor == "sqlite"  # the engine is our own subclass of SQLite's


@pytest.mark.django_db(transaction=SQLITE)
def test_existing_characteristics_and_consultations_are_encrypted_by_the_migration():
    old = _migrate(BEFORE).loader.project_state(BEFORE).apps
    now = datetime(2026, 5, 4, 12, tzinfo=UTC)
    case = old.get_model("cases", "Case").objects.create(
        state="triaged", category="identity_based", targeted_characteristic="disability",
        platform="x", created_at=now, first_response_due=now, consultation_due=now,
        decision_due=now,
    )  # fmt: skip
    old.get_model("cases", "Consultation").objects.create(
        case_id=case.pk, held_on=date(2026, 5, 5), method="phone", wishes=["police"],
        consent_police=True, consent_panel=False, recorded_at=now,
    )  # fmt: skip
    if not SQLITE:
        with connection.cursor() as cursor:  # check the new rows' keys now, so tables may alter
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    try:
        new = _migrate(AFTER).loader.project_state(AFTER).apps
        stored = _raw(f"SELECT targeted_characteristic FROM cases_case WHERE id = {case.pk}")  # noqa: S608
        stored += _raw("SELECT wishes, consent_police, consent_panel FROM cases_consultation")
        assert all(str(value).startswith("enc1:") for value in stored)
        assert "disability" not in " ".join(map(str, stored))
        consultation = new.get_model("cases", "Consultation").objects.get()
        assert (consultation.wishes, consultation.consent_police, consultation.consent_panel) == (
            ["police"], True, False,
        )  # fmt: skip
        counts = new.get_model("cases", "CharacteristicCount").objects.values_list(
            "quarter_starts_on", "characteristic", "count"
        )
        assert list(counts) == [(date(2026, 4, 1), "disability", 1)]

        _migrate(BEFORE)
        assert _raw("SELECT targeted_characteristic FROM cases_case") == ("disability",)
        back = old.get_model("cases", "Consultation").objects.get()
        assert (back.wishes, back.consent_police, back.consent_panel) == (["police"], True, False)
    finally:
        _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
