"""The bad values posted to every form, and how one post's outcome is judged."""

from __future__ import annotations

import copy
import json
import os
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass

from django.db import connection, transaction
from django.test import Client

from tests.fuzz.html_forms import Field, Form, fields_with_errors, shows_form_error

MEGABYTE = "x" * 1_000_000
TEXT = [
    "",
    "   ",
    MEGABYTE,
    "a\x00b",
    "tab\tbell\x07escape\x1b[2Jdel\x7f",
    "<script>alert(1)</script>",
    "\u202eright-to-left \U0001d54f\ufeff",
]
DATES = [
    "9999-12-31",
    "9999-12-31T23:59",
    "0001-01-01",
    "0001-01-01T00:00",
    "2026-02-30",
    "99999-01-01",
    "31/12/9999",
]
NUMBERS = ["-1", "0", "1.5", "-99999999999999999999", "99999999999999999999999", "1e309", "NaN"]
CHOICES = ["not-a-choice", "999999999999"]
# Every field gets these, and the values for its kind; of the rest, a seeded few.
EVERY_FIELD = [
    "",
    "a\x00b",
    "tab\tbell\x07escape\x1b[2Jdel\x7f",
    "99999999999999999999999",
    "9999-12-31",
]
ALWAYS: dict[str, list[str]] = {
    "date": DATES,
    "datetime-local": DATES,
    "time": ["24:61", "-1:00"],
    "number": NUMBERS,
    "select": CHOICES,
    "radio": CHOICES,
    "checkbox": CHOICES,
}
# FUZZ_OTHERS_PER_FIELD=100 tries every value in every field (minutes, for a hunt by hand).
OTHERS_PER_FIELD = int(os.environ.get("FUZZ_OTHERS_PER_FIELD", "4"))
SKIPPED = {"csrfmiddlewaretoken"}
# Client addresses, one per post: the public forms' rate limits count per address.
_addresses = (f"10.{n // 65536 % 256}.{n // 256 % 256}.{n % 256}" for n in range(1, 10**7))

Data = dict[str, list[str]]

_TYPICAL = {
    "email": "fuzz@example.org",
    "number": "1",
    "date": "2027-01-15",
    "datetime-local": "2027-01-15T10:00",
    "time": "10:00",
    "url": "https://example.org/fuzz",
    "password": "correct-horse-battery-staple",
    "tel": "+44 20 7946 0000",
}


# Plain values some fields need to be accepted: a member and a person of the demo cast.
_BY_NAME = {
    "membership_number": "M-1003",
    "email": "panel2@demo.upstander.test",
    "evidence_ids": "",
    "source_case_id": "",
}


def _plain(field: Field) -> str:
    if field.value.strip():
        return field.value
    for part, value in _BY_NAME.items():
        if field.name.split("-")[-1].endswith(part):
            return value
    return _TYPICAL.get(field.kind, "Fuzz text")


def baseline(form: Form) -> Data:
    """What a person filling the form in plainly would send."""
    data: Data = {}
    for field in form.fields:
        if field.kind == "file":
            continue
        if field.kind == "submit":
            data.setdefault(field.name, [field.value])
        elif field.kind == "checkbox":
            if field.checked:
                data.setdefault(field.name, []).append(field.value or "on")
        elif field.kind == "radio":
            if field.checked or field.name not in data:
                data[field.name] = [field.value]
        elif field.kind == "select":
            choices = [option for option in field.options if option]
            data[field.name] = [field.value or (choices[0] if choices else "")]
        elif field.kind == "hidden":
            data[field.name] = [field.value]
        else:
            data[field.name] = [_plain(field)]
    return data


def bad_values(field: Field, form: Form, rng: random.Random, foreign_ids: list[int]) -> list[str]:
    """The values tried in one field: those for its kind, then a seeded sample of the rest."""
    kind = field.kind if field.kind != "textarea" else "text"
    always = list(dict.fromkeys(EVERY_FIELD + ALWAYS.get(kind, [])))
    options = {f.value for f in form.fields if f.name == field.name} | set(field.options)
    strangers = [str(pk) for pk in foreign_ids if str(pk) not in options]
    if strangers and (kind in {"select", "radio", "checkbox", "hidden"} or field.value.isdigit()):
        always.append(rng.choice(strangers))  # an id from another case, person or meeting
    others = [v for v in TEXT + DATES + NUMBERS + CHOICES if v not in always]
    return always + rng.sample(others, min(OTHERS_PER_FIELD, len(others)))


@dataclass
class Attempt:
    what: str
    data: Data | None = None
    body: bytes | None = None
    content_type: str = ""
    field: str | None = None
    visible: bool = False  # the field is one a person sees and types or picks in


# FUZZ_EVERY_ROW=1 fuzzes every row of a formset, not only its first and last (a hunt by hand).
EVERY_ROW = os.environ.get("FUZZ_EVERY_ROW", "") == "1"
_FORMSET_FIELD = re.compile(r"^(?P<prefix>.+)-(?P<row>\d+)-(?P<field>[^-]+)$")


def rows_between(names: list[str]) -> set[str]:
    """The fields of a formset's middle rows (`prefix-N-field` between its first and last row).

    A formset's rows are one form class, validated alike: the first row (one filled in from
    the stored data) and the last (on most formsets a spare, blank row, which is validated
    differently) stand for the rest, which would only repeat the same checks a page each.
    """
    rows: dict[str, set[int]] = {}
    for name in names:
        if found := _FORMSET_FIELD.match(name):
            rows.setdefault(found["prefix"], set()).add(int(found["row"]))
    return {
        name
        for name in names
        if (found := _FORMSET_FIELD.match(name))
        and int(found["row"]) not in {min(rows[found["prefix"]]), max(rows[found["prefix"]])}
    }


def attempts(form: Form, rng: random.Random, foreign_ids: list[int]) -> Iterator[Attempt]:
    plain = baseline(form)
    by_name = {field.name: field for field in form.fields}
    skipped = SKIPPED if EVERY_ROW else SKIPPED | rows_between(form.names())
    for name in form.names():
        field = by_name[name]
        if name in skipped or field.kind in {"submit", "file"}:
            continue
        for value in bad_values(field, form, rng, foreign_ids):
            shown = value if len(value) < 40 else f"{value[:12]!r}... ({len(value)} chars)"
            yield Attempt(
                f"{name}={shown!r}",
                {**plain, name: [value]},
                field=name,
                visible=field.kind != "hidden",
            )
    # Every field twice, the plain value and a bad one.
    doubled = {
        name: [*values, rng.choice(TEXT + DATES + NUMBERS)] for name, values in plain.items()
    }
    yield Attempt("every field twice", doubled)
    flat = {name: values[0] for name, values in plain.items()}
    yield Attempt("a JSON body", body=json.dumps(flat).encode(), content_type="application/json")
    yield Attempt("a text/plain body", body=b"a=1&b=\x00", content_type="text/plain")
    yield Attempt("an empty form", {})
    yield Attempt(
        "a urlencoded body sent as multipart",
        body=b"a=1&b=2",
        content_type="multipart/form-data; boundary=nothing",
    )


_tables: list[str] = []


def row_counts() -> dict[str, int]:
    """Rows in every table (one query), but sessions and the audit log, which record reads."""
    if not _tables:
        _tables.extend(
            sorted(
                name
                for name in connection.introspection.django_table_names(only_existing=True)
                if name not in {"django_session", "audit_auditentry"}
            )
        )
    quote = connection.ops.quote_name
    # Table names come from Django itself, quoted.
    columns = ", ".join(f"(SELECT COUNT(*) FROM {quote(table)})" for table in _tables)  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {columns}")
        return dict(zip(_tables, cursor.fetchone(), strict=True))


def judge(
    client: Client, path: str, attempt: Attempt, counts_before: dict[str, int], strict: bool
) -> str | None:
    """Post one attempt in a savepoint that is rolled back; say what was wrong, if anything.

    Accepted input is followed to the page it leads to (what was stored must show). Refused
    input (a 4xx, or the form shown again with errors) must leave every table as it was and,
    where `strict` (the plain form is accepted, so the bad value is what was refused), show
    the error next to the field that held it.
    """
    cookies = copy.deepcopy(client.cookies)
    address = next(_addresses)
    page_failed: int | None = None
    try:
        with transaction.atomic():
            if attempt.data is not None:
                response = client.post(path, attempt.data, REMOTE_ADDR=address)
            else:
                response = client.generic(
                    "POST", path, attempt.body or b"", attempt.content_type, REMOTE_ADDR=address
                )
            counts_after = row_counts()
            if response.status_code in {301, 302, 303}:
                shown = client.get(response["Location"], REMOTE_ADDR=address)
                page_failed = shown.status_code if shown.status_code >= 500 else None
            transaction.set_rollback(True)
    except Exception as error:  # a server error, whatever its kind
        return f"{attempt.what}: server error {type(error).__name__}: {str(error)[:200]}"
    finally:
        client.cookies = cookies
    if page_failed:
        return f"{attempt.what}: accepted, then its page failed ({page_failed})"
    status = response.status_code
    if status >= 500:
        return f"{attempt.what}: status {status}"
    html = response.content.decode(errors="replace") if "html" in response["Content-Type"] else ""
    refused = 400 <= status < 500 or (status == 200 and shows_form_error(html))
    if not refused:
        return None
    changed = sorted(t for t, n in counts_after.items() if counts_before.get(t) != n)
    if changed:
        return f"{attempt.what}: refused ({status}) but rows changed in {', '.join(changed)}"
    field = attempt.field
    if strict and field is not None and status in {200, 400, 422} and 'method="post"' in html:
        if field not in fields_with_errors(html) and not shows_form_error(html):
            return f"{attempt.what}: refused ({status}) with no error shown"
        # A repeated entry (password1, password2) may be refused at its twin.
        near = {field, field[:-1] + "2"} if field.endswith("1") else {field}
        if not near & fields_with_errors(html) and attempt.visible:
            return f"{attempt.what}: refused ({status}) with no error next to {field}"
    return None


def plain_outcome(client: Client, path: str, form: Form) -> int:
    """How the form, filled in plainly, fares: 0 accepted, 1 refused with errors shown (they
    may sit by other fields than the fuzzed one), 2 refused outright (not this role's form)."""
    cookies = copy.deepcopy(client.cookies)
    try:
        with transaction.atomic():
            response = client.post(path, baseline(form), REMOTE_ADDR=next(_addresses))
            transaction.set_rollback(True)
    finally:
        client.cookies = cookies
    html = response.content.decode(errors="replace")
    if response.status_code in {401, 403, 404, 405}:
        return 2
    return int(response.status_code >= 400 or shows_form_error(html))
