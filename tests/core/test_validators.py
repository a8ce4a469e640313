"""The shared checks that turn bad input into a field error rather than a server error."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from django import forms
from django.core.exceptions import ValidationError

from upstander.core.form_fields import RowsChoiceField
from upstander.core.validators import (
    LARGEST_ID,
    validate_no_control_characters,
    validate_plausible_date,
)
from upstander.networks.models import Network


@pytest.mark.parametrize(
    "value", [date(1900, 1, 1), date(2100, 12, 31), datetime(2026, 12, 4, 9, 0, tzinfo=UTC), None]
)
def test_dates_from_1900_to_2100_pass(value: date | None) -> None:
    validate_plausible_date(value)


@pytest.mark.parametrize(
    "value", [date(9999, 12, 31), date(1, 1, 1), datetime(9999, 12, 31, 23, 59, tzinfo=UTC)]
)
def test_dates_at_the_ends_of_the_calendar_are_refused(value: date) -> None:
    with pytest.raises(ValidationError, match="between 1900 and 2100"):
        validate_plausible_date(value)


def test_tabs_and_line_breaks_are_text_but_other_control_characters_are_not() -> None:
    validate_no_control_characters("two\tcolumns\r\nand lines")
    for bad in ("a\x00b", "bell\x07", "escape\x1b[2J", "delete\x7f"):
        with pytest.raises(ValidationError, match="control characters"):
            validate_no_control_characters(bad)


class _PickNetworks(forms.Form):
    networks = RowsChoiceField(queryset=Network.objects.all())


@pytest.mark.django_db
@pytest.mark.parametrize("pk", [str(LARGEST_ID + 1), "-99999999999999999999", "not-an-id"])
def test_ids_no_row_can_have_are_a_field_error(pk: str) -> None:
    form = _PickNetworks({"networks": [pk]})
    assert not form.is_valid()
    assert "networks" in form.errors
