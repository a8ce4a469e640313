"""Disciplinary proceedings: complaints against members, panels, decisions, sanctions, appeals.

The sanctions guide maps conduct and aggravating/mitigating factors to a range of sanctions.
It has no channel field on purpose (policy P2): abuse online gets the same range as abuse face
to face.
"""

from __future__ import annotations

from upstander.discipline.models.guide import (
    Conduct,
    FactorKind,
    GuideEntry,
    GuideFactor,
    Sanction,
    SanctionsGuide,
)
from upstander.discipline.models.outcomes import (
    Appeal,
    AppealOutcome,
    Appellant,
    AppliedSanction,
    Decision,
    DecisionKind,
    InterimSuspension,
    Letter,
    LetterKind,
    Recipient,
    Representation,
)
from upstander.discipline.models.proceedings import (
    PANEL_SIZE,
    Allegation,
    Appointment,
    AssessmentOutcome,
    ConflictDeclaration,
    ConflictKind,
    Proceeding,
    ProceedingEvidence,
    Seat,
    Stage,
)
from upstander.discipline.models.referrals import Referral, ReferralSource, ReferralStatus

__all__ = [
    "PANEL_SIZE",
    "Allegation",
    "Appeal",
    "AppealOutcome",
    "Appellant",
    "AppliedSanction",
    "Appointment",
    "AssessmentOutcome",
    "Conduct",
    "ConflictDeclaration",
    "ConflictKind",
    "Decision",
    "DecisionKind",
    "FactorKind",
    "GuideEntry",
    "GuideFactor",
    "InterimSuspension",
    "Letter",
    "LetterKind",
    "Proceeding",
    "ProceedingEvidence",
    "Recipient",
    "Referral",
    "ReferralSource",
    "ReferralStatus",
    "Representation",
    "Sanction",
    "SanctionsGuide",
    "Seat",
    "Stage",
]
