"""A prepared query returns what its QuerySet returns, for any argument, with no compiling."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from upstander.accounts.models import User
from upstander.core.prepared import PreparedQuery, PreparedQueryError
from upstander.reports.models import Report
from upstander.reports.services import report_submit

users_from = PreparedQuery(lambda pk: User.objects.filter(pk__gte=pk).order_by("pk"))


def _report(text: str) -> Report:
    return report_submit(None, target_kind="myself", platform="x", what_happened=text).report


@pytest.mark.django_db
def test_it_returns_the_querysets_rows_for_each_argument():
    first = User.objects.create(email="a@example.org")
    second = User.objects.create(email="b@example.org")
    assert users_from(first.pk) == [first, second]
    assert users_from(second.pk) == [second]
    assert users_from(second.pk + 1) == []


@pytest.mark.django_db
def test_fields_are_converted_as_the_orm_converts_them():
    """The narrative is encrypted at rest: the prepared query decrypts it like the ORM does."""
    report = _report("He said he would wait for her after the surgery.")
    by_pk = PreparedQuery(lambda pk: Report.objects.filter(pk=pk))
    [found] = by_pk(report.pk)
    assert found.what_happened == "He said he would wait for her after the surgery."
    assert found.created_at == Report.objects.get(pk=report.pk).created_at


@pytest.mark.django_db
def test_text_arguments_and_several_arguments_are_swapped_in():
    _report("one")
    wanted = _report("two")
    query = PreparedQuery(
        lambda pk, platform: Report.objects.filter(pk=pk, platform=str(platform)), arity=2
    )
    assert query(wanted.pk, "x") == [wanted]
    assert query(wanted.pk, "bluesky") == []


@pytest.mark.django_db
def test_each_call_is_one_query():
    report = _report("one")
    by_pk = PreparedQuery(lambda pk: Report.objects.filter(pk=pk))
    by_pk(report.pk)
    with CaptureQueriesContext(connection) as captured:
        by_pk(report.pk)
    assert len(captured) == 1


@pytest.mark.django_db
def test_shapes_it_cannot_prepare_are_refused():
    with pytest.raises(PreparedQueryError, match="select_related"):
        PreparedQuery(lambda pk: Report.objects.filter(pk=pk).select_related("reporter"))(1)
    with pytest.raises(PreparedQueryError, match="plain parameter"):
        PreparedQuery(lambda pk: Report.objects.filter(pk__in=[pk, pk + 1]))(1)
    with pytest.raises(TypeError):
        PreparedQuery(lambda pk: Report.objects.filter(pk=pk))(1, 2)


@pytest.mark.django_db
def test_a_paged_query_takes_its_limit_and_offset_from_each_call():
    made = [_report(f"report {i}") for i in range(5)]
    newest_first = PreparedQuery(lambda: Report.objects.order_by("-pk"), arity=0, paged=True)
    assert newest_first(limit=2, offset=0) == made[:-3:-1]
    assert newest_first(limit=2, offset=4) == [made[0]]
    with pytest.raises(TypeError):
        newest_first()
    with pytest.raises(PreparedQueryError, match="sliced"):
        PreparedQuery(lambda: Report.objects.all()[:3], arity=0, paged=True)(limit=1)


@pytest.mark.django_db
def test_annotations_arrive_as_attributes():
    from django.db.models import F

    report = _report("one")
    with_kind = PreparedQuery(
        lambda pk: Report.objects.filter(pk=pk).annotate(kind_again=F("target_kind"))
    )
    [found] = with_kind(report.pk)
    assert found.kind_again == "myself"  # type: ignore[attr-defined]
