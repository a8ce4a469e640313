"""Append-only, hash-chained audit log: `audit.record(actor, verb, target, details)`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from upstander.audit.services import record

__all__ = ["record"]


def __getattr__(name: str) -> Any:
    # Loaded on first use, so that `from upstander import audit` works before the app registry
    # is ready; `record` itself is the one in `audit.services`.
    if name == "record":
        from upstander.audit.services import record

        globals()["record"] = record
        return record
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
