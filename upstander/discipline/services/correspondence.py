"""Letters to the member complained about and the complainant: stored as sent, mailed after
commit, and the complainant kept informed at each stage."""

from __future__ import annotations

from django.utils import timezone

from upstander.accounts.models import User
from upstander.core.mail import mail_queue
from upstander.discipline.letters import complainant_update_letter
from upstander.discipline.models import Letter, LetterKind, Proceeding, Recipient


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
    proceeding: Proceeding,
    kind: LetterKind,
    recipient: Recipient,
    text: tuple[str, str],
) -> Letter:
    """Store the letter as sent and mail it after commit (to nobody when there is no address).

    `text` is the (subject, body) a builder in `discipline.letters` wrote.
    """
    subject, body = text
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
        # Through the retrying mail queue (encrypted; its task holds only an id): a mail server
        # down for a moment must not lose a letter whose time limits are already running.
        mail_queue(to=address, subject=letter.subject, body=body, keep_record=True)
    return letter


def complainant_tell(actor: User | None, proceeding: Proceeding, news: str) -> None:
    """Keep the complainant informed at each stage (a letter, by email when they have one)."""
    if proceeding.complainant_user_id is None:
        return
    letter_send(
        actor,
        proceeding,
        LetterKind.COMPLAINANT_UPDATE,
        Recipient.COMPLAINANT,
        complainant_update_letter(proceeding, news=news),
    )
    proceeding.complainant_last_updated_at = timezone.now()
    proceeding.save(update_fields=["complainant_last_updated_at"])
