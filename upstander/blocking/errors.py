"""The blocking rules that can refuse a change (views show the message)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from upstander.core.errors import DomainError

if TYPE_CHECKING:
    from upstander.discipline.models import Referral


class MemberAccountRefused(DomainError):
    """Members are never silently blocked: their account goes to the disciplinary route."""

    def __init__(self, message: str, *, referral: Referral) -> None:
        super().__init__(message)
        self.referral = referral


class MemberChoiceUnconfirmed(DomainError):
    """A protected person may block a member on their own account, once they confirm it."""


class EvidenceRequired(DomainError):
    """A block is sent only once the posts behind it are captured (blocking can hide them)."""


class AlreadyOnBlocklist(DomainError):
    pass


class NotWaitingForDecision(DomainError):
    pass


class NotBlocked(DomainError):
    pass


class ReasonRequired(DomainError):
    pass


class ConsentRequired(DomainError):
    pass


class AccountNotConnected(DomainError):
    pass


class AccountNotFound(DomainError):
    """The handle could not be turned into the account's stable id. `transient`: the platform
    could not be asked (down, offline), so the handle itself may be right."""

    def __init__(self, message: str, *, transient: bool = False) -> None:
        super().__init__(message)
        self.transient = transient


class PlatformReportNeedsConsultation(DomainError):
    """A report to the platform names the person targeted: it needs their case's consultation."""


class StableIdInvalid(DomainError):
    """A stable id entered by hand is not a DID or an account URI."""


class CredentialsRefused(DomainError):
    """The platform did not accept the credentials given at opt-in: nothing is stored."""


class HandoverClosed(DomainError):
    """The hand-over is already on the blocklist (or sent to discipline)."""
