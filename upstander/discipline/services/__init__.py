"""The verbs of the disciplinary procedure; each is atomic and writes one audit entry."""

from __future__ import annotations

from upstander.discipline.services.decisions import (
    appeal_decide,
    appeal_lodge,
    appeal_window_extend,
    appeal_windows_close,
    decision_record,
)
from upstander.discipline.services.evidence import (
    DisclosedContent,
    DisclosedEvidence,
    disclosed_evidence_open,
    disclosed_evidence_show,
    disclosure_withdraw,
)
from upstander.discipline.services.guide import guide_publish, proceeding_range
from upstander.discipline.services.oversight import (
    complainant_update_prompts,
    representation_record,
)
from upstander.discipline.services.panels import conflict_declare, conflict_reason, seat_appoint
from upstander.discipline.services.proceedings import (
    allegation_context_set,
    complainant_naming_agree,
    complainant_update_send,
    complaint_open,
    hearing_ready,
    investigation_complete,
    notice_send,
    proceeding_assess,
    proceeding_view_record,
    response_record,
)
from upstander.discipline.services.referrals import (
    referral_accept,
    referral_decline,
    referral_make,
)
from upstander.discipline.services.retention import (
    DisciplineRetention,
    discipline_retention_run,
    proceeding_minimise,
    proceedings_minimise_due,
    proceedings_retention_warn,
    referral_minimise,
    referrals_minimise_due,
    referrals_retention_warn,
)
from upstander.discipline.services.sanctions import (
    interim_approve,
    interim_end,
    interim_propose,
    interims_overrun_alert,
    sanctions_lift_expired,
)

__all__ = [
    "DisciplineRetention",
    "DisclosedContent",
    "DisclosedEvidence",
    "allegation_context_set",
    "appeal_decide",
    "appeal_lodge",
    "appeal_window_extend",
    "appeal_windows_close",
    "complainant_naming_agree",
    "complainant_update_prompts",
    "complainant_update_send",
    "complaint_open",
    "conflict_declare",
    "conflict_reason",
    "decision_record",
    "discipline_retention_run",
    "disclosed_evidence_open",
    "disclosed_evidence_show",
    "disclosure_withdraw",
    "guide_publish",
    "hearing_ready",
    "interim_approve",
    "interim_end",
    "interim_propose",
    "interims_overrun_alert",
    "investigation_complete",
    "notice_send",
    "proceeding_assess",
    "proceeding_minimise",
    "proceeding_range",
    "proceeding_view_record",
    "proceedings_minimise_due",
    "proceedings_retention_warn",
    "referral_accept",
    "referral_decline",
    "referral_make",
    "referral_minimise",
    "referrals_minimise_due",
    "referrals_retention_warn",
    "representation_record",
    "response_record",
    "sanctions_lift_expired",
    "seat_appoint",
]
