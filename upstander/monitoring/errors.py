from __future__ import annotations

from upstander.core.errors import DomainError


class ConsentRequired(DomainError):
    """An account is watched only with the person's recorded consent."""


class AccountAlreadyWatched(DomainError):
    pass


class AccountNotWatched(DomainError):
    pass


class DelegateMustBeCaseWorker(DomainError):
    pass


class AlreadyFollowing(DomainError):
    pass


class NotFollowing(DomainError):
    pass


class NothingSelected(DomainError):
    pass


class AlreadyDecided(DomainError):
    """Another reviewer acted on one of these posts first."""


class ActionNotOffered(DomainError):
    """The platform of a selected post does not let us take this action (hide, delete, ban)."""


class LeaseLost(Exception):
    """Another monitor took over this source; this process stops working on it."""
