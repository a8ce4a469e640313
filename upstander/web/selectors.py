"""Read models for the public pages and the staff dashboard."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.apps import apps

from upstander.accounts.models import (
    Member,
    MembershipStatus,
    Subscriber,
    SubscriptionStatus,
    User,
)
from upstander.audit.models import AuditEntry
from upstander.policies.models import PolicyDocument, PolicyStatus


@dataclass(frozen=True)
class DashboardFigures:
    active_members: int
    confirmed_subscribers: int
    current_policies: int
    audit_entries: int


def dashboard_figures() -> DashboardFigures:
    return DashboardFigures(
        active_members=Member.objects.filter(status=MembershipStatus.ACTIVE).count(),
        confirmed_subscribers=Subscriber.objects.filter(
            status=SubscriptionStatus.CONFIRMED
        ).count(),
        current_policies=PolicyDocument.objects.filter(status=PolicyStatus.PUBLISHED).count(),
        audit_entries=AuditEntry.objects.count(),
    )


@dataclass(frozen=True)
class ActivityRow:
    sequence: int
    created_at: datetime
    actor_name: str
    verb: str
    target: str


def recent_audit_entries(limit: int = 15) -> list[ActivityRow]:
    """The latest entries with names resolved now: the log itself stores no personal data."""
    entries = list(AuditEntry.objects.order_by("-sequence")[:limit])
    names = {
        user.pk: str(user)
        for user in User.objects.filter(
            pk__in={e.actor_user_id for e in entries if e.actor_user_id}
        )
    }
    rows = []
    for entry in entries:
        actor = names.get(entry.actor_user_id or 0)
        if actor is None:
            actor = "system" if entry.actor_label == "anonymous" else entry.actor_label
        rows.append(
            ActivityRow(entry.sequence, entry.created_at, actor, entry.verb, _target_label(entry))
        )
    return rows


def _target_label(entry: AuditEntry) -> str:
    try:
        kind = str(apps.get_model(entry.target_type)._meta.verbose_name)
    except (LookupError, ValueError):
        kind = entry.target_type
    return f"{kind} {entry.target_id}".strip()
