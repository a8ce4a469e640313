from __future__ import annotations

from upstander.core.errors import DomainError


class PolicyNotDraft(DomainError):
    """Only a draft can be edited or published; published text never changes."""


class PolicyNotCurrent(DomainError):
    """Only the current published version can be acknowledged."""


class WelcomePackAlreadySent(DomainError):
    """Each member gets one welcome pack."""


class WelcomePackPoliciesMissing(DomainError):
    """The pack needs a published equality statement, behaviour policy and code of conduct."""
