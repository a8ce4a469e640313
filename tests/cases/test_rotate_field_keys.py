from __future__ import annotations

from io import StringIO

import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command
from django.db import connection

from tests.cases.helpers import consulted_case
from upstander.cases.models import Case, Consultation
from upstander.core.crypto import reset_key_cache


def _stored_summary(pk: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT summary FROM cases_case WHERE id = %s", [pk])
        return str(cursor.fetchone()[0])


@pytest.mark.django_db
def test_rotate_field_keys_reencrypts_case_fields_under_the_new_key(settings, caseworker):
    old_key = Fernet.generate_key().decode()
    # The suite's own key stays behind it: the case worker's TOTP key was encrypted under it.
    earlier = list(settings.FIELD_ENCRYPTION_KEYS)
    settings.FIELD_ENCRYPTION_KEYS = [old_key, *earlier]
    reset_key_cache()
    try:
        case = consulted_case(caseworker)
        before = _stored_summary(case.pk)
        assert before.startswith("enc1:") and "councillor" not in before

        new_key = Fernet.generate_key().decode()
        settings.FIELD_ENCRYPTION_KEYS = [new_key, old_key, *earlier]
        reset_key_cache()
        out = StringIO()
        call_command("rotate_field_keys", stdout=out)
        assert "Re-encrypted" in out.getvalue()
        after = _stored_summary(case.pk)
        assert after != before

        # With only the new key left, everything still reads.
        settings.FIELD_ENCRYPTION_KEYS = [new_key]
        reset_key_cache()
        fresh = Case.objects.select_related("report").get(pk=case.pk)
        assert fresh.summary == "Threats against the councillor after the housing vote."
        assert fresh.report is not None and fresh.report.contact_email == "witness@example.org"
        assert Consultation.objects.get(case=fresh).notes == "She is frightened to canvass alone."
    finally:
        reset_key_cache()
