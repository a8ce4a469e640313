"""Reads that services and selectors both need (services may not import selectors)."""

from __future__ import annotations

from upstander.audit.models import AuditEntry
from upstander.cases.models import Case
from upstander.evidence.models import EvidenceItem
from upstander.reports.models import Report


def case_evidence_ids(case: Case) -> list[int]:
    """The case's own evidence and its report's (two indexed lookups, no OR across joins)."""
    ids = set(
        Case.evidence.through.objects.filter(case_id=case.pk).values_list(
            "evidenceitem_id", flat=True
        )
    )
    if case.report_id:
        ids |= set(
            Report.evidence.through.objects.filter(report_id=case.report_id).values_list(
                "evidenceitem_id", flat=True
            )
        )
    return sorted(ids)


def case_evidence(case: Case) -> list[EvidenceItem]:
    """The case's own evidence and its report's, oldest first."""
    return list(
        EvidenceItem.objects.filter(pk__in=case_evidence_ids(case))
        .select_related("captured_by")
        .order_by("pk")
    )


def case_timeline(case: Case) -> list[AuditEntry]:
    """What was done on the case (openings for reading are audited too, but not listed here)."""
    return list(
        AuditEntry.objects.filter(target_type="cases.case", target_id=str(case.pk))
        .exclude(verb="case.view")
        .order_by("sequence")
    )
