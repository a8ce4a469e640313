"""Reads that services and selectors both need (services may not import selectors)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from upstander.audit.models import AuditEntry
from upstander.cases.models import Case
from upstander.evidence.models import EvidenceItem
from upstander.reports.models import Report


def _evidence_ids_query(case_id: int, report_id: int) -> QuerySet[Any]:
    """The ids of the case's own evidence and its report's: a UNION of two indexed lookups
    (an OR across the two joins would scan every evidence item). `report_id` 0: no report."""
    own = Case.evidence.through.objects.filter(case_id=case_id).values_list("evidenceitem_id")
    reported = Report.evidence.through.objects.filter(report_id=report_id).values_list(
        "evidenceitem_id"
    )
    return own.union(reported)


def evidence_of_case_and_report(case_id: int, report_id: int) -> QuerySet[EvidenceItem]:
    """The case's own evidence and its report's, oldest first, in one query."""
    return EvidenceItem.objects.filter(pk__in=_evidence_ids_query(case_id, report_id)).order_by(
        "pk"
    )


def case_evidence_ids(case: Case) -> list[int]:
    """The case's own evidence and its report's."""
    return sorted({row[0] for row in _evidence_ids_query(case.pk, case.report_id or 0)})


def case_evidence(case: Case) -> list[EvidenceItem]:
    """The case's own evidence and its report's, oldest first, in one query."""
    return list(
        evidence_of_case_and_report(case.pk, case.report_id or 0).select_related("captured_by")
    )


def timeline_of_case(case_id: int) -> QuerySet[AuditEntry]:
    """What was done on the case (openings for reading are audited too, but not listed here)."""
    return (
        AuditEntry.objects.filter(target_type="cases.case", target_id=str(case_id))
        .exclude(verb="case.view")
        .order_by("sequence")
    )


def case_timeline(case: Case) -> list[AuditEntry]:
    return list(timeline_of_case(case.pk))


def evidence_homes(item_ids: list[int]) -> list[tuple[str, str]]:
    """Every case and report that holds any of these items, as audit targets (type, id): where
    the entries that add, open or pack them are written."""
    cases = Case.evidence.through.objects.filter(evidenceitem_id__in=item_ids)
    reports = Report.evidence.through.objects.filter(evidenceitem_id__in=item_ids)
    case_ids = sorted(set(cases.values_list("case_id", flat=True)))
    report_ids = sorted(set(reports.values_list("report_id", flat=True)))
    return [("cases.case", str(pk)) for pk in case_ids] + [
        ("reports.report", str(pk)) for pk in report_ids
    ]
