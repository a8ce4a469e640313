"""Rules that refuse a change to a meeting or a registration."""

from __future__ import annotations

from upstander.core.errors import DomainError


class CodeOfConductNotPublished(DomainError):
    """Nobody can be admitted before there is a current code of conduct to sign."""


class NotEligibleToRegister(DomainError):
    """The meeting is for members, a branch or a network that the person is not part of."""


class MembershipNotInGoodStanding(DomainError):
    """Suspended and expelled members cannot register for meetings."""


class RegistrationRevoked(DomainError):
    """The host withdrew this place; the link no longer admits anyone."""


class RevocationReasonRequired(DomainError):
    """Withdrawing someone's place is recorded with the reason."""


class OldCodeOfConductVersion(DomainError):
    """A signature counts only on the current version of the code of conduct."""


class SignatureNameRequired(DomainError):
    """The signer writes their name, as in a paper register."""


class MeetingAlreadyStarted(DomainError):
    """Registration closes when a meeting ends."""


class IncidentDescriptionRequired(DomainError):
    """An incident report says what happened."""
