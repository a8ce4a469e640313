"""Who may see and act on a protected person's monitoring."""

from __future__ import annotations

from typing import TYPE_CHECKING

from upstander.accounts.models import Role
from upstander.accounts.permissions import has_role
from upstander.core.errors import NotPermitted
from upstander.monitoring.models import Delegation

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from upstander.accounts.models import User

OVERSEERS = (Role.SAFEGUARDING_LEAD, Role.ADMINISTRATOR)


def sees_every_queue(user: User | AnonymousUser | None) -> bool:
    return has_role(user, *OVERSEERS)


def follows(user: User, person_id: int) -> bool:
    return Delegation.objects.filter(
        person_id=person_id, delegate_id=user.pk, ended_at__isnull=True
    ).exists()


def require_reviewer(actor: User | None, person_ids: set[int]) -> None:
    """The actor follows every one of these people (or oversees all queues)."""
    if actor is None or sees_every_queue(actor):
        return
    if not has_role(actor, Role.CASE_WORKER):
        raise NotPermitted("Only a case worker who follows this person may do this.")
    followed = set(
        Delegation.objects.filter(
            person_id__in=person_ids, delegate_id=actor.pk, ended_at__isnull=True
        ).values_list("person_id", flat=True)
    )
    if person_ids - followed:
        raise NotPermitted("You do not follow everyone whose posts you selected.")


def require_self_or_overseer(actor: User | None, person: User) -> None:
    """The person themselves, a safeguarding lead or an administrator."""
    if actor is None or actor.pk == person.pk or sees_every_queue(actor):
        return
    raise NotPermitted("Only the person themselves or a safeguarding lead may change this.")
