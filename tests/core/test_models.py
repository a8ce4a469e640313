"""Shared model pieces: a column limited to its choices refuses any other value in the database."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import IntegrityError, transaction

from upstander.accounts.models import Member, MembershipStatus


@pytest.mark.django_db
def test_the_database_refuses_a_value_outside_the_choices() -> None:
    member = Member.objects.create(
        membership_number="M-1", given_name="Priya", family_name="Shah", joined_on=date(2020, 1, 1)
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Member.objects.filter(pk=member.pk).update(status="resigned")
    member.refresh_from_db()
    assert member.status == MembershipStatus.ACTIVE
