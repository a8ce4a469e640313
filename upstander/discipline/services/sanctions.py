"""Sanctions on the membership register: applied through accounts.services, lifted when they end.

A suspended or expelled member cannot hold a role: their staff and office roles are revoked
through `accounts.services.role_revoke` when the sanction is applied (and are not given back
automatically when it ends: an administrator decides that).
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from upstander import audit
from upstander.accounts.errors import LastAdministrator
from upstander.accounts.models import Member, MembershipStatus, Role, RoleGrant, User
from upstander.accounts.selectors import safeguarding_lead_emails
from upstander.accounts.services import member_status_set, role_revoke
from upstander.accounts.standing import SEVERITY, milder
from upstander.core.mail import mail_queue_on_commit
from upstander.discipline import conf
from upstander.discipline.errors import (
    ApprovalOutsideInvestigationRequired,
    WrongStage,
)
from upstander.discipline.models import (
    AppliedSanction,
    Appointment,
    Decision,
    InterimSuspension,
    Proceeding,
    Sanction,
    Stage,
)
from upstander.discipline.services.guards import (
    require_manager,
    require_manager_of,
    require_manager_or_investigator,
    require_not_party,
    require_stage,
    require_text,
)

# Roles a suspended or expelled member may not hold. Membership itself and the protection the
# party gives a candidate or representative are not roles of office, so they stay.
ROLES_OF_OFFICE = (
    Role.ADMINISTRATOR,
    Role.SAFEGUARDING_LEAD,
    Role.CASE_WORKER,
    Role.PANEL_MEMBER,
    Role.NETWORK_REP,
)

_REGISTER_STATUS = {
    Sanction.SUSPENSION: MembershipStatus.SUSPENDED,
    Sanction.EXPULSION: MembershipStatus.EXPELLED,
}
# Why an interim suspension ends when the panel decides (any other reason is a lead's own words).
INTERIM_ENDS_WITH_DECISION = "the panel decided the complaint"


def _revoke_roles(proceeding: Proceeding) -> list[str]:
    user = proceeding.respondent.user
    if user is None:
        return []
    held = RoleGrant.objects.filter(
        user=user, revoked_at__isnull=True, role__in=ROLES_OF_OFFICE
    ).values_list("role", flat=True)
    revoked = []
    for role in list(held):
        try:
            role_revoke(None, user=user, role=Role(role))
        except LastAdministrator:
            continue  # the party keeps one administrator; the lead must appoint another first
        revoked.append(str(role))
    return revoked


def sanction_apply(
    proceeding: Proceeding,
    *,
    sanction: Sanction,
    ends_on: date | None,
    decision: Decision | None = None,
    interim: InterimSuspension | None = None,
) -> AppliedSanction | None:
    """Put a sanction on the register (called inside a decision's service and transaction)."""
    if sanction == Sanction.NO_ACTION:
        return None
    # As the register holds it now (another proceeding may have changed it since this one
    # was read).
    member = Member.objects.get(pk=proceeding.respondent_id)
    revoked: list[str] = []
    status = _REGISTER_STATUS.get(sanction)
    if status is not None:
        # A sanction never softens the register: a suspension leaves an expelled member expelled.
        if milder(member.status, than=status):
            what = "interim suspension" if interim else Sanction(sanction).label.lower()
            member_status_set(
                None,
                member=member,
                status=status,
                reason=f"Disciplinary {what} ({proceeding.reference})",
            )
        revoked = _revoke_roles(proceeding)
    return AppliedSanction.objects.create(
        proceeding=proceeding,
        member=member,
        decision=decision,
        interim=interim,
        sanction=sanction,
        starts_on=timezone.localdate(),
        ends_on=ends_on,
        roles_revoked=revoked,
        applied_at=timezone.now(),
    )


def sanction_lift(applied: AppliedSanction, *, reason: str) -> AppliedSanction:
    """End a sanction; the register goes back to active unless another sanction still holds."""
    applied.lifted_at = timezone.now()
    applied.lifted_reason = reason[:200]
    applied.save(update_fields=["lifted_at", "lifted_reason"])
    member = Member.objects.get(pk=applied.member_id)
    # Only what this sanction put on the register is undone: to the strongest sanction still
    # held, else active. (An expelled member whose suspension ends stays expelled.)
    if _REGISTER_STATUS.get(Sanction(applied.sanction)) == member.status:
        held = set(
            AppliedSanction.objects.filter(
                member_id=applied.member_id,
                lifted_at__isnull=True,
                sanction__in=list(_REGISTER_STATUS),
            )
            .exclude(pk=applied.pk)
            .values_list("sanction", flat=True)
        )
        statuses = [_REGISTER_STATUS[Sanction(held_sanction)] for held_sanction in held]
        now = max(statuses, key=SEVERITY.__getitem__, default=MembershipStatus.ACTIVE)
        if now != member.status:
            member_status_set(
                None,
                member=member,
                status=now,
                # Why it was lifted stays on the sanction (a lead's words, which the
                # proceeding's retention reaches); the member's history names the proceeding.
                reason=f"{applied.get_sanction_display()} lifted ({applied.proceeding}).",
            )
    return applied


def sanctions_of(proceeding: Proceeding) -> list[AppliedSanction]:
    return list(
        AppliedSanction.objects.select_related("member", "proceeding").filter(
            proceeding=proceeding, lifted_at__isnull=True
        )
    )


@transaction.atomic
def sanctions_lift_expired(actor: User | None, *, today: date | None = None) -> int:
    """Lift every suspension that has reached its end date and expire formal warnings."""
    day = today or timezone.localdate()
    due = list(
        AppliedSanction.objects.select_for_update(of=("self",))
        .select_related("member", "proceeding")
        .filter(lifted_at__isnull=True, ends_on__isnull=False, ends_on__lte=day)
    )
    for applied in due:
        sanction_lift(applied, reason="it reached its end date")
    if due:
        audit.record(
            actor,
            "sanction.lift_expired",
            ("discipline.appliedsanction", "expired"),
            {"lifted": [applied.pk for applied in due]},
        )
    return len(due)


@transaction.atomic
def interim_propose(
    actor: User | None,
    *,
    proceeding: Proceeding,
    criteria: str,
    reason: str,
    review_on: date,
) -> InterimSuspension:
    require_manager_or_investigator(actor, proceeding)
    require_stage(proceeding, Stage.ASSESSMENT, Stage.INVESTIGATION, Stage.RESPONSE, Stage.HEARING)
    if InterimSuspension.objects.filter(proceeding=proceeding, ended_at__isnull=True).exists():
        raise WrongStage("An interim suspension is already proposed or in force.")
    today = timezone.localdate()
    maximum = date.fromordinal(today.toordinal() + conf.interim_maximum_days())
    if not today < review_on <= maximum:
        raise WrongStage(
            f"The review date must be after today and no later than {maximum:%d %B %Y} "
            f"(the maximum of {conf.interim_maximum_days()} days)."
        )
    interim = InterimSuspension.objects.create(
        proceeding=proceeding,
        criteria=require_text(criteria, "the criteria for an interim suspension"),
        reason=require_text(reason, "the reason for an interim suspension"),
        proposed_by=actor,
        proposed_at=timezone.now(),
        review_on=review_on,
        maximum_until=maximum,
    )
    audit.record(
        actor, "interim.propose", proceeding, {"interim": interim.pk, "review_on": review_on}
    )
    return interim


@transaction.atomic
def interim_approve(actor: User | None, *, interim: InterimSuspension) -> InterimSuspension:
    """Approval by someone outside the investigation suspends the member until it ends."""
    require_manager(actor)
    interim = (
        InterimSuspension.objects.select_for_update(of=("self",))
        .select_related("proceeding", "proceeding__respondent")
        .get(pk=interim.pk)
    )
    if interim.approved_at is not None or interim.ended_at is not None:
        raise WrongStage("This interim suspension has already been decided.")
    require_not_party(actor, interim.proceeding)
    if actor is not None:
        involved = (
            actor.pk == interim.proposed_by_id
            or Appointment.objects.filter(proceeding=interim.proceeding, person=actor).exists()
        )
        if involved:
            raise ApprovalOutsideInvestigationRequired(
                "An interim suspension must be approved by someone outside the investigation: "
                "not the person who proposed it, nor anyone seated in the proceeding."
            )
    interim.approved_by = actor
    interim.approved_at = timezone.now()
    interim.save(update_fields=["approved_by", "approved_at"])
    sanction_apply(interim.proceeding, sanction=Sanction.SUSPENSION, ends_on=None, interim=interim)
    audit.record(actor, "interim.approve", interim.proceeding, {"interim": interim.pk})
    return interim


@transaction.atomic
def interim_end(
    actor: User | None, *, interim: InterimSuspension, reason: str
) -> InterimSuspension:
    require_manager_of(actor, interim.proceeding)
    interim = InterimSuspension.objects.select_for_update(of=("self",)).get(pk=interim.pk)
    if interim.ended_at is not None:
        raise WrongStage("This interim suspension has already ended.")
    reason = require_text(reason, "why the interim suspension ends")
    interim_finish(interim, reason=reason)
    audit.record(actor, "interim.end", interim.proceeding, {"interim": interim.pk})
    return interim


def interim_finish(interim: InterimSuspension, *, reason: str) -> None:
    interim.ended_at = timezone.now()
    interim.save(update_fields=["ended_at"])
    for applied in AppliedSanction.objects.select_related("member", "proceeding").filter(
        interim=interim, lifted_at__isnull=True
    ):
        sanction_lift(applied, reason=reason)


def leads_mail(*, subject: str, body: str) -> None:
    """Mail every safeguarding lead once the transaction commits; the body ends with the link
    to the discipline pages, where they act on it."""
    mail_queue_on_commit(
        to=safeguarding_lead_emails(),
        subject=subject,
        body=f"{body}\n{settings.SITE_URL}/staff/discipline/",
    )


@transaction.atomic
def interims_overrun_alert(actor: User | None, *, today: date | None = None) -> int:
    """Alert the safeguarding leads once when an interim suspension runs past its maximum."""
    day = today or timezone.localdate()
    overrun = list(
        InterimSuspension.objects.select_for_update(of=("self",))
        .select_related("proceeding")
        .filter(
            approved_at__isnull=False,
            ended_at__isnull=True,
            overrun_alerted_at__isnull=True,
            maximum_until__lt=day,
        )
    )
    if not overrun:
        return 0
    now = timezone.now()
    for interim in overrun:
        interim.overrun_alerted_at = now
        interim.save(update_fields=["overrun_alerted_at"])
    references = ", ".join(interim.proceeding.reference for interim in overrun)
    audit.record(
        actor,
        "interim.overrun_alert",
        ("discipline.interimsuspension", "overrun"),
        {"interims": [interim.pk for interim in overrun]},
    )
    leads_mail(
        subject=f"Interim suspension past its maximum length: {references}",
        body=(
            f"These interim suspensions have run past their maximum length: {references}.\n"
            "Please end them or bring the hearing forward."
        ),
    )
    return len(overrun)
