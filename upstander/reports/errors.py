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


class MailboxNotConfigured(DomainError):
    """No party mailbox is set (REPORT_MAILBOX_URL), or its address cannot be used."""


class MailboxUnavailable(DomainError):
    """The party mailbox could not be read now: the server, the login or the folder failed.
    The message says which, for the lead, and never carries the password."""


class UnreadableEmail(DomainError):
    """A message in the party mailbox that cannot become a report (no sender, not an email)."""
