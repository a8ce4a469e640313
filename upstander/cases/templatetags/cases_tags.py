"""`{% case_counts as counts %}` for the staff dashboard (new and overdue cases)."""

from __future__ import annotations

from django import template

from upstander.cases.selectors import CaseCounts, case_counts_for_dashboard

register = template.Library()


@register.simple_tag
def case_counts() -> CaseCounts:
    return case_counts_for_dashboard()
