"""A watched account as the matcher and the store see it (shared by services and selectors)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class WatchTarget:
    account_id: int
    person_id: int
    alert_threshold: float
