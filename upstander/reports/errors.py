from __future__ import annotations

from upstander.core.errors import DomainError


class ReceiptNotRecognised(DomainError):
    """No report has this receipt code (or it was mistyped)."""


class ReceiptGuessingThrottled(DomainError):
    """Too many receipt codes were tried from here; wait before trying again."""


class InvalidPostLink(DomainError):
    pass


class IdentityAlreadyDisclosed(DomainError):
    """Disclosing one's identity is final and happens once."""


class ReportAlreadyMinimised(DomainError):
    """The report's personal details were removed under the retention policy."""
