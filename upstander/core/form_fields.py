"""Form fields shared by every app, for input Django's own fields pass to the database unchecked."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from upstander.core.validators import LARGEST_ID


class RowsChoiceField(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    """Several rows picked by id, refusing ids no row can have before the database sees them.

    Django's own field looks the ids up with `pk__in`, which overflows the driver (SQLite) or the
    column (PostgreSQL) for an id beyond 64 bits: a server error instead of a field error.
    """

    def clean(self, value: Any) -> Any:
        for pk in value if isinstance(value, list | tuple) else ():
            try:
                number = int(str(pk))
            except ValueError:
                continue  # not a number at all: Django's own check refuses it
            if not -LARGEST_ID <= number <= LARGEST_ID:
                raise ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": pk},
                )
        return super().clean(value)
