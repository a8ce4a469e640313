from __future__ import annotations

from datetime import date

import pytest
from django.db import connection

from tests.cases.helpers import consulted_case, reported_case
from upstander.cases.models import Case, CharacteristicCount, Consultation
from upstander.cases.services import case_triage, consultation_record, police_referral_record


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
    # The coarse statistics columns stay plain, for the equality networks' anonymised figures.
    (category,) = _raw("cases_case", "category", "id", case.pk)
    assert category == "threat_of_violence"


@pytest.mark.django_db
def test_characteristic_wishes_and_consent_are_ciphertext_in_the_database(caseworker):
    case = case_triage(
        caseworker, case=reported_case(caseworker), severity=2, category="identity_based",
        targeted_characteristic="lgbti",
    )  # fmt: skip
    consultation_record(
        caseworker, case=case, held_on=date(2026, 11, 2), method="phone",
        wishes=["police", "support"], consent_police=True, consent_panel=False,
    )  # fmt: skip
    (characteristic,) = _raw("cases_case", "targeted_characteristic", "id", case.pk)
    wishes, police, panel = _raw(
        "cases_consultation", "wishes, consent_police, consent_panel", "case_id", case.pk
    )
    stored = [characteristic, wishes, police, panel]
    assert all(str(value).startswith("enc1:") for value in stored)
    for plain in ("lgbti", "police", "support", "true", "false"):
        assert plain not in " ".join(stored)
    # Python code still reads the values.
    assert Case.objects.get(pk=case.pk).targeted_characteristic == "lgbti"
    consultation = Consultation.objects.get(case=case)
    assert consultation.wishes == ["police", "support"]
    assert consultation.consent_police is True and consultation.consent_panel is False


@pytest.mark.django_db
def test_characteristics_are_counted_per_quarter_without_naming_the_case(caseworker):
    for characteristic in ("lgbti", "lgbti", "disability"):
        case_triage(
            caseworker, case=reported_case(caseworker), severity=2, category="identity_based",
            targeted_characteristic=characteristic,
        )  # fmt: skip
    counts = {c.characteristic: c.count for c in CharacteristicCount.objects.all()}
    assert counts == {"lgbti": 2, "disability": 1}
    assert [f.name for f in CharacteristicCount._meta.concrete_fields] == [
        "id", "quarter_starts_on", "characteristic", "count",
    ]  # fmt: skip
