"""Questions about proceedings: lists, the staff view, the panel's need-to-know view, statistics."""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from datetime import datetime, time

from django.db.models import Exists, F, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone

from upstander.accounts.models import Member, Role, User
from upstander.accounts.permissions import has_role
from upstander.core.quarters import Quarter
from upstander.core.suppression import Cell, suppress_small_counts
from upstander.discipline import access
from upstander.discipline.guide import (
    STANDARD_ENTRIES,
    STANDARD_FACTORS,
    SanctionRange,
    guide_current,
    guide_table,
    sanction_range,
)
from upstander.discipline.models import (
    Appeal,
    AppliedSanction,
    Appointment,
    Conduct,
    Decision,
    DecisionKind,
    GuideEntry,
    GuideFactor,
    Letter,
    Proceeding,
    ProceedingEvidence,
    Recipient,
    Referral,
    ReferralStatus,
    Sanction,
    SanctionsGuide,
    Seat,
    Stage,
)
from upstander.evidence.models import EvidenceItem, EvidenceKind
from upstander.evidence.selectors import (
    EvidenceUse,
    case_refusal,
    evidence_case_homes,
    evidence_held_by_cases,
    evidence_refusals,
)
from upstander.reports.models import Report

MANAGERS = (Role.SAFEGUARDING_LEAD, Role.ADMINISTRATOR)


def is_manager(user: User) -> bool:
    return has_role(user, *MANAGERS)


def is_party(user: User, proceeding: Proceeding) -> bool:
    """The member complained about or the complainant: they never run their own proceeding."""
    return user.pk is not None and user.pk in (
        proceeding.respondent.user_id,
        proceeding.complainant_user_id,
    )


def manages(user: User, proceeding: Proceeding) -> bool:
    """A lead (or administrator) who is not a party to this proceeding."""
    return is_manager(user) and not is_party(user, proceeding)


def seat_of(user: User, proceeding: Proceeding) -> str | None:
    """The seat held now: an open appointment backed by a role held now (see `access`)."""
    return access.seat_of(user, proceeding)


def sits_on_panel(user: User, proceeding: Proceeding) -> bool:
    """Whether the person sits now on this proceeding's decision or appeal panel: who sees the
    panel's papers rather than the lead's view of the proceeding."""
    return seat_of(user, proceeding) in (Seat.DECISION_PANEL, Seat.APPEAL_PANEL)


def proceedings_for(user: User, *, stage: str = "") -> QuerySet[Proceeding]:
    """Leads see every proceeding; others only those they opened or sit in. Nobody sees, here,
    a proceeding they are a party to (they follow it on their own pages)."""
    proceedings = Proceeding.objects.select_related("respondent", "respondent__branch").exclude(
        Q(respondent__user_id=user.pk) | Q(complainant_user_id=user.pk)
    )
    if not is_manager(user):
        proceedings = proceedings.filter(
            Q(opened_by_id=user.pk)
            | Q(pk__in=Appointment.objects.filter(access.seated(user)).values("proceeding_id"))
        )
    if stage in Stage.values:
        proceedings = proceedings.filter(stage=stage)
    return proceedings.prefetch_related("allegations").order_by("-opened_at")


def proceeding_full(pk: int) -> Proceeding:
    """Everything on one proceeding, for the lead and the investigator."""
    return (
        Proceeding.objects.select_related(
            "respondent", "respondent__branch", "complainant_user", "opened_by"
        )
        .prefetch_related(
            "allegations",
            "evidence",
            Prefetch("appointments", queryset=Appointment.objects.select_related("person")),
            "interim_suspensions",
            Prefetch("decisions", queryset=Decision.objects.select_related("guide")),
            "letters",
            "representations",
            "applied_sanctions",
        )
        .get(pk=pk)
    )


def evidence_items_of(proceeding: Proceeding, *, disclosed_only: bool) -> list[EvidenceItem]:
    """Every item attached (the lead's and investigator's view), or, `disclosed_only`, what the
    panel and the member may see now (`disclosure_of`)."""
    if disclosed_only:
        return disclosure_of(proceeding).shown
    links = ProceedingEvidence.objects.filter(proceeding=proceeding)
    return list(EvidenceItem.objects.filter(pk__in=links.values("item_id")).order_by("captured_at"))


def panel_consent_refusals(proceeding: Proceeding, item_ids: Iterable[int]) -> dict[int, str]:
    """P1: the items a panel (and the member) may not see now, each with why: the person
    targeted in the case each belongs to has not consented, or withdrew consent, to a panel
    seeing it (a lead's recorded override stands in for consent).

    Asked as the system (`None`): the need-to-know rules were applied when the complaint
    opened, so only consent decides, whoever asks. A complaint from a case asks that case, for
    every item (as it opened); a complaint opened directly asks each item's own cases.
    """
    ids = sorted({int(item_id) for item_id in item_ids})
    if not ids:
        return {}
    if proceeding.source_case_id is not None:
        refusal = case_refusal(None, proceeding.source_case_id, use=EvidenceUse.PANEL)
        return dict.fromkeys(ids, refusal) if refusal else {}
    homes = evidence_case_homes(set(ids))
    verdicts: dict[int, str | None] = {}
    refused: dict[int, str] = {}
    for item_id in ids:
        for case_id in sorted(homes.get(item_id, set())):
            if case_id not in verdicts:
                verdicts[case_id] = case_refusal(None, case_id, use=EvidenceUse.PANEL)
            refusal = verdicts[case_id]
            if refusal:
                refused[item_id] = refusal
                break
    return refused


@dataclass(frozen=True)
class Disclosure:
    """What the notice disclosed, as the panel and the member may see it now."""

    shown: list[EvidenceItem]
    # Disclosed, then withdrawn by the person targeted: never shown, only counted.
    withdrawn: list[int]
    # Of those, the ones whose withdrawal is not on the record yet (`disclosure_withdraw`).
    unrecorded: dict[int, str]


def disclosure_of(proceeding: Proceeding) -> Disclosure:
    """The one place that decides which disclosed evidence the panel and the member see: what
    the notice disclosed, less what the person targeted withdrew, on the record or not yet."""
    links = list(
        ProceedingEvidence.objects.filter(
            proceeding=proceeding, disclosed_at__isnull=False
        ).values_list("item_id", "withdrawn_at")
    )
    recorded = {item_id for item_id, withdrawn_at in links if withdrawn_at is not None}
    unrecorded = panel_consent_refusals(
        proceeding, [item_id for item_id, _ in links if item_id not in recorded]
    )
    withdrawn = recorded | set(unrecorded)
    shown = EvidenceItem.objects.filter(
        pk__in=[item_id for item_id, _ in links if item_id not in withdrawn]
    ).order_by("captured_at")
    return Disclosure(shown=list(shown), withdrawn=sorted(withdrawn), unrecorded=unrecorded)


def may_see_disclosed_evidence(user: User, proceeding: Proceeding) -> bool:
    """The panel sitting (decision or appeal), the leads, and the member complained about."""
    if manages(user, proceeding):
        return True
    if sits_on_panel(user, proceeding):
        return True
    return bool(proceeding.respondent.user_id) and proceeding.respondent.user_id == user.pk


def members_under_sanction(member_ids: Collection[int]) -> set[int]:
    """The members, among these, that a suspension or expulsion in force holds (interim
    suspensions too): the register import may not make them milder."""
    return set(
        AppliedSanction.objects.filter(
            member_id__in=member_ids,
            lifted_at__isnull=True,
            sanction__in=(Sanction.SUSPENSION, Sanction.EXPULSION),
        ).values_list("member_id", flat=True)
    )


def hearing_held(proceeding: Proceeding) -> bool:
    """P4: the hearing was arranged and its date and time has come; only then may the panel
    decide (a panel hears the member before it decides)."""
    return proceeding.hearing_at is not None and proceeding.hearing_at <= timezone.now()


def range_for(proceeding: Proceeding, factors: list[str] | None = None) -> SanctionRange | None:
    guide = guide_current()
    if guide is None:
        return None
    conduct = [a.conduct for a in proceeding.allegations.all()]
    return sanction_range(guide_table(guide), conduct=conduct, factors=factors or [])


@dataclass(frozen=True)
class PanelBundle:
    """What a panel member needs to decide, and nothing else: no case, no complainant identity,
    no evidence that was not disclosed, no representations."""

    proceeding: Proceeding
    seat: str | None
    respondent_name: str
    allegations: list[tuple[str, str]]
    evidence: list[EvidenceItem]
    investigation_report: str
    response: str
    hearing_at: datetime | None
    hearing_place: str
    hearing_held: bool
    guide: SanctionsGuide | None
    guide_range: SanctionRange | None
    factors: list[GuideFactor] = field(default_factory=list)
    decisions: list[Decision] = field(default_factory=list)
    appeal_grounds: str = ""
    panel: list[Appointment] = field(default_factory=list)


def panel_bundle(user: User, proceeding: Proceeding) -> PanelBundle:
    guide = guide_current()
    appeal = Appeal.objects.filter(proceeding=proceeding).first()
    return PanelBundle(
        proceeding=proceeding,
        seat=seat_of(user, proceeding),
        respondent_name=proceeding.respondent.full_name,
        allegations=[
            (a.get_conduct_display(), a.description) for a in proceeding.allegations.all()
        ],
        evidence=evidence_items_of(proceeding, disclosed_only=True),
        investigation_report=proceeding.investigation_report,
        response=proceeding.response,
        hearing_at=proceeding.hearing_at,
        hearing_place=proceeding.hearing_place,
        hearing_held=hearing_held(proceeding),
        guide=guide,
        guide_range=range_for(proceeding),
        factors=list(GuideFactor.objects.filter(guide=guide)) if guide else [],
        decisions=list(proceeding.decisions.select_related("guide")),
        appeal_grounds=appeal.grounds if appeal else "",
        panel=list(
            Appointment.objects.filter(
                proceeding=proceeding,
                seat__in=[Seat.DECISION_PANEL, Seat.APPEAL_PANEL],
                ended_at__isnull=True,
            ).select_related("person")
        ),
    )


def letters_for(user: User) -> QuerySet[Letter]:
    """Letters addressed to this person, as respondent (their membership) or complainant."""
    member = Member.objects.filter(user_id=user.pk).first()
    mine = Q(recipient=Recipient.COMPLAINANT, proceeding__complainant_user_id=user.pk)
    if member is not None:
        mine |= Q(recipient=Recipient.RESPONDENT, proceeding__respondent=member)
    return Letter.objects.filter(mine).select_related("proceeding").order_by("-created_at")


def own_proceedings(user: User) -> QuerySet[Proceeding]:
    """Live proceedings in which this person is the member complained about or the complainant."""
    return (
        Proceeding.objects.filter(Q(respondent__user_id=user.pk) | Q(complainant_user_id=user.pk))
        .exclude(stage=Stage.CLOSED)
        .select_related("respondent")
        .order_by("-opened_at")
    )


def proceedings_for_case(case_id: int) -> QuerySet[Proceeding]:
    """The proceedings opened from one case (for the cases app to show where a referral went)."""
    return Proceeding.objects.filter(source_case_id=case_id).order_by("opened_at")


def may_read_letter(user: User, letter: Letter) -> bool:
    if manages(user, letter.proceeding) or seat_of(user, letter.proceeding) == Seat.INVESTIGATOR:
        return True
    return letters_for(user).filter(pk=letter.pk).exists()


def guide_with_entries() -> tuple[SanctionsGuide | None, list[GuideEntry], list[GuideFactor]]:
    guide = guide_current()
    if guide is None:
        return None, [], []
    return (
        guide,
        list(GuideEntry.objects.filter(guide=guide)),
        list(GuideFactor.objects.filter(guide=guide)),
    )


def guide_as_initial() -> tuple[list[dict[str, object]], list[dict[str, object]]]:
    """The current guide's ranges and factors (the standard ones before any is published),
    as the starting values of the page that publishes the next version."""
    guide = guide_current()
    if guide is None:
        entries: list[dict[str, object]] = [
            {"conduct": e.conduct, "lowest": e.lowest, "highest": e.highest, "examples": e.examples}
            for e in STANDARD_ENTRIES
        ]
        factors: list[dict[str, object]] = [
            {"code": f.code, "label": f.label, "kind": f.kind, "weight": f.weight}
            for f in STANDARD_FACTORS
        ]
    else:
        entries = [
            {"conduct": e.conduct, "lowest": e.lowest, "highest": e.highest, "examples": e.examples}
            for e in GuideEntry.objects.filter(guide=guide)
        ]
        factors = [
            {"code": f.code, "label": f.label, "kind": f.kind, "weight": f.weight}
            for f in GuideFactor.objects.filter(guide=guide)
        ]
    order = {code: n for n, code in enumerate(Conduct.values)}
    known = {str(entry["conduct"]) for entry in entries}
    # A kind of conduct added since the last version starts with an empty range to fill in.
    entries += [{"conduct": code} for code in Conduct.values if code not in known]
    entries.sort(key=lambda entry: order.get(str(entry["conduct"]), len(order)))
    return entries, factors


def active_sanctions_of(member: Member) -> list[AppliedSanction]:
    return list(
        AppliedSanction.objects.filter(member=member, lifted_at__isnull=True).select_related(
            "proceeding"
        )
    )


@dataclass(frozen=True)
class StatisticsRow:
    conduct: str
    cells: tuple[Cell, ...]
    total: Cell


@dataclass(frozen=True)
class Statistics:
    quarter: Quarter
    outcomes: list[str]
    rows: list[StatisticsRow]
    column_totals: tuple[Cell, ...]
    grand_total: Cell


OUTCOME_COLUMNS = ["open", "closed without a hearing", *[s.label for s in Sanction]]


def _outcome_at(proceeding: Proceeding, moment: datetime) -> str:
    """Where a proceeding stood at `moment`, from its dated decisions and closing only."""
    decisions = sorted(
        (d for d in proceeding.decisions.all() if d.decided_at < moment),
        key=lambda d: d.decided_at,
    )
    final = next((d for d in reversed(decisions) if d.kind == DecisionKind.APPEAL), None)
    final = final or (decisions[-1] if decisions else None)
    if final is not None:
        return str(Sanction(final.sanction).label)
    if proceeding.closed_at is not None and proceeding.closed_at < moment:
        return "closed without a hearing"
    return "open"


def statistics(quarter: Quarter) -> Statistics:
    """Proceedings opened in a closed quarter, by conduct alleged and by outcome at its end.

    Counted as they stood when the quarter ended, so the figures of a quarter never move once
    it has closed (a reader cannot tie a change to one proceeding), and every cell and total
    goes through the one exact suppression checker that the public statistics use.
    """
    start, end = (
        timezone.make_aware(datetime.combine(day, time.min))
        for day in (quarter.starts_on, quarter.ends_before)
    )
    proceedings = Proceeding.objects.filter(opened_at__gte=start, opened_at__lt=end)
    counts: Counter[tuple[str, str]] = Counter()
    for proceeding in proceedings.prefetch_related("allegations", "decisions"):
        outcome = _outcome_at(proceeding, end)
        for conduct in {a.conduct for a in proceeding.allegations.all()}:
            counts[(conduct, outcome)] += 1
    table = suppress_small_counts(
        [[counts[(code, outcome)] for outcome in OUTCOME_COLUMNS] for code, _ in Conduct.choices]
    )
    rows = [
        StatisticsRow(conduct=str(label), cells=cells, total=total)
        for (_, label), cells, total in zip(
            Conduct.choices, table.cells, table.row_totals, strict=True
        )
    ]
    return Statistics(
        quarter=quarter,
        outcomes=OUTCOME_COLUMNS,
        rows=rows,
        column_totals=table.column_totals,
        grand_total=table.grand_total,
    )


# --- The safeguarding lead's queue of referrals ----------------------------------------------


def referrals_waiting() -> QuerySet[Referral]:
    """Referrals waiting for a lead's decision, oldest first."""
    return (
        Referral.objects.filter(status=ReferralStatus.PENDING)
        .select_related("respondent", "referred_by", "complainant_user")
        .prefetch_related(Prefetch("evidence", queryset=EvidenceItem.objects.order_by("pk")))
        .order_by("referred_at", "pk")
    )


def referrals_decided(limit: int = 50) -> QuerySet[Referral]:
    """The latest decisions, for the record under the queue."""
    return (
        Referral.objects.exclude(status=ReferralStatus.PENDING)
        .select_related("respondent", "decided_by", "proceeding")
        .order_by("-decided_at", "-pk")[:limit]
    )


@dataclass
class QueuedReferral:
    referral: Referral
    evidence: list[EvidenceItem]  # what this viewer may see
    withheld: int  # items kept from this viewer by need-to-know


def referral_queue(user: User) -> list[QueuedReferral]:
    """Each waiting referral with the evidence `user` may see (the evidence need-to-know rule)."""
    queue = []
    for referral in referrals_waiting():
        items = list(referral.evidence.all())
        refused = evidence_refusals(user, [item.pk for item in items], use=EvidenceUse.VIEW)
        visible = [item for item in items if item.pk not in refused]
        queue.append(QueuedReferral(referral, visible, len(items) - len(visible)))
    return queue


def referral_default_allegation(referral: Referral) -> str:
    """What the complaint says unless the lead words it otherwise."""
    account = referral.handle or referral.account_id
    where = f" (case {referral.source_case_id})" if referral.source_case_id else ""
    return (
        f"Conduct from the account {referral.get_platform_display()} {account}, referred "
        f"from {referral.get_source_display().lower()}{where}."
    )


# --- Retention: what is due, and whose evidence bytes only discipline still holds -----------

# Sanctions that stay in force until lifted: a formal warning until it expires, a suspension
# until it ends, an expulsion until an appeal overturns it. A reprimand is given and spent at
# once (nothing ever lifts it), and "no action" applies nothing.
LASTING_SANCTIONS = (Sanction.FORMAL_WARNING, Sanction.SUSPENSION, Sanction.EXPULSION)


def proceedings_closed_for_retention() -> QuerySet[Proceeding]:
    """Proceedings not yet minimised that are closed for retention: closed (not in an appeal
    window or under appeal) with no lasting sanction still in force."""
    in_force = AppliedSanction.objects.filter(
        proceeding=OuterRef("pk"), lifted_at__isnull=True, sanction__in=LASTING_SANCTIONS
    )
    return Proceeding.objects.filter(
        stage=Stage.CLOSED, closed_at__isnull=False, minimised_at__isnull=True
    ).exclude(Exists(in_force))


def _retention_from() -> Greatest:
    """When a proceeding's retention clock started: when it closed, or when the last of its
    sanctions was lifted, whichever came later."""
    last_lifted = (
        AppliedSanction.objects.filter(proceeding=OuterRef("pk"), lifted_at__isnull=False)
        .order_by("-lifted_at")
        .values("lifted_at")[:1]
    )
    return Greatest("closed_at", Coalesce(Subquery(last_lifted), "closed_at"))


def proceedings_retention_warning_due(*, clock_started_by: datetime) -> QuerySet[Proceeding]:
    """Closed for retention, their clock started by then, and the leads not warned since."""
    return (
        proceedings_closed_for_retention()
        .annotate(retention_from=_retention_from())
        .filter(retention_from__lte=clock_started_by)
        .filter(
            Q(retention_warned_at__isnull=True) | Q(retention_warned_at__lt=F("retention_from"))
        )
    )


def proceedings_minimising_due(
    *, clock_started_by: datetime, warned_by: datetime
) -> QuerySet[Proceeding]:
    """Closed for retention, their clock started by then, and the leads warned by then (since
    the clock started)."""
    return (
        proceedings_closed_for_retention()
        .annotate(retention_from=_retention_from())
        .filter(
            retention_from__lte=clock_started_by,
            retention_warned_at__lte=warned_by,
            retention_warned_at__gte=F("retention_from"),
        )
    )


def referrals_declined_for_retention() -> QuerySet[Referral]:
    """Declined referrals not yet minimised; their clock starts when the lead declined them.
    (An accepted referral goes with its proceeding; a waiting one is not finished.)"""
    return Referral.objects.filter(
        status=ReferralStatus.DECLINED, decided_at__isnull=False, minimised_at__isnull=True
    )


def evidence_discipline_relies_on(
    item_ids: Collection[int],
    *,
    besides_proceedings: Collection[int] = (),
    besides_referrals: Collection[int] = (),
) -> set[int]:
    """The items, among these, that a proceeding or a referral not yet minimised (other than
    those named) still holds: closed ones too, whose record keeps its evidence until it is
    minimised."""
    ids = set(item_ids)
    in_proceedings = (
        ProceedingEvidence.objects.filter(item_id__in=ids, proceeding__minimised_at__isnull=True)
        .exclude(proceeding_id__in=list(besides_proceedings))
        .values_list("item_id", flat=True)
    )
    in_referrals = (
        Referral.evidence.through.objects.filter(
            evidenceitem_id__in=ids, referral__minimised_at__isnull=True
        )
        .exclude(referral_id__in=list(besides_referrals))
        .values_list("evidenceitem_id", flat=True)
    )
    return set(in_proceedings) | set(in_referrals)


def evidence_only_here(
    items: Iterable[EvidenceItem],
    *,
    proceedings: Collection[int] = (),
    referrals: Collection[int] = (),
) -> list[EvidenceItem]:
    """The items whose bytes nothing but these proceedings and referrals still relies on, so
    minimising them may purge the bytes: captured files and text (a post stays: it was public
    and may be shared), held by no other proceeding or referral not yet minimised, by no report
    not yet minimised, and by no case at all.

    Discipline sits below cases and blocking and never imports them, so it asks evidence which
    items a case not yet minimised holds (`evidence_held_by_cases`): those keep their bytes, for
    the case's own retention to decide.
    """
    candidates = {item.pk: item for item in items if item.kind != EvidenceKind.POST}
    if not candidates:
        return []
    held = evidence_discipline_relies_on(
        candidates, besides_proceedings=proceedings, besides_referrals=referrals
    )
    held |= set(
        Report.evidence.through.objects.filter(
            evidenceitem_id__in=list(candidates), report__minimised_at__isnull=True
        ).values_list("evidenceitem_id", flat=True)
    )
    held |= evidence_held_by_cases(set(candidates))
    return [item for pk, item in sorted(candidates.items()) if pk not in held]


# Subject access: what discipline holds about one person, redacted the way the cases export is.


def subject_access_sanctions(member: Member) -> list[dict[str, object]]:
    """For a subject access export: each sanction applied to this membership, current or lifted."""
    sanctions = (
        AppliedSanction.objects.filter(member=member)
        .select_related("proceeding")
        .order_by("applied_at", "pk")
    )
    return [
        {
            "proceeding": sanction.proceeding.reference,
            "sanction": sanction.get_sanction_display(),
            "interim": sanction.interim_id is not None,
            "starts_on": sanction.starts_on,
            "ends_on": sanction.ends_on,
            "roles_revoked": sanction.roles_revoked,
            "applied_at": sanction.applied_at,
            "lifted_at": sanction.lifted_at,
            "lifted_reason": sanction.lifted_reason,
        }
        for sanction in sanctions
    ]


def _complainant_names(proceeding: Proceeding) -> set[str]:
    complainant = proceeding.complainant_user
    if complainant is None:
        return set()
    names = {complainant.display_name, complainant.email}
    member = Member.objects.filter(user=complainant).first()
    if member is not None:
        names |= {member.full_name, member.given_name, member.family_name, member.email}
    return names


def _respondent_names(proceeding: Proceeding) -> set[str]:
    member = proceeding.respondent
    names = {member.full_name, member.given_name, member.family_name, member.email}
    names |= {handle.handle for handle in member.handles.all()}
    if member.user is not None:
        names |= {member.user.display_name, member.user.email}
    return names


def subject_access_proceedings(person: User) -> list[dict[str, object]]:
    """For a subject access export: each proceeding in which this person is the member
    complained about or the complainant, with its allegations, decisions and the letters
    addressed to them.

    The other party is a third party: never named, and their names are redacted from every text
    (so a complainant who asked not to be named stays unnamed). Staff are shown by role, and
    staff working papers (assessment and interim reasons, the investigation report, records of
    representations and conflicts) are withheld, as the cases export withholds staff notes. The
    complainant sees the decisions' outcome, not the panel's reasons about the member.

    A proceeding minimised under the retention policy still appears, with what was kept (the
    stage, the dates, the conduct alleged, the decisions and the letters sent); its texts say
    they were removed. The complainant's identity is gone from it, so it no longer appears in
    the complainant's own export.
    """
    from upstander.core.redaction import REDACTED, redact

    proceedings = (
        Proceeding.objects.filter(
            Q(respondent__user_id=person.pk) | Q(complainant_user_id=person.pk)
        )
        .select_related("respondent", "respondent__user", "complainant_user")
        .prefetch_related("allegations", "decisions", "letters", "respondent__handles")
        .order_by("opened_at", "pk")
    )
    exported: list[dict[str, object]] = []
    for proceeding in proceedings:
        is_respondent = proceeding.respondent.user_id == person.pk
        others = _complainant_names(proceeding) if is_respondent else _respondent_names(proceeding)
        others.discard(person.email)
        addressed_to = Recipient.RESPONDENT if is_respondent else Recipient.COMPLAINANT
        appeal = Appeal.objects.filter(proceeding=proceeding).first()
        exported.append(
            {
                "reference": proceeding.reference,
                "your_part": "member complained about" if is_respondent else "complainant",
                "the_other_party": REDACTED,
                "stage": proceeding.get_stage_display(),
                "opened_at": proceeding.opened_at,
                "closed_at": proceeding.closed_at,
                # Minimised under the retention policy: the facts below stay, the texts say so.
                "minimised_at": proceeding.minimised_at,
                "allegations": [
                    {
                        "conduct": allegation.get_conduct_display(),
                        "description": redact(allegation.description, others),
                    }
                    for allegation in proceeding.allegations.all()
                ],
                "hearing_at": proceeding.hearing_at,
                "hearing_place": proceeding.hearing_place,
                "response_due_on": proceeding.response_due_on,
                "your_response": proceeding.response if is_respondent else None,
                "decisions": [
                    {
                        "kind": decision.get_kind_display(),
                        "sanction": decision.get_sanction_display(),
                        "ends_on": decision.ends_on,
                        "appeal_outcome": decision.get_appeal_outcome_display(),
                        "decided_at": decision.decided_at,
                        "decided_by": "the panel",
                    }
                    | (
                        {
                            "education_course": decision.education_course,
                            "criteria": redact(decision.criteria, others),
                            "reasons": redact(decision.reason, others),
                            "how_reached": redact(decision.how_reached, others),
                        }
                        if is_respondent
                        else {}
                    )
                    for decision in proceeding.decisions.all()
                ],
                "appeal": None
                if appeal is None
                else {
                    "by": appeal.get_appellant_display(),
                    "lodged_at": appeal.lodged_at,
                    # Grounds are the appellant's own words: theirs to see, not the other party's.
                    "grounds": redact(appeal.grounds, others)
                    if appeal.appellant == addressed_to.value
                    else None,
                },
                "letters_to_you": [
                    {
                        "kind": letter.get_kind_display(),
                        "sent_at": letter.created_at,
                        "emailed_to": letter.emailed_to,
                        "subject": redact(letter.subject, others),
                        "body": redact(letter.body, others),
                    }
                    for letter in proceeding.letters.all()
                    if letter.recipient == addressed_to
                ],
            }
        )
    return exported
