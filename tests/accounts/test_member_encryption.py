"""The register's names and emails are ciphertext at rest, found again by their blind indexes."""

from __future__ import annotations

import pytest
from django.db import connection

from upstander.accounts.models import User
from upstander.accounts.selectors import members_list
from upstander.accounts.services import members_import_csv
from upstander.meetings.gate import members_barred

pytestmark = pytest.mark.django_db

REGISTER = (
    "membership_number,given_name,family_name,email,status,joined_on\n"
    "M-10,Priya,Shah,priya@example.org,active,2021-03-01\n"
    "M-11,Sam,Okafor,sam.okafor@example.org,suspended,2019-11-30\n"
)


def test_member_names_and_emails_are_ciphertext_in_the_database(administrator: User) -> None:
    members_import_csv(administrator, text=REGISTER)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT given_name, family_name, email, email_index FROM accounts_member"
            " WHERE membership_number = %s",
            ["M-10"],
        )
        given, family, email, email_index = cursor.fetchone()
    assert all(value.startswith("enc1:") for value in (given, family, email))
    stored = " ".join((given, family, email, email_index))
    for plain in ("Priya", "Shah", "priya@example.org"):
        assert plain not in stored
    assert len(email_index) == 64


def test_the_register_finds_exact_names_and_emails_but_no_fragments(
    administrator: User,
) -> None:
    members_import_csv(administrator, text=REGISTER)

    def found(search: str) -> list[str]:
        return [m.membership_number for m in members_list(search=search)]

    assert found("shah") == ["M-10"]
    assert found(" Priya ") == ["M-10"]
    assert found("PRIYA@example.org") == ["M-10"]
    assert found("Sha") == []
    assert [m.full_name for m in members_list(search="M-11")] == ["Sam Okafor"]


def test_a_barred_member_is_matched_by_email_through_the_blind_index(
    administrator: User,
) -> None:
    members_import_csv(administrator, text=REGISTER)
    assert members_barred(user=None, email="Sam.Okafor@example.org")
    assert not members_barred(user=None, email="priya@example.org")
