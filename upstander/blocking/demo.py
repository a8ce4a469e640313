"""Demo data for this app, made through its services (called by manage.py seed_demo)."""

from __future__ import annotations

from upstander.accounts.models import User


def seed(people: dict[str, User]) -> None:
    """Nothing to seed yet."""
