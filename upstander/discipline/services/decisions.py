"""The hearing decision, the appeal window and the appeal."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from django.db import transaction
from django.utils import timezone

from upstander import audit
from upstander.accounts.models import Role, User
from upstander.accounts.permissions import has_role
from upstander.core.errors import NotPermitted
from upstander.discipline import access, conf, selectors
from upstander.discipline.errors import (
    AppealWindowClosed,
    ConflictOfInterest,
    EndDateRequired,
    HearingNotHeld,
    NotOnThePanel,
    OutsideGuideRangeNeedsReason,
    PanelIncomplete,
    WrongStage,
)
from upstander.discipline.guide import (
    SanctionRange,
)
from upstander.discipline.letters import appeal_outcome_letter, decision_letter, sanction_words
from upstander.discipline.models import (
    PANEL_SIZE,
    Appeal,
    AppealOutcome,
    Appellant,
    Decision,
    DecisionKind,
    LetterKind,
    Proceeding,
    Recipient,
    Sanction,
    SanctionsGuide,
    Seat,
    Stage,
)
from upstander.discipline.services.correspondence import complainant_tell, letter_send
from upstander.discipline.services.guards import (
    lock_proceeding,
    require_manager,
    require_not_party,
    require_stage,
    require_text,
)
from upstander.discipline.services.guide import proceeding_range
from upstander.discipline.services.panels import conflict_reason
from upstander.discipline.services.sanctions import (
    INTERIM_ENDS_WITH_DECISION,
    interim_finish,
    sanction_apply,
    sanction_lift,
    sanctions_of,
)
from upstander.discipline.workdays import add_working_days


def _require_panel(actor: User | None, proceeding: Proceeding, stage: Stage, seat: Seat) -> None:
    """The proceeding, locked, is at `stage`, and the actor sits on its full `seat` panel."""
    lock_proceeding(proceeding)
    require_stage(proceeding, stage)
    seated = access.sitting(proceeding, seat)
    if actor is not None and actor.pk not in seated:
        raise NotOnThePanel(
            f"Only a member of the {seat.label.lower()} records its decision in "
            f"{proceeding.reference}."
        )
    for person in User.objects.filter(pk__in=seated).order_by("pk"):
        conflict = conflict_reason(person, proceeding, seat=seat)
        if conflict is not None:
            raise ConflictOfInterest(
                f"{person} sits on the {seat.label.lower()} of {proceeding.reference} with a "
                f"conflict ({conflict}): the panel cannot decide until they are replaced."
            )
    if len(seated) < PANEL_SIZE:
        raise PanelIncomplete(
            f"The {seat.label.lower()} has {len(seated)} of its {PANEL_SIZE} members; "
            "seat the rest first."
        )


def _require_hearing_held(proceeding: Proceeding) -> None:
    """P4: the panel hears the member before it decides, so not before the hearing's date and
    time, and not when no hearing was arranged."""
    if selectors.hearing_held(proceeding):
        return
    if proceeding.hearing_at is None:
        raise HearingNotHeld(
            f"No hearing was arranged in {proceeding.reference}: the panel decides only after "
            "it has heard the member."
        )
    raise HearingNotHeld(
        f"The hearing in {proceeding.reference} is on "
        f"{timezone.localtime(proceeding.hearing_at):%d %B %Y at %H:%M}: the panel can record "
        "its decision only once the hearing has taken place."
    )


def _check_sanction(
    sanction: Sanction, ends_on: date | None, guide_range: SanctionRange, outside_reason: str
) -> None:
    if sanction in (Sanction.SUSPENSION, Sanction.FORMAL_WARNING):
        if ends_on is None:
            raise EndDateRequired(
                "A suspension needs its end date, and a formal warning the date it expires."
            )
        if ends_on <= timezone.localdate():
            raise EndDateRequired("The end date must be in the future.")
    if not guide_range.contains(sanction) and not outside_reason.strip():
        raise OutsideGuideRangeNeedsReason(
            f"The sanctions guide gives {guide_range} for these allegations. "
            f"To decide {sanction.label.lower()}, write why the panel goes outside it."
        )


@transaction.atomic
def decision_record(
    actor: User | None,
    *,
    proceeding: Proceeding,
    sanction: Sanction,
    criteria: str,
    reason: str,
    ends_on: date | None = None,
    education_course: bool = False,
    factors: list[str] | None = None,
    outside_range_reason: str = "",
) -> Decision:
    """The hearing panel's decision: written reasons, the guide's range, applied to the register."""
    _require_panel(actor, proceeding, Stage.HEARING, Seat.DECISION_PANEL)
    _require_hearing_held(proceeding)
    criteria = require_text(criteria, "the criteria the panel applied")
    reason = require_text(reason, "the panel's reasons")
    ruling = replace(
        _grounds(proceeding, criteria, reason, factors, outside_range_reason),
        sanction=sanction,
        ends_on=ends_on,
        education_course=education_course,
    )
    guide_range = ruling.guide_range
    _check_sanction(sanction, ends_on, guide_range, outside_range_reason)
    decision = _decision_create(actor, proceeding, DecisionKind.HEARING, ruling)
    for interim in proceeding.interim_suspensions.filter(ended_at__isnull=True):
        interim_finish(interim, reason=INTERIM_ENDS_WITH_DECISION)
    applied = sanction_apply(
        proceeding, sanction=sanction, ends_on=decision.ends_on, decision=decision
    )
    days = conf.appeal_window_working_days()
    proceeding.appeal_deadline = add_working_days(timezone.localdate(), days, conf.holidays())
    proceeding.stage = Stage.APPEAL_WINDOW
    proceeding.save(update_fields=["appeal_deadline", "stage"])
    text = decision_letter(proceeding, decision=decision, guide_range=guide_range, appeal_days=days)
    letter = letter_send(actor, proceeding, LetterKind.DECISION, Recipient.RESPONDENT, text)
    audit.record(
        actor,
        "proceeding.decide",
        proceeding,
        {
            "decision": decision.pk,
            "sanction": Sanction(sanction).name.lower(),
            "within_guide": guide_range.contains(sanction),
            "guide_version": ruling.guide.version,
            "applied": applied.pk if applied else None,
            "letter": letter.pk,
        },
    )
    complainant_tell(
        actor,
        proceeding,
        f"The panel has decided your complaint: {sanction_words(sanction, decision.ends_on)}. "
        f"Either side may appeal by {proceeding.appeal_deadline:%d %B %Y}.",
    )
    return decision


@transaction.atomic
def appeal_window_extend(
    actor: User | None, *, proceeding: Proceeding, until: date, reason: str
) -> Proceeding:
    """Only a safeguarding lead may let an appeal in after the window, with a written reason."""
    if actor is not None and not has_role(actor, Role.SAFEGUARDING_LEAD):
        raise NotPermitted("Only a safeguarding lead may extend the appeal window.")
    require_not_party(actor, proceeding)
    lock_proceeding(proceeding)
    decided = proceeding.decisions.filter(kind=DecisionKind.HEARING).exists()
    appealed = Appeal.objects.filter(proceeding=proceeding).exists()
    if not decided or appealed or proceeding.stage not in (Stage.APPEAL_WINDOW, Stage.CLOSED):
        raise WrongStage(
            "The appeal window can be extended only after a decision, before an appeal."
        )
    reason = require_text(reason, "why the appeal window is extended")
    if until <= timezone.localdate():
        raise WrongStage("The new appeal deadline must be in the future.")
    proceeding.appeal_deadline = until
    proceeding.appeal_deadline_extended_by = actor
    proceeding.appeal_deadline_extension_reason = reason
    proceeding.stage = Stage.APPEAL_WINDOW
    proceeding.closed_at = None
    proceeding.save()
    audit.record(actor, "proceeding.appeal_window_extend", proceeding, {"until": until})
    return proceeding


@transaction.atomic
def appeal_lodge(
    actor: User | None, *, proceeding: Proceeding, appellant: Appellant, grounds: str
) -> Appeal:
    """Lodge an appeal: by the respondent or complainant themselves, or by staff for them."""
    is_party = actor is not None and actor.pk in (
        proceeding.respondent.user_id,
        proceeding.complainant_user_id,
    )
    if not is_party:
        require_manager(actor)
    lock_proceeding(proceeding)
    if proceeding.stage != Stage.APPEAL_WINDOW or (
        proceeding.appeal_deadline is not None and timezone.localdate() > proceeding.appeal_deadline
    ):
        deadline = proceeding.appeal_deadline
        raise AppealWindowClosed(
            "The appeal window closed"
            + (f" on {deadline:%d %B %Y}" if deadline else "")
            + ". Only a safeguarding lead can extend it, with a reason."
        )
    appeal = Appeal.objects.create(
        proceeding=proceeding,
        appellant=appellant,
        grounds=require_text(grounds, "the grounds of appeal"),
        lodged_by=actor,
        lodged_at=timezone.now(),
    )
    proceeding.stage = Stage.APPEAL
    proceeding.save(update_fields=["stage"])
    audit.record(actor, "proceeding.appeal_lodge", proceeding, {"appellant": str(appellant)})
    return appeal


@transaction.atomic
def appeal_decide(
    actor: User | None,
    *,
    proceeding: Proceeding,
    outcome: AppealOutcome,
    criteria: str,
    reason: str,
    how_reached: str,
    sanction: Sanction | None = None,
    ends_on: date | None = None,
    education_course: bool = False,
    factors: list[str] | None = None,
    outside_range_reason: str = "",
) -> Decision:
    """The appeal panel upholds, varies or overturns; the register follows; the case closes."""
    _require_panel(actor, proceeding, Stage.APPEAL, Seat.APPEAL_PANEL)
    criteria = require_text(criteria, "the criteria the appeal panel applied")
    reason = require_text(reason, "the appeal panel's reasons")
    how_reached = require_text(how_reached, "how the appeal panel reached its decision")
    first = proceeding.decisions.filter(kind=DecisionKind.HEARING).latest("decided_at")
    grounds = _grounds(proceeding, criteria, reason, factors, outside_range_reason)
    if outcome == AppealOutcome.UPHOLD:
        ruling = replace(
            grounds,
            sanction=Sanction(first.sanction),
            ends_on=first.ends_on,
            education_course=first.education_course,
            outside_range_reason=outside_range_reason or first.outside_range_reason,
            guide_range=SanctionRange(Sanction(first.range_lowest), Sanction(first.range_highest)),
            guide=first.guide,
        )
    elif outcome == AppealOutcome.OVERTURN:
        ruling = replace(
            grounds,
            sanction=Sanction.NO_ACTION,
            education_course=education_course,
            outside_range_reason=outside_range_reason or "The appeal panel overturned the finding.",
        )
    else:
        if sanction is None or sanction == first.sanction:
            raise WrongStage("To vary the decision, choose a different sanction.")
        ruling = replace(
            grounds, sanction=sanction, ends_on=ends_on, education_course=education_course
        )
        _check_sanction(sanction, ends_on, grounds.guide_range, outside_range_reason)
    new = ruling.sanction
    decision = _decision_create(
        actor,
        proceeding,
        DecisionKind.APPEAL,
        ruling,
        appeal_outcome=outcome,
        how_reached=how_reached,
    )
    if outcome != AppealOutcome.UPHOLD:
        words = "varied" if outcome == AppealOutcome.VARY else "overturned"
        for applied in sanctions_of(proceeding):
            sanction_lift(applied, reason=f"{words} on appeal")
        sanction_apply(proceeding, sanction=new, ends_on=decision.ends_on, decision=decision)
    proceeding.stage = Stage.CLOSED
    proceeding.closed_at = timezone.now()
    proceeding.save(update_fields=["stage", "closed_at"])
    text = appeal_outcome_letter(proceeding, decision=decision)
    letter = letter_send(actor, proceeding, LetterKind.APPEAL_OUTCOME, Recipient.RESPONDENT, text)
    audit.record(
        actor,
        "proceeding.appeal_decide",
        proceeding,
        {
            "decision": decision.pk,
            "outcome": str(outcome),
            "sanction": Sanction(new).name.lower(),
            "letter": letter.pk,
        },
    )
    complainant_tell(
        actor,
        proceeding,
        f"The appeal has been decided ({AppealOutcome(outcome).label.lower()}): "
        f"{sanction_words(new, decision.ends_on)}. This is the end of the procedure.",
    )
    return decision


@transaction.atomic
def appeal_windows_close(actor: User | None, *, today: date | None = None) -> int:
    """Close every proceeding whose appeal window has passed without an appeal."""
    day = today or timezone.localdate()
    due = list(
        Proceeding.objects.select_for_update().filter(
            stage=Stage.APPEAL_WINDOW, appeal_deadline__lt=day
        )
    )
    now = timezone.now()
    for proceeding in due:
        proceeding.stage = Stage.CLOSED
        proceeding.closed_at = now
        proceeding.save(update_fields=["stage", "closed_at"])
    if due:
        audit.record(
            actor,
            "proceeding.appeal_windows_close",
            ("discipline.proceeding", "appeal_window"),
            {"closed": [p.pk for p in due]},
        )
    return len(due)


@dataclass(frozen=True, kw_only=True)
class _Ruling:
    """A panel's decision before it is written: what it rests on, and the sanction chosen."""

    criteria: str
    reason: str
    factors: list[str]
    guide: SanctionsGuide
    guide_range: SanctionRange
    outside_range_reason: str
    sanction: Sanction = Sanction.NO_ACTION
    ends_on: date | None = None
    education_course: bool = False


def _grounds(
    proceeding: Proceeding,
    criteria: str,
    reason: str,
    factors: list[str] | None,
    outside_range_reason: str,
) -> _Ruling:
    """The reasons and the guide's range for the chosen factors; the sanction comes next."""
    chosen = [str(code) for code in factors or []]
    guide, guide_range = proceeding_range(proceeding, factors=chosen)
    return _Ruling(
        criteria=criteria,
        reason=reason,
        factors=chosen,
        guide=guide,
        guide_range=guide_range,
        outside_range_reason=outside_range_reason,
    )


def _decision_create(
    actor: User | None,
    proceeding: Proceeding,
    kind: DecisionKind,
    ruling: _Ruling,
    *,
    appeal_outcome: str = "",
    how_reached: str = "",
) -> Decision:
    """One decision row, with the guide's range it was taken against (hearing or appeal)."""
    sanction = ruling.sanction
    return Decision.objects.create(
        proceeding=proceeding,
        kind=kind,
        sanction=sanction,
        education_course=ruling.education_course,
        # Only suspensions end and only formal warnings expire; other sanctions keep no date.
        ends_on=ruling.ends_on
        if sanction in (Sanction.SUSPENSION, Sanction.FORMAL_WARNING)
        else None,
        criteria=ruling.criteria,
        reason=ruling.reason,
        guide=ruling.guide,
        factors=ruling.factors,
        range_lowest=ruling.guide_range.lowest,
        range_highest=ruling.guide_range.highest,
        outside_range_reason=ruling.outside_range_reason.strip(),
        appeal_outcome=appeal_outcome,
        how_reached=how_reached,
        decided_by=actor,
        decided_at=timezone.now(),
    )
