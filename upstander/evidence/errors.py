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
