from __future__ import annotations

from upstander.core.errors import DomainError


class EvidenceTooLarge(DomainError):
    """An upload is over the size limit (EVIDENCE_MAX_BYTES)."""


class EvidenceTypeNotAccepted(DomainError):
    """An upload's content is not an image, a PDF or plain text (checked by content, not name)."""


class EvidenceEmpty(DomainError):
    pass


class EvidenceContentPurged(DomainError):
    """The bytes were removed by retention; only the record of the capture remains."""


class EvidenceRefused(DomainError):
    """Evidence ids the actor may not use here (another case, no need-to-know, no consent)."""


class EvidenceTampered(DomainError):
    """The stored bytes no longer hash to the SHA-256 recorded at capture (or no key decrypts
    them): they were changed outside the application and must not be used as evidence."""

    def __init__(self, message: str, *, item_id: int) -> None:
        super().__init__(message)
        self.item_id = item_id
