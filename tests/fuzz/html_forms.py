"""The forms a page offers, read from its HTML as a browser would, and the errors it shows."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class Field:
    name: str
    kind: str  # the input's type, "textarea" or "select"
    value: str = ""
    options: list[str] = field(default_factory=list)
    checked: bool = False
    multiple: bool = False


@dataclass
class Form:
    action: str
    fields: list[Field] = field(default_factory=list)
    multipart: bool = False

    def names(self) -> list[str]:
        """Each field name once, in page order (radio buttons share one)."""
        return list(dict.fromkeys(f.name for f in self.fields if f.kind not in {"submit"}))


class _FormParser(HTMLParser):
    def __init__(self, page_path: str) -> None:
        super().__init__(convert_charrefs=True)
        self.page_path = page_path
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: Field | None = None
        self._option: str | None = None
        self._textarea: Field | None = None
        self._by_id: dict[str, Form] = {}
        self._form_buttons: list[tuple[str, str, Field | None]] = []  # (form id, action, button)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {key: value or "" for key, value in attrs}
        if tag == "form":
            method = (a.get("method") or ("post" if "hx-post" in a else "get")).lower()
            if method == "post":
                action = a.get("hx-post") or a.get("action") or self.page_path
                self._form = Form(action=action, multipart="multipart" in a.get("enctype", ""))
                if a.get("id"):
                    self._by_id[a["id"]] = self._form
            return
        if tag == "button" and a.get("formaction") and a.get("form"):
            # A button outside its form that posts it somewhere else (the triage queue's).
            button = Field(a["name"], "submit", a.get("value", "")) if a.get("name") else None
            self._form_buttons.append((a["form"], a["formaction"], button))
            return
        form = self._form
        if form is None or ("name" not in a and tag != "option"):
            return
        if tag == "input":
            kind = a.get("type", "text").lower()
            if kind in {"button", "reset", "image"}:
                return
            form.fields.append(Field(a["name"], kind, a.get("value", ""), checked="checked" in a))
        elif tag == "button" and a.get("type", "submit") == "submit":
            form.fields.append(Field(a["name"], "submit", a.get("value", "")))
        elif tag == "textarea":
            self._textarea = Field(a["name"], "textarea")
            form.fields.append(self._textarea)
        elif tag == "select":
            self._select = Field(a["name"], "select", multiple="multiple" in a)
            form.fields.append(self._select)
        elif tag == "option" and self._select is not None:
            self._option = a.get("value")
            if self._option is not None:
                self._select.options.append(self._option)
                if "selected" in a:
                    self._select.value = self._option

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._textarea.value += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "form" and self._form is not None:
            self.forms.append(self._form)
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def post_forms(html: str, page_path: str) -> list[Form]:
    parser = _FormParser(page_path)
    parser.feed(html)
    forms = list(parser.forms)
    for form_id, action, button in parser._form_buttons:
        owner = parser._by_id.get(form_id)
        if owner is not None:
            fields = [*owner.fields, *([button] if button else [])]
            forms.append(Form(action=action, fields=fields, multipart=owner.multipart))
    return forms


_INVALID = re.compile(r"<(?:input|select|textarea)\b[^>]*>", re.S)
_ERROR_LIST = re.compile(r'class="errorlist"[^>]*id="id_([\w-]+)_error"')


def fields_with_errors(html: str) -> set[str]:
    """Names of the fields shown with an error next to them (Django's errorlist and
    aria-invalid on the control)."""
    named: set[str] = set()
    for tag in _INVALID.findall(html):
        if 'aria-invalid="true"' in tag:
            match = re.search(r'name="([^"]+)"', tag)
            if match:
                named.add(match.group(1))
    named.update(_ERROR_LIST.findall(html))
    return named


def shows_form_error(html: str) -> bool:
    """Any error on the page: by a field, for the whole form, or in an alert."""
    return bool(
        fields_with_errors(html)
        or 'class="errorlist' in html
        or 'role="alert"' in html.replace('id="htmx-error" class="htmx-error" role="alert"', "")
        or 'class="error' in html
        or 'class="message error' in html
    )
