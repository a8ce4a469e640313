"""Read models for the public pages and the staff dashboard."""

from __future__ import annotations

from dataclasses import dataclass

from upstander.accounts.models import Member, MembershipStatus, Subscriber, SubscriptionStatus
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


def recent_audit_entries(limit: int = 15) -> list[AuditEntry]:
    return list(AuditEntry.objects.order_by("-sequence")[:limit])
