"""Policy text as sanitised HTML from its Markdown (see upstander.policies.markup)."""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString, mark_safe

from upstander.policies.markup import policy_html

register = template.Library()


@register.filter
def policy_markup(text: str) -> SafeString:
    return mark_safe(policy_html(text))  # noqa: S308 - raw HTML escaped, then sanitised by nh3
