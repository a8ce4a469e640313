from __future__ import annotations

from dataclasses import dataclass

from upstander.core.errors import DomainError


class RoleAlreadyHeld(DomainError):
    pass


class RoleNotHeld(DomainError):
    pass


class LastAdministrator(DomainError):
    """The party must always keep at least one administrator."""


class HandleClaimedByAnotherMember(DomainError):
    pass


class InvalidSubscriptionLink(DomainError):
    pass


@dataclass(frozen=True)
class RowError:
    line: int
    message: str


class MemberImportRejected(DomainError):
    """At least one row was wrong, so no row was imported."""

    def __init__(self, errors: list[RowError]) -> None:
        super().__init__(f"No members were imported: {len(errors)} row(s) need correcting first.")
        self.errors = errors
