"""Seating the investigator and the panels: separated roles, no conflicts of interest."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from upstander import audit
from upstander.accounts.models import Member, Role, User
from upstander.accounts.permissions import has_role
from upstander.discipline import access
from upstander.discipline.errors import (
    ConflictOfInterest,
    PanelFull,
    RolesMustBeSeparate,
    SeatNeedsRole,
)
from upstander.discipline.models import (
    PANEL_SIZE,
    Appointment,
    ConflictDeclaration,
    ConflictKind,
    Proceeding,
    Seat,
    Stage,
)
from upstander.discipline.services.guards import (
    lock_proceeding,
    require_manager,
    require_manager_of,
    require_not_party,
    require_stage,
)
from upstander.discipline.services.sanctions import leads_mail


def conflict_reason(person: User, proceeding: Proceeding, *, seat: str | None = None) -> str | None:
    """The rule that keeps this person off this proceeding, or None when they may sit.

    `seat` None asks for a panel seat (the strictest): those who brought the complaint (who
    opened it, who referred the member) may investigate it but never judge it.
    """
    respondent = proceeding.respondent
    if proceeding.complainant_user_id == person.pk:
        return "the complainant cannot sit on their own complaint"
    if respondent.user_id == person.pk:
        return "the member complained about cannot sit on their own case"
    if seat != Seat.INVESTIGATOR:
        if proceeding.opened_by_id == person.pk:
            return "the person who opened the complaint cannot sit on its panel"
        if proceeding.referrals.filter(referred_by=person).exists():
            return "the person who referred the member cannot sit on the panel"
    own = Member.objects.filter(user=person).only("branch_id").first()
    if own is not None and own.branch_id is not None and own.branch_id == respondent.branch_id:
        return "someone from the same branch as the member complained about cannot sit"
    if proceeding.complainant_user_id is not None:
        complainant_member = (
            Member.objects.filter(user_id=proceeding.complainant_user_id).only("pk").first()
        )
    else:
        complainant_member = None
    declared = ConflictDeclaration.objects.filter(person=person).filter(
        proceeding=proceeding
    ) | ConflictDeclaration.objects.filter(
        person=person,
        member_id__in=[m.pk for m in (respondent, complainant_member) if m is not None],
    )
    conflict = declared.first()
    if conflict is not None:
        return f"a recorded conflict of interest ({conflict.get_kind_display().lower()})"
    return None


_SEAT_ROLES = access.SEAT_ROLES

_SEAT_STAGES: dict[str, tuple[Stage, ...]] = {
    Seat.INVESTIGATOR: (Stage.INVESTIGATION,),
    Seat.DECISION_PANEL: (Stage.INVESTIGATION, Stage.RESPONSE, Stage.HEARING),
    Seat.APPEAL_PANEL: (Stage.APPEAL_WINDOW, Stage.APPEAL),
}


@transaction.atomic
def seat_appoint(
    actor: User | None, *, proceeding: Proceeding, person: User, seat: Seat
) -> Appointment:
    """Appoint the investigator or a panel member; refused, naming the rule, if they may not."""
    require_manager_of(actor, proceeding)
    lock_proceeding(proceeding)
    require_stage(proceeding, *_SEAT_STAGES[seat])
    if not has_role(person, *_SEAT_ROLES[seat]):
        names = " or ".join(str(role.label).lower() for role in _SEAT_ROLES[seat])
        raise SeatNeedsRole(f"{person} cannot be {seat.label.lower()}: only a {names} can.")
    held = Appointment.objects.filter(proceeding=proceeding, person=person).first()
    if held is not None:
        raise RolesMustBeSeparate(
            f"{person} is already {held.get_seat_display().lower()} in {proceeding.reference}: "
            "the investigator, the decision panel and the appeal panel must be different people."
        )
    reason = conflict_reason(person, proceeding, seat=seat)
    if reason is not None:
        raise ConflictOfInterest(f"{person} cannot sit in {proceeding.reference}: {reason}.")
    taken = Appointment.objects.filter(
        proceeding=proceeding, seat=seat, ended_at__isnull=True
    ).count()
    limit = 1 if seat == Seat.INVESTIGATOR else PANEL_SIZE
    if taken >= limit:
        raise PanelFull(f"The {seat.label.lower()} already has {limit} member(s).")
    appointment = Appointment.objects.create(
        proceeding=proceeding,
        person=person,
        seat=seat,
        appointed_by=actor,
        appointed_at=timezone.now(),
    )
    audit.record(
        actor, "proceeding.seat_appoint", proceeding, {"person": person.pk, "seat": str(seat)}
    )
    return appointment


@transaction.atomic
def conflict_declare(
    actor: User | None,
    *,
    person: User,
    kind: ConflictKind,
    member: Member | None = None,
    proceeding: Proceeding | None = None,
    note: str = "",
) -> ConflictDeclaration:
    """Record a conflict of interest: by the person themselves, or by a lead on their behalf.

    The conflict takes effect at once: the person's open seats in live proceedings it touches
    end (each audited, the leads told), so they no longer sit, see the papers or decide.
    """
    on_behalf = actor is not None and actor.pk != person.pk
    if on_behalf:
        require_manager(actor)
    if member is None and proceeding is None:
        raise ConflictOfInterest("Say which member or which proceeding the conflict concerns.")
    if on_behalf and proceeding is not None:
        require_not_party(actor, proceeding)
    declaration = ConflictDeclaration.objects.create(
        person=person,
        member=member,
        proceeding=proceeding,
        kind=kind,
        note=note.strip(),
        recorded_by=actor,
        recorded_at=timezone.now(),
    )
    audit.record(
        actor,
        "conflict.declare",
        declaration,
        {
            "person": person.pk,
            "kind": str(kind),
            "member": member.pk if member else None,
            "proceeding": proceeding.pk if proceeding else None,
        },
    )
    _seats_end_for_conflict(actor, declaration, on_behalf=on_behalf)
    return declaration


def _seats_end_for_conflict(
    actor: User | None, declaration: ConflictDeclaration, *, on_behalf: bool
) -> list[Appointment]:
    """End the person's open seats in live proceedings where they now have a conflict."""
    person = declaration.person
    reason = f"conflict of interest declared: {declaration.get_kind_display().lower()}"[:120]
    open_seats = (
        Appointment.objects.select_for_update(of=("self",))
        .select_related("proceeding", "proceeding__respondent")
        .filter(person=person, ended_at__isnull=True)
        .exclude(proceeding__stage=Stage.CLOSED)
    )
    ended: list[Appointment] = []
    now = timezone.now()
    for appointment in open_seats:
        if conflict_reason(person, appointment.proceeding, seat=appointment.seat) is None:
            continue
        if on_behalf:
            # A party never reshapes the panel of their own proceeding.
            require_not_party(actor, appointment.proceeding)
        _seat_end(actor, appointment, reason=reason, now=now)
        ended.append(appointment)
    if ended:
        _tell_leads_seats_ended(
            person, ended, reason, subject="Seats ended with a declared conflict of interest"
        )
    return ended


def _seat_end(actor: User | None, appointment: Appointment, *, reason: str, now: datetime) -> None:
    """Close one seat; the row stays, so the record shows who sat when and why they left."""
    appointment.ended_at = now
    appointment.end_reason = reason
    appointment.save(update_fields=["ended_at", "end_reason"])
    audit.record(
        actor,
        "proceeding.seat_end",
        appointment.proceeding,
        {"person": appointment.person_id, "seat": appointment.seat, "reason": reason},
    )


def seats_end_for_role(actor: User | None, *, user: User, role: Role) -> list[Appointment]:
    """End this person's open seats that the revoked role backed (runs inside `role_revoke`).

    A seat another current role still backs stays (an investigator who was case worker and is
    still safeguarding lead). Each proceeding gets an audit entry and the leads are told.
    """
    reason = f"role revoked: {str(role.label).lower()}"
    ended: list[Appointment] = []
    open_seats = (
        Appointment.objects.select_for_update()
        .select_related("proceeding")
        .filter(person=user, ended_at__isnull=True)
    )
    now = timezone.now()
    for appointment in open_seats:
        needs = access.SEAT_ROLES[appointment.seat]
        if role not in needs or has_role(user, *needs):
            continue
        _seat_end(actor, appointment, reason=reason, now=now)
        ended.append(appointment)
    if ended:
        _tell_leads_seats_ended(user, ended, reason, subject="Seats ended with a revoked role")
    return ended


def _tell_leads_seats_ended(
    user: User, ended: list[Appointment], reason: str, *, subject: str
) -> None:
    lines = "\n".join(f"- {a.proceeding.reference}: {a.get_seat_display().lower()}" for a in ended)
    body = (
        f"{user} no longer sits in these proceedings ({reason}):\n{lines}\n"
        "Please appoint someone in their place where a seat must be filled."
    )
    leads_mail(subject=subject, body=body)
