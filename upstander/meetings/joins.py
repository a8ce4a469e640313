"""Who has joined and not yet been sent a welcome pack (asked by the sweep and the staff page)."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from upstander.accounts.models import Member, MembershipStatus


def members_awaiting_welcome_pack() -> QuerySet[Member]:
    """Active members with an address (their own or their login's) and no pack yet."""
    return (
        Member.objects.filter(status=MembershipStatus.ACTIVE, welcome_pack__isnull=True)
        .filter(Q(user__isnull=False) | ~Q(email=""))
        .select_related("user", "branch")
        .order_by("pk")
    )
