"""Who is asking, which proceeding they asked for, and whether they may see its staff view."""

from __future__ import annotations

from django.http import Http404

from upstander.accounts.models import Role, User
from upstander.accounts.permissions import has_role
from upstander.core.errors import DomainError, NotPermitted
from upstander.discipline import selectors
from upstander.discipline.models import (
    Proceeding,
    Seat,
)

OPENERS = (Role.CASE_WORKER, Role.SAFEGUARDING_LEAD, Role.ADMINISTRATOR)


def _proceeding(pk: int) -> Proceeding:
    try:
        return selectors.proceeding_full(pk)
    except Proceeding.DoesNotExist as error:
        raise Http404("No such proceeding.") from error


def _require_staff_view(user: User, proceeding: Proceeding) -> None:
    if selectors.is_party(user, proceeding):
        raise NotPermitted(
            "You are a party to this proceeding: you follow it on your own pages, "
            "not on the staff view."
        )
    if selectors.is_manager(user) or selectors.seat_of(user, proceeding) == Seat.INVESTIGATOR:
        return
    if proceeding.opened_by_id == user.pk and has_role(user, Role.CASE_WORKER):
        return
    raise NotPermitted(
        "Only the safeguarding lead and the investigator see the whole proceeding. "
        "Panel members see the panel's view."
    )


def _person(email: str) -> User:
    person = User.objects.filter(email=email.lower()).first()
    if person is None:
        raise DomainError("Nobody with an account has this email address.")
    return person
