"""The verbs of case handling; each is atomic, checks need-to-know and writes one audit entry."""

from __future__ import annotations

from upstander.cases.services.access import case_sensitive_open, may_open_case
from upstander.cases.services.actions import (
    case_action_take,
    case_evidence_add,
    case_message_reporter,
    police_referral_record,
)
from upstander.cases.services.check_ins import check_in_reminders_send
from upstander.cases.services.intake import case_open_from_report, case_open_from_review
from upstander.cases.services.person_targeted import (
    case_message_from_person_targeted,
    case_message_person_targeted,
    case_wishes_change_request,
)
from upstander.cases.services.safety import case_open_for_safety_risk, safety_alert_acknowledge
from upstander.cases.services.workflow import (
    case_assign,
    case_close,
    case_decide,
    case_reopen,
    case_triage,
    consultation_record,
)

__all__ = [
    "case_action_take",
    "case_assign",
    "case_close",
    "case_decide",
    "case_evidence_add",
    "case_message_from_person_targeted",
    "case_message_person_targeted",
    "case_message_reporter",
    "case_open_for_safety_risk",
    "case_open_from_report",
    "case_open_from_review",
    "case_reopen",
    "case_sensitive_open",
    "case_triage",
    "case_wishes_change_request",
    "check_in_reminders_send",
    "consultation_record",
    "may_open_case",
    "police_referral_record",
    "safety_alert_acknowledge",
]
