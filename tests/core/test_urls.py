"""reverse_ids gives exactly what reverse() gives, for any ids and script prefix."""

from __future__ import annotations

import pytest
from django.template import Context, Template
from django.urls import clear_script_prefix, reverse, set_script_prefix

from upstander.core.urls import reverse_ids


@pytest.mark.parametrize("ids", [(1,), (42,), (987_654_321,), (10**12,)])
def test_one_id_urls_match_reverse(ids):
    for name in ("cases:detail", "cases:take", "cases:open_report", "cases:evidence_pack"):
        assert reverse_ids(name, *ids) == reverse(name, args=ids)


def test_two_id_urls_match_reverse():
    assert reverse_ids("cases:evidence_item", 7, 3) == reverse("cases:evidence_item", args=[7, 3])


def test_a_site_under_a_script_prefix_gets_prefixed_urls():
    set_script_prefix("/party/")
    try:
        assert reverse_ids("cases:detail", 5) == "/party/staff/cases/5/"
    finally:
        clear_script_prefix()
    assert reverse_ids("cases:detail", 5) == "/staff/cases/5/"


def test_the_template_tag_prints_the_url():
    template = Template('{% load urls %}{% url_ids "cases:evidence_item" case item %}')
    assert template.render(Context({"case": 7, "item": 3})) == "/staff/cases/7/evidence/3/"
