"""Receipt codes for anonymous reports: 24 random digits, shown once, kept only as a slow hash.

The first 8 digits are a lookup (not secret, not unique) that finds the few candidate reports;
the whole code is checked against each candidate's salted PBKDF2-SHA256 hash, so a lookup never
hashes against every row. The 16 secret digits (about 53 bits) are what make guessing hopeless:
online, attempts are throttled; offline, with a stolen database, 2^53 candidates x 20,000
iterations is about 2 x 10^20 HMAC operations per report (centuries on a GPU). So the iteration
count can stay moderate (RECEIPT_HASH_ITERATIONS, default 20,000) and intake stays fast.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.contrib.auth.hashers import PBKDF2PasswordHasher

from upstander.core.env import env_int

LOOKUP_DIGITS = 8
SECRET_DIGITS = 16
CODE_DIGITS = LOOKUP_DIGITS + SECRET_DIGITS


class ReceiptHasher(PBKDF2PasswordHasher):
    algorithm = "receipt_pbkdf2_sha256"

    def __init__(self) -> None:
        configured = getattr(settings, "RECEIPT_HASH_ITERATIONS", None)
        self.iterations = (
            int(configured)
            if configured is not None
            else env_int("RECEIPT_HASH_ITERATIONS", 20_000)
        )


def receipt_new() -> str:
    """A fresh code: 24 digits, each from the operating system's secure random source."""
    return "".join(str(secrets.randbelow(10)) for _ in range(CODE_DIGITS))


def receipt_normalise(raw: str) -> str:
    """Digits only, so `1234 5678-…` and `12345678…` are the same code."""
    return "".join(ch for ch in raw if ch.isdigit())


def receipt_display(code: str) -> str:
    """Groups of four for reading aloud and copying: `1234 5678 9012 …`."""
    return " ".join(code[i : i + 4] for i in range(0, len(code), 4))


def receipt_lookup_of(code: str) -> str:
    return code[:LOOKUP_DIGITS]


def receipt_hash(code: str) -> str:
    hasher = ReceiptHasher()
    return hasher.encode(code, hasher.salt())


def receipt_matches(code: str, stored: str) -> bool:
    return bool(stored) and ReceiptHasher().verify(code, stored)


def receipt_waste_time(code: str) -> None:
    """Hash once anyway when nothing matched, so timing does not tell a lookup exists."""
    receipt_hash(code)
