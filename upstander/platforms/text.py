"""Plain text from the HTML some platforms send (Mastodon statuses)."""

from __future__ import annotations

from html.parser import HTMLParser


class _Text(HTMLParser):
    BREAKS = frozenset({"br", "p", "div", "li"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br":
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.BREAKS and tag != "br":
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def html_to_text(html: str) -> str:
    parser = _Text()
    parser.feed(html or "")
    parser.close()
    return "".join(parser.parts).strip()
