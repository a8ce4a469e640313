"""Blocklist figures for the staff dashboard.

{% load blocking_tags %}{% blocking_figures as figures %}
"""

from __future__ import annotations

from dataclasses import dataclass

from django import template

from upstander.blocking.selectors import WeekFigures, time_to_block_weekly, waiting_for_approval

register = template.Library()


@dataclass(frozen=True)
class BlockingFigures:
    waiting: int
    this_week: WeekFigures | None


@register.simple_tag
def blocking_figures() -> BlockingFigures:
    weeks = time_to_block_weekly(weeks=1)
    return BlockingFigures(waiting=waiting_for_approval(), this_week=weeks[0] if weeks else None)
