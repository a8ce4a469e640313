"""Helpers shared by the discipline services: who may act, stage checks, letters and mail."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from upstander.accounts.models import Role, User
from upstander.accounts.permissions import has_role
from upstander.core.errors import NotPermitted
from upstander.discipline import access
from upstander.discipline.errors import ReasonRequired, WrongStage
from upstander.discipline.letters import complainant_update_letter
from upstander.discipline.models import (
    Letter,
    LetterKind,
    Proceeding,
    Recipient,
    Seat,
    Stage,
)

# Who runs the procedure: the safeguarding lead (and administrators).
MANAGERS = (Role.SAFEGUARDING_LEAD, Role.ADMINISTRATOR)


def require_manager(actor: User | None) -> None:
    if actor is not None and not has_role(actor, *MANAGERS):
        raise NotPermitted("Only a safeguarding lead may do this.")


def seat_of(actor: User | None, proceeding: Proceeding) -> str | None:
    return access.seat_of(actor, proceeding)


def require_manager_or_investigator(actor: User | None, proceeding: Proceeding) -> None:
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


def respondent_email(proceeding: Proceeding) -> str:
    member = proceeding.respondent
    if member.email:
        return str(member.email)
    return str(member.user.email) if member.user_id and member.user else ""


def complainant_email(proceeding: Proceeding) -> str:
    user = proceeding.complainant_user
    return str(user.email) if user else ""


def letter_send(
    actor: User | None,
    *,
    proceeding: Proceeding,
    kind: LetterKind,
    recipient: Recipient,
    subject: str,
    body: str,
) -> Letter:
    """Store the letter as sent and mail it after commit (to nobody when there is no address)."""
    address = (
        respondent_email(proceeding)
        if recipient == Recipient.RESPONDENT
        else complainant_email(proceeding)
    )
    letter = Letter.objects.create(
        proceeding=proceeding,
        kind=kind,
        recipient=recipient,
        subject=subject[:200],
        body=body,
        emailed_to=address,
        created_by=actor,
        created_at=timezone.now(),
    )
    if address:
        # The task takes the letter's id and reads the (encrypted) letter when it runs, so the
        # task queue never holds a letter's text or address.
        from upstander.discipline.tasks import send_letter  # tasks imports the services

        transaction.on_commit(lambda: send_letter.enqueue(letter_id=letter.pk))
    return letter


def close_words(items: Iterable[str]) -> str:
    listed = list(items)
    if len(listed) <= 1:
        return "".join(listed)
    return ", ".join(listed[:-1]) + " and " + listed[-1]


def complainant_tell(actor: User | None, proceeding: Proceeding, news: str) -> None:
    """Keep the complainant informed at each stage (a letter, by email when they have one)."""
    if proceeding.complainant_user_id is None:
        return
    subject, body = complainant_update_letter(proceeding, news=news)
    letter_send(
        actor,
        proceeding=proceeding,
        kind=LetterKind.COMPLAINANT_UPDATE,
        recipient=Recipient.COMPLAINANT,
        subject=subject,
        body=body,
    )
    proceeding.complainant_last_updated_at = timezone.now()
    proceeding.save(update_fields=["complainant_last_updated_at"])
