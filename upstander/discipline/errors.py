"""Domain errors of the disciplinary procedure, each named after the rule that refused a change."""

from __future__ import annotations

from upstander.core.errors import DomainError, NotPermitted


class ReasonRequired(DomainError):
    """Every decision needs the criteria applied and a written reason."""


class WrongStage(DomainError):
    """The proceeding is not at the stage this step belongs to."""


class HearingNotHeld(WrongStage):
    """The panel decides only after the hearing: not before its date and time, nor without one."""


class ConflictOfInterest(DomainError):
    """A person with a recorded conflict cannot sit; the message names the rule."""


class PartyCannotAct(NotPermitted):
    """The member complained about and the complainant never run their own proceeding, whatever
    roles they hold."""


class RolesMustBeSeparate(DomainError):
    """Investigator, decision panel and appeal panel are different people."""


class PanelIncomplete(DomainError):
    """A panel decides only when all three of its members are seated."""


class PanelFull(DomainError):
    pass


class NotOnThePanel(DomainError):
    """Only a seated member of the panel records its decision."""


class SeatNeedsRole(DomainError):
    """Panel members need the panel role; investigators the case worker or lead role."""


class OutsideGuideRangeNeedsReason(DomainError):
    """A sanction outside the guide's range needs its own reason."""


class EndDateRequired(DomainError):
    """A suspension needs an end date, and a formal warning an expiry date."""


class AppealWindowClosed(DomainError):
    """An appeal after the window is refused unless a lead extended it."""


class ApprovalOutsideInvestigationRequired(DomainError):
    """Interim suspension needs approval by someone outside the investigation."""


class InvalidGuide(DomainError):
    """A new version of the sanctions guide that could not be applied as written."""


class GuideNotPublished(DomainError):
    pass


class AlreadyAnswered(DomainError):
    pass


class UnknownConduct(DomainError):
    pass


class EvidenceNotShared(DomainError):
    """Only evidence the victim consented to share belongs to a proceeding."""


class CaseConsentRequired(DomainError):
    """A complaint from a case needs its consultation, the victim's consent and need-to-know."""


class EvidenceNotDisclosed(DomainError):
    """The panel and the member complained about see only the evidence the notice disclosed."""


class ReferralAlreadyDecided(DomainError):
    """A referral is accepted or declined once; the queue shows only those still waiting."""


class ComplainantOnlyFromACase(DomainError):
    """Only a case's consultation can name the person targeted as complainant: a referral
    from the blocklist or the review queue is made in the party's name."""
