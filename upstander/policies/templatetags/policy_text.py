"""Policy text in a tiny, safe markup: `## ` starts a heading, `- ` a list item.

Everything is escaped first, so a policy can never carry HTML of its own; the structure gives
screen-reader users headings and lists to move through.
"""

from __future__ import annotations

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@register.filter
def policy_markup(text: str) -> SafeString:
    html: list[str] = []
    for block in (b.strip() for b in text.replace("\r\n", "\n").split("\n\n")):
        if not block:
            continue
        lines = block.split("\n")
        if block.startswith("## "):
            html.append(f"<h2>{escape(lines[0][3:].strip())}</h2>")
            lines = lines[1:]
            if not lines:
                continue
        if all(line.startswith("- ") for line in lines):
            items = "".join(f"<li>{escape(line[2:].strip())}</li>" for line in lines)
            html.append(f"<ul>{items}</ul>")
        else:
            html.append("<p>" + "<br>".join(escape(line) for line in lines) + "</p>")
    return mark_safe("\n".join(html))  # noqa: S308 - every piece of text above is escaped
