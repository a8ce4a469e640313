"""`{% url_ids "cases:detail" case.pk %}`: `{% url %}` for integer ids, see core.urls."""

from __future__ import annotations

from django import template

from upstander.core.urls import reverse_ids

register = template.Library()


@register.simple_tag
def url_ids(name: str, *ids: int) -> str:
    return reverse_ids(name, *ids)
