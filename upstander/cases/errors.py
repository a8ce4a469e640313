"""Rules that refuse a change to a case, each named after the rule."""

from __future__ import annotations

from upstander.core.errors import DomainError, NotPermitted


class InvalidCaseTransition(DomainError):
    """Cases move new -> triaged -> consulting -> action -> closed (and reopen); nothing else."""


class ConsultationRequired(DomainError):
    """No action may be taken before the person targeted has been consulted."""


class SafeguardingReasonRequired(DomainError):
    """Acting against or beyond the person's wishes needs a lead's written safeguarding reason."""


class OverrideNeedsSafeguardingLead(NotPermitted):
    """Only a safeguarding lead may act against or beyond the person's wishes."""


class NotOnNeedToKnow(NotPermitted):
    """Only the assigned case worker and safeguarding leads open a case."""


class PoliceConsentRequired(DomainError):
    """Evidence goes to the police only with consent, or a lead's safeguarding reason."""


class CaseMinimised(DomainError):
    """The case's personal details were removed under the retention policy."""


class CaseAlreadyOpen(DomainError):
    """A report becomes one case only."""


class EvidencePackRefused(DomainError):
    """No pack goes to the police while any of its items fails its SHA-256 check."""


class SafetyAlertAlreadyAcknowledged(DomainError):
    """A safety alert is acknowledged once, by the lead who takes it on."""


class NotThePersonTargeted(NotPermitted):
    """Only the person targeted speaks for their own wishes and their own thread."""


class NoAccountToBlock(DomainError):
    """A block was asked for on a case that names no offending account."""
