"""Content types decided by the bytes themselves, never by the file's name."""

from __future__ import annotations

from upstander.evidence.errors import EvidenceTypeNotAccepted

_SIGNATURES: list[tuple[bytes, str]] = [
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
    (b"%PDF-", "application/pdf"),
]

ACCEPTED = "PNG, JPEG, GIF or WebP images, PDF documents and plain text"


def sniff_content_type(data: bytes) -> str:
    """The content type of `data`, or EvidenceTypeNotAccepted saying what is accepted."""
    for signature, content_type in _SIGNATURES:
        if data.startswith(signature):
            return content_type
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    if b"\x00" not in data:
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            pass
        else:
            return "text/plain; charset=utf-8"
    raise EvidenceTypeNotAccepted(f"This file type is not accepted. Please send {ACCEPTED}.")
