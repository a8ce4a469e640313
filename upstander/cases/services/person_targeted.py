"""The person targeted's side of their case: messages with the case worker and requests to
change their wishes. They never edit the consultation: the case worker records that, with them."""

from __future__ import annotations

from collections.abc import Sequence

from django.db import transaction
from django.utils import timezone

from upstander import audit
from upstander.accounts.models import User
from upstander.cases.errors import NotThePersonTargeted
from upstander.cases.models import (
    Case,
    CaseMessage,
    CaseMessageKind,
    CaseMessageSender,
    Wish,
)
from upstander.cases.services.access import require_need_to_know, save_acted_on
from upstander.cases.services.notices import case_worker_tell
from upstander.core.errors import DomainError


def _require_person_targeted(actor: User, case: Case) -> None:
    if case.protected_person_id is None or case.protected_person_id != actor.pk:
        raise NotThePersonTargeted("Only the person this case is about can do this.")


def _write(
    case: Case, sender: CaseMessageSender, kind: CaseMessageKind, author: User, body: str
) -> CaseMessage:
    return CaseMessage.objects.create(
        case=case,
        sender=sender,
        kind=kind,
        author=author,
        body=body.strip(),
        created_at=timezone.now(),
    )


@transaction.atomic
def case_message_from_person_targeted(actor: User, *, case: Case, body: str) -> CaseMessage:
    """The person targeted writes to their case worker from "Your cases"."""
    _require_person_targeted(actor, case)
    if not body.strip():
        raise DomainError("The message is empty.")
    message = _write(case, CaseMessageSender.PERSON_TARGETED, CaseMessageKind.MESSAGE, actor, body)
    audit.record(actor, "case.message_from_person_targeted", case, {"message": message.pk})
    case_worker_tell(case, "a message from the person targeted")
    return message


def wishes_change_text(wishes: Sequence[str], note: str) -> str:
    labels = [Wish(wish).label for wish in wishes]
    lines = ["I would like to change what I want done."]
    lines.append("What I want now: " + ("; ".join(labels) if labels else "nothing ticked") + ".")
    if note.strip():
        lines.append(note.strip())
    return "\n".join(lines)


@transaction.atomic
def case_wishes_change_request(
    actor: User, *, case: Case, wishes: Sequence[str], note: str = ""
) -> CaseMessage:
    """The person targeted asks to change their wishes. It reaches the case worker as a marked
    message; the consultation changes only when the case worker records a new one with them."""
    _require_person_targeted(actor, case)
    unknown = sorted(set(wishes) - set(Wish.values))
    if unknown:
        raise DomainError(f"Unknown wishes: {', '.join(unknown)}.")
    if not wishes and not note.strip():
        raise DomainError("Tick what you want now, or tell us in a few words.")
    message = _write(
        case,
        CaseMessageSender.PERSON_TARGETED,
        CaseMessageKind.WISHES_CHANGE,
        actor,
        wishes_change_text(wishes, note),
    )
    # The wishes themselves are special category data: they stay in the encrypted message.
    audit.record(actor, "case.wishes_change_request", case, {"message": message.pk})
    case_worker_tell(case, "a request from the person targeted to change their wishes")
    return message


@transaction.atomic
def case_message_person_targeted(actor: User, *, case: Case, body: str) -> CaseMessage:
    """The case worker writes to the person targeted; they read it in "Your cases"."""
    require_need_to_know(actor, case)
    if case.protected_person_id is None:
        raise NotThePersonTargeted("Nobody with a login is recorded as the person targeted.")
    if not body.strip():
        raise DomainError("The message is empty.")
    message = _write(case, CaseMessageSender.STAFF, CaseMessageKind.MESSAGE, actor, body)
    save_acted_on(actor, case, [])
    audit.record(actor, "case.message_person_targeted", case, {"message": message.pk})
    return message
