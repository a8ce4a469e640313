"""Who may act in a proceeding, and the checks every step makes before it changes anything:
the stage it belongs to, the written reason, the row lock."""

from __future__ import annotations

from upstander.accounts.models import User
from upstander.accounts.permissions import has_role
from upstander.core.errors import NotPermitted
from upstander.discipline import access
from upstander.discipline.errors import PartyCannotAct, ReasonRequired, WrongStage
from upstander.discipline.models import Proceeding, Seat, Stage
from upstander.discipline.selectors import MANAGERS, is_party


def require_manager(actor: User | None) -> None:
    if actor is not None and not has_role(actor, *MANAGERS):
        raise NotPermitted("Only a safeguarding lead may do this.")


def require_not_party(actor: User | None, proceeding: Proceeding) -> None:
    """The member complained about and the complainant never run their own proceeding, whatever
    roles they hold: they take part only as parties (their own pages, response and appeal)."""
    if actor is not None and is_party(actor, proceeding):
        raise PartyCannotAct(
            f"You are a party to {proceeding.reference}, so another safeguarding lead must "
            "take this step."
        )


def require_manager_of(actor: User | None, proceeding: Proceeding) -> None:
    """A lead who is not a party to this proceeding."""
    require_manager(actor)
    require_not_party(actor, proceeding)


def seat_of(actor: User | None, proceeding: Proceeding) -> str | None:
    return access.seat_of(actor, proceeding)


def require_manager_or_investigator(actor: User | None, proceeding: Proceeding) -> None:
    require_not_party(actor, proceeding)
    if actor is None or has_role(actor, *MANAGERS):
        return
    if seat_of(actor, proceeding) != Seat.INVESTIGATOR:
        raise NotPermitted(
            "Only the safeguarding lead or this proceeding's investigator may do this."
        )


def require_stage(proceeding: Proceeding, *stages: Stage) -> None:
    if proceeding.stage not in stages:
        names = " or ".join(str(stage.label).lower() for stage in stages)
        raise WrongStage(
            f"{proceeding.reference} is at the stage “{proceeding.get_stage_display()}”; "
            f"this step belongs to {names}."
        )


def require_text(value: str, what: str) -> str:
    cleaned = value.strip()
    if not cleaned:
        raise ReasonRequired(f"Please write {what}: every decision is recorded with it.")
    return cleaned


def lock_proceeding(proceeding: Proceeding) -> None:
    """Take the row lock, then read the latest state into the caller's instance."""
    list(Proceeding.objects.select_for_update().filter(pk=proceeding.pk).values_list("pk"))
    proceeding.refresh_from_db()
