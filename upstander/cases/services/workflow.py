"""Moving a case through its states: only these services change `state`.

new -> triaged -> consulting -> action -> closed, and closed -> triaged (reopen). Closing early
(from triaged or consulting) is for outcomes that need no action: no action, withdrawn, support;
closing before the person targeted was consulted needs a safeguarding lead's written reason.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from upstander import audit
from upstander.accounts.models import Role, User
from upstander.accounts.permissions import has_role, require_role
from upstander.cases.conf import stage_deadlines
from upstander.cases.errors import (
    CaseMinimised,
    ConsultationRequired,
    InvalidCaseTransition,
    NotOnNeedToKnow,
    OverrideNeedsSafeguardingLead,
    SafeguardingReasonRequired,
)
from upstander.cases.models import (
    Case,
    CaseState,
    Category,
    Characteristic,
    CharacteristicCount,
    Consultation,
    ContactMethod,
    Outcome,
    Severity,
    Wish,
)
from upstander.cases.services.access import (
    WORKER_ROLES,
    mark_first_response,
    require_need_to_know,
)
from upstander.cases.services.consent import latest_consultation, require_consultation
from upstander.core.errors import DomainError
from upstander.reports.models import ReportPlatform, ReportStatus
from upstander.reports.services import report_status_set

TRANSITIONS: dict[str, frozenset[str]] = {
    CaseState.NEW: frozenset({CaseState.TRIAGED}),
    CaseState.TRIAGED: frozenset({CaseState.CONSULTING, CaseState.CLOSED}),
    CaseState.CONSULTING: frozenset({CaseState.ACTION, CaseState.CLOSED}),
    CaseState.ACTION: frozenset({CaseState.CLOSED}),
    CaseState.CLOSED: frozenset({CaseState.TRIAGED}),
}
# Outcomes that mean something was done: only from the action stage, after consultation.
ACTION_OUTCOMES = frozenset(
    {Outcome.BLOCKED, Outcome.PLATFORM_REPORT, Outcome.DISCIPLINARY, Outcome.POLICE}
)


class CharacteristicRequired(DomainError):
    """Identity-based abuse is recorded with the characteristic that was targeted."""


def _lock(case: Case) -> Case:
    return Case.objects.select_for_update().get(pk=case.pk)


def _move(case: Case, to: CaseState) -> None:
    if case.minimised_at is not None:
        raise CaseMinimised("This case was minimised under the retention policy.")
    if to not in TRANSITIONS[case.state]:
        raise InvalidCaseTransition(
            f"A case that is {CaseState(case.state).label.lower()} cannot move to "
            f"{CaseState(to).label.lower()}."
        )
    case.state = to


def _save(case: Case, fields: list[str], original: Case) -> None:
    case.save(update_fields=fields)
    original.refresh_from_db()


@transaction.atomic
def case_assign(actor: User, *, case: Case, assignee: User) -> Case:
    """Leads assign anyone who does case work; a case worker may take an unassigned case."""
    require_role(actor, *WORKER_ROLES)
    locked = _lock(case)
    if not has_role(assignee, *WORKER_ROLES):
        raise NotOnNeedToKnow(f"{assignee} is not a case worker.")
    if not has_role(actor, Role.SAFEGUARDING_LEAD) and (
        assignee.pk != actor.pk or locked.assigned_to_id not in (None, actor.pk)
    ):
        raise NotOnNeedToKnow(
            "A case worker may take an unassigned case; a safeguarding lead assigns others."
        )
    previous = locked.assigned_to_id
    locked.assigned_to = assignee
    fields = ["assigned_to", *mark_first_response(actor, locked)]
    _save(locked, fields, case)
    audit.record(actor, "case.assign", locked, {"from": previous, "to": assignee.pk})
    return locked


def _quarter_starts_on(case: Case) -> date:
    created = timezone.localdate(case.created_at)
    return date(created.year, 3 * ((created.month - 1) // 3) + 1, 1)


def _count_characteristic(case: Case, before: str, after: str) -> None:
    """Move the case's quarter count from one characteristic to another (none is not counted)."""
    if before == after:
        return
    quarter = _quarter_starts_on(case)
    if before:
        CharacteristicCount.objects.filter(
            quarter_starts_on=quarter, characteristic=before, count__gt=0
        ).update(count=F("count") - 1)
    if after:
        counter, _ = CharacteristicCount.objects.select_for_update().get_or_create(
            quarter_starts_on=quarter, characteristic=after
        )
        CharacteristicCount.objects.filter(pk=counter.pk).update(count=F("count") + 1)


@transaction.atomic
def case_triage(
    actor: User,
    *,
    case: Case,
    severity: int,
    category: str,
    targeted_characteristic: str = "",
    platform: str | None = None,
    possible_crime: bool = False,
    protected_person: User | None = None,
    summary: str | None = None,
    safeguarding_notes: str | None = None,
) -> Case:
    """Set severity (and with it the stage deadlines), category, characteristic, the person."""
    require_need_to_know(actor, case)
    locked = _lock(case)
    _move(locked, CaseState.TRIAGED)
    if severity not in Severity.values or category not in Category.values:
        raise InvalidCaseTransition("Choose a severity and a category from the lists.")
    if targeted_characteristic not in Characteristic.values:
        raise InvalidCaseTransition("Choose a targeted characteristic from the list.")
    if category == Category.IDENTITY and not targeted_characteristic:
        raise CharacteristicRequired(
            "Identity-based abuse needs the characteristic that was targeted."
        )
    _count_characteristic(locked, locked.targeted_characteristic, targeted_characteristic)
    locked.severity = severity
    locked.category = category
    locked.targeted_characteristic = targeted_characteristic
    if platform:
        locked.platform = platform if platform in ReportPlatform.values else "other"
    locked.possible_crime = possible_crime or category in (Category.THREAT, Category.DOXXING)
    if protected_person is not None:
        locked.protected_person = protected_person
    if summary is not None:
        locked.summary = summary.strip()
    if safeguarding_notes is not None:
        locked.safeguarding_notes = safeguarding_notes.strip()
    locked.triaged_at = timezone.now()
    first, consult, decide = stage_deadlines(severity)
    locked.first_response_due = locked.created_at + first
    locked.consultation_due = locked.created_at + consult
    locked.decision_due = locked.created_at + decide
    fields = [
        "state", "severity", "category", "targeted_characteristic", "platform",
        "possible_crime", "protected_person", "summary", "safeguarding_notes", "triaged_at",
        "first_response_due", "consultation_due", "decision_due",
        *mark_first_response(actor, locked),
    ]  # fmt: skip
    _save(locked, fields, case)
    audit.record(
        actor,
        "case.triage",
        locked,
        {"severity": severity, "category": category, "possible_crime": locked.possible_crime},
    )
    return locked


@transaction.atomic
def consultation_record(
    actor: User,
    *,
    case: Case,
    held_on: date,
    method: str,
    wishes: list[str],
    consent_police: bool,
    consent_panel: bool,
    preferred_contact: str = "",
    next_check_in: date | None = None,
    notes: str = "",
) -> Consultation:
    """Record the conversation with the person targeted; a triaged case moves to consulting."""
    require_need_to_know(actor, case)
    locked = _lock(case)
    if locked.state == CaseState.TRIAGED:
        _move(locked, CaseState.CONSULTING)
    elif locked.state not in (CaseState.CONSULTING, CaseState.ACTION):
        raise InvalidCaseTransition(
            "Triage the case first; a consultation is recorded on a triaged or open case."
        )
    if method not in ContactMethod.values:
        raise InvalidCaseTransition("Choose how the conversation happened.")
    chosen = [wish for wish in Wish.values if wish in set(wishes)]
    if not chosen or len(chosen) != len(set(wishes)):
        raise InvalidCaseTransition("Record at least one thing the person wants.")
    consultation = Consultation.objects.create(
        case=locked,
        held_on=held_on,
        method=method,
        wishes=chosen,
        consent_police=consent_police,
        consent_panel=consent_panel,
        preferred_contact=preferred_contact.strip(),
        next_check_in=next_check_in,
        notes=notes.strip(),
        recorded_by=actor,
        recorded_at=timezone.now(),
    )
    fields = ["state", *mark_first_response(actor, locked)]
    if locked.consulted_at is None:
        locked.consulted_at = consultation.recorded_at
        fields.append("consulted_at")
    _save(locked, fields, case)
    audit.record(
        actor,
        "case.consultation",
        locked,
        # Ids only: the wishes and consent are special category data, kept encrypted.
        {"consultation": consultation.pk},
    )
    return consultation


def move_to_action(case: Case) -> list[str]:
    """Consulting -> action; refused (ConsultationRequired) until a consultation is recorded."""
    require_consultation(case)
    if case.state == CaseState.ACTION:
        return []
    _move(case, CaseState.ACTION)
    case.decided_at = timezone.now()
    return ["state", "decided_at"]


@transaction.atomic
def case_decide(actor: User, *, case: Case) -> Case:
    """Move to the action stage; only after the person targeted has been consulted."""
    require_need_to_know(actor, case)
    locked = _lock(case)
    if locked.state != CaseState.CONSULTING:
        raise InvalidCaseTransition("Only a case in consultation moves to action.")
    fields = move_to_action(locked)
    _save(locked, fields, case)
    audit.record(actor, "case.decide", locked)
    return locked


@transaction.atomic
def case_close(actor: User, *, case: Case, outcome: str, reason: str = "") -> Case:
    """Close with an outcome. Without a consultation only a lead may, with a written reason.

    Closing "withdrawn" or "no action" decides for the person targeted as surely as acting
    does, so before anyone has talked to them a safeguarding lead writes why (say, the report
    was spam, or the person cannot be reached and is safe). The reason is kept on the case
    (encrypted) and the audit entry says a reason was given.
    """
    require_need_to_know(actor, case)
    locked = _lock(case)
    if outcome not in Outcome.values or not outcome:
        raise InvalidCaseTransition("Choose the outcome of the case.")
    consulted = latest_consultation(locked) is not None
    if outcome in ACTION_OUTCOMES and locked.state != CaseState.ACTION:
        if not consulted:
            raise ConsultationRequired(
                "Talk to the person targeted first: no action before the consultation."
            )
        raise InvalidCaseTransition("Move the case to action before closing it with an action.")
    _move(locked, CaseState.CLOSED)
    reason = reason.strip()
    if not consulted:
        _require_lead_reason_to_close(actor, reason)
    locked.outcome = outcome
    locked.closed_at = timezone.now()
    locked.closing_reason = "" if consulted else reason
    fields = ["state", "outcome", "closed_at", "closing_reason"]
    fields += mark_first_response(actor, locked)
    _save(locked, fields, case)
    if locked.report_id:
        report_status_set(report_id=locked.report_id, status=ReportStatus.CLOSED)
    audit.record(
        actor,
        "case.close",
        locked,
        {
            "outcome": outcome,
            "consulted": consulted,
            # The length only: the reason may name people, and stays encrypted on the case.
            **({} if consulted else {"reason_length": len(reason)}),
        },
    )
    return locked


def _require_lead_reason_to_close(actor: User, reason: str) -> None:
    if not has_role(actor, Role.SAFEGUARDING_LEAD):
        raise OverrideNeedsSafeguardingLead(
            "Nobody has talked to the person targeted yet. Record the consultation first; only "
            "a safeguarding lead may close a case without one, with a written reason."
        )
    if len(reason) < 10:
        raise SafeguardingReasonRequired(
            "Write why this case is closed without talking to the person targeted (for "
            "example, the report is spam, or they cannot be reached and are safe)."
        )


@transaction.atomic
def case_reopen(actor: User, *, case: Case, reason: str) -> Case:
    require_need_to_know(actor, case)
    locked = _lock(case)
    if not reason.strip():
        raise InvalidCaseTransition("Say why the case is reopened.")
    _move(locked, CaseState.TRIAGED)
    locked.outcome = ""
    locked.closed_at = None
    locked.closing_reason = ""
    locked.retention_warned_at = None
    _save(locked, ["state", "outcome", "closed_at", "closing_reason", "retention_warned_at"], case)
    if locked.report_id:
        report_status_set(report_id=locked.report_id, status=ReportStatus.IN_PROGRESS)
    audit.record(actor, "case.reopen", locked, {"reason_length": len(reason.strip())})
    return locked
