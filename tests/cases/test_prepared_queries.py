"""Every prepared query in `cases.selectors` returns what its QuerySet returns: the same rows,
in the same order, with the same values, on the demo's cases."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core.management import call_command
from django.db.models import Model
from django.utils import timezone

from upstander.cases import selectors
from upstander.cases.models import Case, OffendingAccount, Route
from upstander.core.prepared import PreparedQuery
from upstander.reports.models import LinkCapture

pytestmark = pytest.mark.django_db

# The queue's shapes are checked filter by filter in test_case_pages.py.
Arguments = Callable[[Case], list[tuple[Any, ...]]]
ARGUMENTS: dict[str, Arguments] = {
    "_case_by_id": lambda case: [(case.pk,)],
    "_report_by_id": lambda case: [(case.report_id,)] if case.report_id else [],
    "_case_consultations": lambda case: [(case.pk,)],
    "_case_actions": lambda case: [(case.pk,)],
    "_case_police_referrals": lambda case: [(case.pk,)],
    "_case_pending_blocks": lambda case: [(case.pk,)],
    "_case_pending_referrals": lambda case: [(case.pk,)],
    "_case_accounts": lambda case: [(case.pk,)],
    "_report_messages": lambda case: [(case.report_id,)] if case.report_id else [],
    "_report_link_captures": lambda case: [(case.report_id,)] if case.report_id else [],
    "_case_evidence": lambda case: [(case.pk, case.report_id or 0)],
    "_case_timeline": lambda case: [(case.pk,)],
    "_cases_naming_one": lambda case: [
        (case.pk, account.platform, account.handle)
        for account in OffendingAccount.objects.filter(case=case)
    ],
    "_reports_awaiting_case": lambda case: [()],
    "_by_id[User]": lambda case: [
        (pk,) for pk in (case.assigned_to_id, case.protected_person_id) if pk is not None
    ],
    "_by_id[Member]": lambda case: [
        (account.member_id,)
        for account in OffendingAccount.objects.filter(case=case, member__isnull=False)
    ],
}


def prepared_queries() -> dict[str, PreparedQuery[Any]]:
    found = {
        name: value for name, value in vars(selectors).items() if isinstance(value, PreparedQuery)
    }
    for model, query in selectors._by_id.items():
        found[f"_by_id[{model.__name__}]"] = query
    return found


def loaded_values(row: Model) -> tuple[Any, ...]:
    deferred = row.get_deferred_fields()
    fields = [f for f in row._meta.concrete_fields if f.attname not in deferred]
    return (type(row), row.pk, sorted(deferred), [getattr(row, f.attname) for f in fields])


def test_every_prepared_query_has_its_arguments_here() -> None:
    assert set(prepared_queries()) == set(ARGUMENTS)


def test_each_prepared_query_returns_what_its_queryset_returns() -> None:
    call_command("seed_demo", quiet=True)
    # Two cases naming one account, so the linked-case lookup has rows to return.
    first, second = Case.objects.order_by("pk")[:2]
    for case in (first, second):
        OffendingAccount.objects.create(
            case=case, platform="x", handle="same_troll", route=Route.BLOCK
        )
    # And a link capture (the demo's wait for the task queue).
    report = Case.objects.exclude(report=None).order_by("pk")[0].report
    assert report is not None
    LinkCapture.objects.create(
        report=report,
        url="https://x.com/troll/status/1",
        platform="x",
        next_attempt_at=timezone.now(),
        created_at=timezone.now(),
    )
    rows_seen: dict[str, int] = dict.fromkeys(ARGUMENTS, 0)
    for name, query in prepared_queries().items():
        for case in Case.objects.order_by("pk"):
            for arguments in ARGUMENTS[name](case):
                expected = query.queryset(*arguments)
                if name == "_reports_awaiting_case":  # paged: LIMIT and OFFSET each call
                    prepared = query(*arguments, limit=50)
                    expected = expected[:50]
                else:
                    prepared = query(*arguments)
                assert [loaded_values(row) for row in prepared] == [
                    loaded_values(row) for row in expected
                ], (name, arguments)
                rows_seen[name] += len(prepared)
    # Each was compared on rows, not only on empty answers.
    assert all(rows_seen.values()), rows_seen
