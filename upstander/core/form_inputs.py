"""The inputs every app's forms build their fields from: a box for free text, a date picker."""

from __future__ import annotations

from typing import Any

from django import forms

from upstander.core.validators import validate_plausible_date


def text_area(label: str | None = None, *, rows: int = 3, **options: Any) -> forms.CharField:
    """A free-text answer typed in a box `rows` lines high; `options` go to `forms.CharField`
    (`max_length`, `required`, `help_text`...)."""
    return forms.CharField(label=label, widget=forms.Textarea(attrs={"rows": rows}), **options)


def date_field(label: str, **options: Any) -> forms.DateField:
    """A date picked with the browser's own date picker; a year no one means is refused.

    The picker reads and writes ISO dates only, whatever the site's display format.
    """
    return forms.DateField(
        label=label,
        validators=[validate_plausible_date],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        **options,
    )


def tick_to_go_on(label: str, *, unticked: str) -> forms.BooleanField:
    """A box that must be ticked to go on (a confirmation, an agreement, a consent); `unticked`
    is what the person is told when they left it empty."""
    return forms.BooleanField(label=label, error_messages={"required": unticked})
