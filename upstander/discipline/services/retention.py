"""Retention: closed proceedings and declined referrals are minimised DISCIPLINE_RETENTION_DAYS
after they closed, with a warning to the safeguarding leads CASE_RETENTION_WARNING_DAYS before.

A proceeding's clock starts when it closes, or when the last of its sanctions is lifted if that
comes later. It does not run while the proceeding is in an appeal window or under appeal, nor
while a formal warning, a suspension or an expulsion it applied is in force: an expelled member
stays expelled, and the record behind it stays whole. An appeal window extended after closing
reopens it; when it closes again the clock starts again and the leads are warned again. A
declined referral's clock starts when it was declined; an accepted one goes with its proceeding.

What stays (the register's facts and the audit chain): the member it concerned, the stage and
every date, the assessment's outcome, who sat where and when, each decision's kind, sanction,
end date, guide version, range and factors, the appeal's outcome and who appealed, each applied
sanction (applied, lifted), the letters' kind, recipient and subject, the evidence records and
their hashes, and a referral's source, account and conduct. What goes: the allegations' text
and context, the assessment's criteria and reasons, the investigation report, the member's
response, the hearing place, the grounds of appeal, the panels' criteria and reasons, interim
suspensions' reasons, letters' bodies and the addresses they went to, representations, notes on
conflicts declared in the proceeding, a referral's reasons, the complainant's identity, and the
bytes of captured files and text that nothing else still relies on (`evidence_only_here`).
Where a database constraint needs text, a placeholder stands in.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from upstander import audit
from upstander.accounts.models import Role, User
from upstander.accounts.permissions import require_role
from upstander.discipline import conf, selectors
from upstander.discipline.models import (
    Allegation,
    Appeal,
    AppliedSanction,
    ConflictDeclaration,
    Decision,
    InterimSuspension,
    Letter,
    Proceeding,
    ProceedingEvidence,
    Referral,
    ReferralStatus,
    Representation,
)
from upstander.discipline.services.guards import require_not_party
from upstander.discipline.services.sanctions import INTERIM_ENDS_WITH_DECISION, leads_mail
from upstander.evidence.models import EvidenceItem
from upstander.evidence.services import evidence_content_purge

MINIMISED = "[removed under the retention policy]"


@dataclass(frozen=True)
class DisciplineRetention:
    """What one run did: the proceedings and referrals warned about and minimised."""

    proceedings_warned: list[int]
    proceedings_minimised: list[int]
    referrals_warned: list[int]
    referrals_minimised: list[int]


def _by(actor: User | None) -> str:
    return "system" if actor is None else "person"


def _warning_cutoff(when: datetime) -> datetime:
    return when - timedelta(days=conf.retention_days() - conf.retention_warning_days())


def _warning_given(
    actor: User | None, kind: tuple[str, str], due: list[int], *, subject: str, body: str
) -> None:
    """Audit a retention warning (`<things>.retention_warning`, with the ids) and mail it to
    the leads."""
    model, things = kind
    audit.record(
        actor,
        f"{things}.retention_warning",
        (model, f"{len(due)} {things}"),
        {things: due, "by": _by(actor)},
    )
    leads_mail(subject=subject, body=body)


@transaction.atomic
def proceedings_retention_warn(actor: User | None, *, now: datetime | None = None) -> list[int]:
    """Mark the proceedings that will be minimised in CASE_RETENTION_WARNING_DAYS (not warned
    since their clock last started); tell the leads."""
    require_role(actor, Role.SAFEGUARDING_LEAD)
    when = now or timezone.now()
    due = list(
        selectors.proceedings_retention_warning_due(clock_started_by=_warning_cutoff(when))
        .select_for_update(of=("self",))
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    if not due:
        return []
    Proceeding.objects.filter(pk__in=due).update(retention_warned_at=when)
    references = ", ".join(f"D-{pk:04d}" for pk in due[:200])
    _warning_given(
        actor,
        ("discipline.proceeding", "proceedings"),
        due,
        subject="Disciplinary proceedings due for minimising",
        body=(
            f"{len(due)} closed disciplinary proceeding(s) will be minimised in "
            f"{conf.retention_warning_days()} days under the retention policy: {references}.\n"
            "The register's facts stay (the member, the sanction and its dates, the decisions' "
            "kind and dates); the allegations, reports, responses, reasons, letters' text and "
            "the complainant's identity go. There is no retention hold: where a pending claim "
            "needs one of these records, save its letters and record from its page before then."
        ),
    )
    return due


@transaction.atomic
def proceeding_minimise(actor: User | None, *, proceeding: Proceeding) -> Proceeding:
    """Remove a closed proceeding's narratives and the complainant's identity; keep the
    register's facts. Unchanged when it is already minimised or not closed for retention (in
    an appeal window, under appeal, or with a lasting sanction in force)."""
    require_role(actor, Role.SAFEGUARDING_LEAD)
    require_not_party(actor, proceeding)
    closed = selectors.proceedings_closed_for_retention().filter(pk=proceeding.pk)
    locked = Proceeding.objects.select_for_update().get(pk=proceeding.pk)
    if locked.minimised_at is not None or not closed.exists():
        return locked
    referrals = list(
        Referral.objects.select_for_update()
        .filter(proceeding=locked, minimised_at__isnull=True)
        .order_by("pk")
    )
    referral_ids = [referral.pk for referral in referrals]
    held = ProceedingEvidence.objects.filter(proceeding=locked).values("item_id")
    referred = Referral.evidence.through.objects.filter(referral_id__in=referral_ids)
    items = selectors.evidence_only_here(
        EvidenceItem.objects.filter(Q(pk__in=held) | Q(pk__in=referred.values("evidenceitem_id"))),
        proceedings=[locked.pk],
        referrals=referral_ids,
    )
    now = timezone.now()
    locked.complainant_user = None
    locked.assessment_criteria = ""
    # The constraint that an assessment has a reason keeps a placeholder in its place.
    locked.assessment_reason = MINIMISED if locked.assessment_outcome else ""
    locked.investigation_report = ""
    locked.response = ""
    locked.hearing_place = ""
    locked.appeal_deadline_extension_reason = ""
    locked.minimised_at = now
    locked.save(
        update_fields=[
            "complainant_user",
            "assessment_criteria",
            "assessment_reason",
            "investigation_report",
            "response",
            "hearing_place",
            "appeal_deadline_extension_reason",
            "minimised_at",
        ]
    )
    _narratives_remove(locked)
    Referral.objects.filter(pk__in=referral_ids).update(
        reason="", complainant_user=None, minimised_at=now
    )
    purged = evidence_content_purge(
        actor, items=items, reason=f"retention of proceeding {locked.reference}"
    )
    audit.record(
        actor,
        "proceeding.minimise",
        locked,
        {"by": _by(actor), "referrals": referral_ids, "evidence_purged": purged},
    )
    proceeding.refresh_from_db()
    return locked


def _narratives_remove(proceeding: Proceeding) -> None:
    """The text people wrote in the proceeding's rows: gone, or a placeholder where a
    constraint needs text (called inside `proceeding_minimise`, whose entry records it)."""
    Allegation.objects.filter(proceeding=proceeding).update(description=MINIMISED, context={})
    InterimSuspension.objects.filter(proceeding=proceeding).update(
        criteria=MINIMISED, reason=MINIMISED
    )
    decisions = Decision.objects.filter(proceeding=proceeding)
    decisions.update(criteria=MINIMISED, reason=MINIMISED)
    decisions.exclude(outside_range_reason="").update(outside_range_reason=MINIMISED)
    decisions.exclude(how_reached="").update(how_reached=MINIMISED)
    Appeal.objects.filter(proceeding=proceeding).update(grounds=MINIMISED)
    Letter.objects.filter(proceeding=proceeding).update(body=MINIMISED, emailed_to="")
    Representation.objects.filter(proceeding=proceeding).delete()
    ConflictDeclaration.objects.filter(proceeding=proceeding).update(note="")
    # A lead's written reason for ending an interim suspension early; the reasons the system
    # gives (an end date reached, a decision, an appeal) stay.
    AppliedSanction.objects.filter(proceeding=proceeding, interim__isnull=False).exclude(
        lifted_reason__in=("", INTERIM_ENDS_WITH_DECISION)
    ).update(lifted_reason=MINIMISED)


def proceedings_minimise_due(actor: User | None, *, now: datetime | None = None) -> list[int]:
    """Minimise the proceedings past the retention period whose warning, given since their
    clock last started, has run its course."""
    when = now or timezone.now()
    due = list(
        selectors.proceedings_minimising_due(
            clock_started_by=when - timedelta(days=conf.retention_days()),
            warned_by=when - timedelta(days=conf.retention_warning_days()),
        )
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    for pk in due:
        proceeding_minimise(actor, proceeding=Proceeding.objects.get(pk=pk))
    return due


@transaction.atomic
def referrals_retention_warn(actor: User | None, *, now: datetime | None = None) -> list[int]:
    """Mark the declined referrals that will be minimised in CASE_RETENTION_WARNING_DAYS;
    tell the leads."""
    require_role(actor, Role.SAFEGUARDING_LEAD)
    when = now or timezone.now()
    due = list(
        selectors.referrals_declined_for_retention()
        .select_for_update()
        .filter(decided_at__lte=_warning_cutoff(when), retention_warned_at__isnull=True)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    if not due:
        return []
    Referral.objects.filter(pk__in=due).update(retention_warned_at=when)
    references = ", ".join(f"R-{pk:04d}" for pk in due[:200])
    _warning_given(
        actor,
        ("discipline.referral", "referrals"),
        due,
        subject="Declined referrals due for minimising",
        body=(
            f"{len(due)} declined referral(s) to discipline will be minimised in "
            f"{conf.retention_warning_days()} days under the retention policy: {references}.\n"
            "The referral's source, account, conduct and dates stay; its reasons, the reason "
            "it was declined and the complainant's identity go."
        ),
    )
    return due


@transaction.atomic
def referral_minimise(actor: User | None, *, referral: Referral) -> Referral:
    """Remove a declined referral's reasons and the complainant's identity, and the bytes of
    evidence only it still holds; keep what it was about. Unchanged when it is not declined
    (an accepted one goes with its proceeding) or already minimised."""
    require_role(actor, Role.SAFEGUARDING_LEAD)
    locked = Referral.objects.select_for_update().get(pk=referral.pk)
    if locked.minimised_at is not None or locked.status != ReferralStatus.DECLINED:
        return locked
    items = selectors.evidence_only_here(locked.evidence.all(), referrals=[locked.pk])
    locked.reason = ""
    # The constraint that a declined referral has a reason keeps a placeholder in its place.
    locked.decline_reason = MINIMISED
    locked.complainant_user = None
    locked.minimised_at = timezone.now()
    locked.save(update_fields=["reason", "decline_reason", "complainant_user", "minimised_at"])
    purged = evidence_content_purge(
        actor, items=items, reason=f"retention of referral {locked.reference}"
    )
    audit.record(actor, "referral.minimise", locked, {"by": _by(actor), "evidence_purged": purged})
    referral.refresh_from_db()
    return locked


def referrals_minimise_due(actor: User | None, *, now: datetime | None = None) -> list[int]:
    """Minimise the declined referrals past the retention period whose warning has run."""
    when = now or timezone.now()
    due = list(
        selectors.referrals_declined_for_retention()
        .filter(
            decided_at__lte=when - timedelta(days=conf.retention_days()),
            retention_warned_at__lte=when - timedelta(days=conf.retention_warning_days()),
        )
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    for pk in due:
        referral_minimise(actor, referral=Referral.objects.get(pk=pk))
    return due


def discipline_retention_run(*, now: datetime | None = None) -> DisciplineRetention:
    """What the daily round does, as the system: minimise what is due, then warn."""
    proceedings_minimised = proceedings_minimise_due(None, now=now)
    referrals_minimised = referrals_minimise_due(None, now=now)
    return DisciplineRetention(
        proceedings_warned=proceedings_retention_warn(None, now=now),
        proceedings_minimised=proceedings_minimised,
        referrals_warned=referrals_retention_warn(None, now=now),
        referrals_minimised=referrals_minimised,
    )
