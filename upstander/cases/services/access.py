"""Need-to-know: who may open a case, and the audited opening of its sensitive fields."""

from __future__ import annotations

from collections import defaultdict

from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.utils import timezone

from upstander import audit
from upstander.accounts.models import Role, User
from upstander.accounts.permissions import has_role, require_role
from upstander.cases.errors import NotOnNeedToKnow
from upstander.cases.models import Case

WORKER_ROLES = (Role.CASE_WORKER, Role.SAFEGUARDING_LEAD)


def may_open_case(user: User | AnonymousUser | None, case: Case) -> bool:
    """Only the assigned case worker and safeguarding leads (`None` is the system itself)."""
    if user is None:
        return True
    if not user.is_authenticated:
        return False
    if has_role(user, Role.SAFEGUARDING_LEAD):
        return True
    return case.assigned_to_id == user.pk and has_role(user, Role.CASE_WORKER)


def require_need_to_know(actor: User | None, case: Case) -> None:
    require_role(actor, *WORKER_ROLES)
    if not may_open_case(actor, case):
        raise NotOnNeedToKnow(
            "Only the case worker assigned to this case and safeguarding leads may open it."
        )


def mark_first_response(actor: User | None, case: Case) -> list[str]:
    """The first time a case worker acts on a case, note when (a stage deadline and a statistic)."""
    if actor is not None and case.first_response_at is None:
        case.first_response_at = timezone.now()
        return ["first_response_at"]
    return []


def save_acted_on(
    actor: User | None, case: Case, fields: list[str], *, original: Case | None = None
) -> None:
    """Save what an action changed on a case, with the first response's time if it is the
    first; `original` is the caller's copy of the locked row, refreshed to match."""
    changed = [*fields, *mark_first_response(actor, case)]
    if changed:
        case.save(update_fields=changed)
    if original is not None:
        original.refresh_from_db()


@transaction.atomic
def case_sensitive_open(actor: User, *, case: Case, purpose: str = "view") -> Case:
    """Check need-to-know and audit that this person opened the case's sensitive fields."""
    require_need_to_know(actor, case)
    audit.record(actor, "case.view", case, {"purpose": purpose})
    return case


# --- Case visibility for evidence (registered with evidence in CasesConfig.ready) -------------


def evidence_held_by_live_cases(ids: set[int]) -> set[int]:
    """The items, among these, that a case not yet minimised holds (its own, or its report's)."""
    live = Case.objects.filter(minimised_at__isnull=True)
    own = Case.evidence.through.objects.filter(evidenceitem_id__in=ids, case__in=live).values_list(
        "evidenceitem_id", flat=True
    )
    reported = live.filter(report__evidence__in=ids).values_list("report__evidence", flat=True)
    return {int(item_id) for item_id in [*own, *reported]}


def evidence_homes(ids: set[int]) -> dict[int, set[int]]:
    """For each evidence item, the cases it belongs to (its own, or through the case's report)."""
    homes: dict[int, set[int]] = defaultdict(set)
    own = Case.evidence.through.objects.filter(evidenceitem_id__in=ids).values_list(
        "evidenceitem_id", "case_id"
    )
    reported = Case.objects.filter(report__evidence__in=ids).values_list("report__evidence", "pk")
    for item_id, case_id in [*own, *reported]:
        homes[int(item_id)].add(int(case_id))
    return dict(homes)
