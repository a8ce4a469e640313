"""`{{ value|en_date:"j M Y H:i" }}`: see `upstander.core.dates`."""

from __future__ import annotations

from django import template

from upstander.core import dates

register = template.Library()


@register.filter(expects_localtime=False)
def en_date(value: object, fmt: str) -> str:
    try:
        return dates.en_date(value, fmt)
    except dates.UnknownDateCode as error:
        raise template.TemplateSyntaxError(str(error)) from error
