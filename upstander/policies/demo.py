"""Demo data for welcome packs, made through the services (manage.py seed_demo)."""

from __future__ import annotations

from upstander.accounts.models import User
from upstander.policies.services import welcome_packs_send_pending


def seed(people: dict[str, User]) -> None:
    """Send the demo members their welcome packs, as the cron sweep would."""
    welcome_packs_send_pending(people["admin"])
