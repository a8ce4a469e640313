"""en_date prints what Django's date filter prints, for every code our pages use."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from django.template import Context, Template, TemplateSyntaxError
from django.utils.dateformat import format as django_format
from django.utils.timezone import localtime

from upstander.core.dates import UnknownDateCode, en_date

FORMATS = ["j M Y H:i", "j M H:i", "j M", "j M Y", "d/M/Y H:i", "Y-d"]


def _moments() -> list[datetime]:
    start = datetime(2026, 1, 1, 0, 5, tzinfo=UTC)
    # Every month, and both sides of the clock changes (the site shows Europe/London time).
    hours = [*range(0, 24 * 365, 97), 24 * 88 + 1, 24 * 88 + 2, 24 * 298, 24 * 298 + 1]
    return [start + timedelta(hours=h, minutes=h % 60) for h in hours]


@pytest.mark.parametrize("fmt", FORMATS)
def test_aware_datetimes_print_as_djangos_date_filter_prints_them(fmt):
    for moment in _moments():
        assert en_date(moment, fmt) == django_format(localtime(moment), fmt)


def test_dates_and_naive_datetimes_are_printed_as_they_are():
    assert en_date(date(2026, 9, 3), "j M Y") == "3 Sep 2026"
    naive = datetime(2026, 3, 9, 7, 4)  # noqa: DTZ001 - naive on purpose, as `date` allows
    assert en_date(naive, "j M Y H:i") == "9 Mar 2026 07:04"


@pytest.mark.parametrize("value", [None, "", "2026-01-01", 5])
def test_anything_that_is_not_a_date_prints_nothing(value):
    assert en_date(value, "j M Y") == ""


def test_a_code_it_does_not_implement_is_an_error_not_a_wrong_date():
    with pytest.raises(UnknownDateCode):
        en_date(datetime(2026, 1, 1, tzinfo=UTC), "l j F")


def test_the_template_filter_matches_the_built_in_one():
    moment = datetime(2026, 7, 14, 22, 30, tzinfo=UTC)  # 23:30 in London
    ours = Template('{% load dates %}{{ when|en_date:"j M Y H:i" }}')
    builtin = Template('{{ when|date:"j M Y H:i" }}')
    context = Context({"when": moment})
    assert ours.render(context) == builtin.render(context) == "14 Jul 2026 23:30"
    with pytest.raises(TemplateSyntaxError):
        Template('{% load dates %}{{ when|en_date:"l" }}').render(context)
