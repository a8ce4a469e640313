from __future__ import annotations

from datetime import date

import pytest
from django.db import connection

from tests.cases.helpers import consulted_case
from upstander.cases.models import Case
from upstander.cases.services import police_referral_record


def _raw(table: str, columns: str, pk_column: str, pk: int) -> tuple[str, ...]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {columns} FROM {table} WHERE {pk_column} = %s", [pk])  # noqa: S608
        return tuple(cursor.fetchone())


@pytest.mark.django_db
def test_case_narratives_notes_and_contacts_are_encrypted_at_rest(caseworker):
    case = consulted_case(caseworker)
    police_referral_record(
        caseworker, case=case, force="Met", referred_on=date(2026, 11, 3),
        officer_name="DC Jones", officer_contact="07700 900456",
    )  # fmt: skip
    summary, notes = _raw("cases_case", "summary, safeguarding_notes", "id", case.pk)
    contact, consult_notes = _raw(
        "cases_consultation", "preferred_contact, notes", "case_id", case.pk
    )
    officer, officer_contact = _raw(
        "cases_policereferral", "officer_name, officer_contact", "case_id", case.pk
    )
    stored = [summary, notes, contact, consult_notes, officer, officer_contact]
    assert all(value.startswith("enc1:") for value in stored)
    joined = " ".join(stored)
    for secret in ("councillor", "heart", "Mobile", "frightened", "Jones", "900456"):
        assert secret not in joined
    fresh = Case.objects.get(pk=case.pk)
    assert fresh.safeguarding_notes == "Has a heart condition."
    # The statistics columns stay plain, for the equality networks' anonymised figures.
    category, characteristic = _raw(
        "cases_case", "category, targeted_characteristic", "id", case.pk
    )
    assert category == "threat_of_violence" and characteristic == ""
