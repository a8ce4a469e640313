"""Who sits in a proceeding now: one answer for every check in discipline.

A seat is an appointment that has not ended *and* whose person holds, now, a role the seat
needs. Asking for the role as well as the seat means a revoked role ends access at once, even
before (or without) the revocation handler closing the seat.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q

from upstander.accounts.models import Role
from upstander.accounts.permissions import has_role
from upstander.discipline.models import Appointment, Seat

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from upstander.accounts.models import User
    from upstander.discipline.models import Proceeding

SEAT_ROLES: dict[str, tuple[Role, ...]] = {
    Seat.INVESTIGATOR: (Role.CASE_WORKER, Role.SAFEGUARDING_LEAD),
    Seat.DECISION_PANEL: (Role.PANEL_MEMBER,),
    Seat.APPEAL_PANEL: (Role.PANEL_MEMBER,),
}


def seats_held(user: User | AnonymousUser | None) -> list[str]:
    """The kinds of seat this person's current roles let them sit in."""
    if user is None or not user.is_authenticated:
        return []
    return [seat for seat, roles in SEAT_ROLES.items() if has_role(user, *roles)]


def seated(user: User | AnonymousUser | None) -> Q:
    """A filter on appointments: this person's open seats that their roles still back."""
    if user is None or not user.is_authenticated:
        return Q(pk__in=[])
    return Q(person_id=user.pk, ended_at__isnull=True, seat__in=seats_held(user))


def seat_of(user: User | AnonymousUser | None, proceeding: Proceeding) -> str | None:
    """The seat this person holds in the proceeding now, or None."""
    found = (
        Appointment.objects.filter(seated(user), proceeding=proceeding)
        .values_list("seat", flat=True)
        .first()
    )
    return str(found) if found else None


def sitting(proceeding: Proceeding, seat: str) -> list[int]:
    """Ids of the people sitting in one seat of a proceeding now (open and role-backed)."""
    candidates = Appointment.objects.filter(
        proceeding=proceeding, seat=seat, ended_at__isnull=True
    ).select_related("person")
    return [a.person_id for a in candidates if has_role(a.person, *SEAT_ROLES[seat])]
