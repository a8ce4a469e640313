"""The root of every domain error: a policy rule that refused a change.

Services raise subclasses named after the rule (`ConsultationRequired`); views turn them into
messages. Nothing is written when one is raised, because services are atomic.
"""

from __future__ import annotations


class DomainError(Exception):
    """A rule of the party's policy refused the change; the message is shown to the person."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotPermitted(DomainError):
    """The acting person lacks the role the change needs."""
