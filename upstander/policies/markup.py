"""Policy text is Markdown (headings, lists, emphasis, links), shown the same on the web and in
the welcome pack PDF.

Python-Markdown turns it into HTML with raw HTML switched off, so anything that looks like a tag
is shown as text; nh3 (the Ammonia sanitiser) then keeps only the tags and link schemes a policy
needs, so a mistake in one layer is not enough to put script on a page.
"""

from __future__ import annotations

import markdown
import nh3
from markdown.extensions import Extension

ALLOWED_TAGS = {
    "h2", "h3", "h4", "p", "br", "ul", "ol", "li", "strong", "em", "a", "blockquote", "code",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href"}}
ALLOWED_SCHEMES = {"https", "http", "mailto"}


class _NoRawHtml(Extension):
    """Raw HTML in the source becomes escaped text (Python-Markdown's documented way)."""

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")


def policy_html(text: str) -> str:
    """Sanitised HTML for a policy's Markdown. The page's own `<h1>` is the title, so the
    text's top-level headings become `<h2>`."""
    html = markdown.markdown(
        text.replace("\r\n", "\n"),
        extensions=[_NoRawHtml(), "sane_lists", "nl2br"],
        output_format="html",
    )
    html = html.replace("<h1>", "<h2>").replace("</h1>", "</h2>")
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_SCHEMES,
        link_rel="noopener noreferrer",
    )
