"""How the fuzzing picks what to try: every field of a form, a formset's rows by their kinds."""

from __future__ import annotations

import random

from tests.fuzz.bad_input import attempts, rows_between
from tests.fuzz.html_forms import Field, Form


def _formset_page() -> Form:
    fields = [Field("notes", "textarea"), Field("entry-TOTAL_FORMS", "hidden", "4")]
    for row in range(4):
        fields += [Field(f"entry-{row}-code", "text"), Field(f"entry-{row}-kind", "select")]
    return Form("/publish/", fields)


def test_a_formsets_first_and_last_rows_are_fuzzed_and_the_rows_between_are_not() -> None:
    form = _formset_page()
    tried = {attempt.field for attempt in attempts(form, random.Random(1), [])}
    assert {"notes", "entry-TOTAL_FORMS", "entry-0-code", "entry-0-kind"} <= tried
    assert {"entry-3-code", "entry-3-kind"} <= tried
    assert tried.isdisjoint({"entry-1-code", "entry-1-kind", "entry-2-code", "entry-2-kind"})


def test_fields_outside_a_formset_are_never_left_out() -> None:
    names = ["title", "when-2026", "a-b", "entry-TOTAL_FORMS", "x-0-y", "x-1-y", "x-2-y"]
    assert rows_between(names) == {"x-1-y"}
