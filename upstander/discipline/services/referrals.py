"""The one route from a member's conduct to discipline: refer, then a lead accepts or declines.

A case's member route, the blocklist (a member's account is never blocked) and the review
queue (a post by a member, through the blocklist rules) all call `referral_make`. The
referral waits in the safeguarding lead's queue with its evidence, and the leads are told by
mail that one arrived (the mail names no one: it links to the queue). The lead accepts it,
which opens the complaint through `complaint_open` and its checks, or declines it with a
written reason.

Consent (cases' consent rules, asked through `evidence.selectors.case_refusal`): only a case's
referral may name the person targeted as complainant, and only when their consultation asked
for a complaint. Accepting re-asks the same rule through `complaint_open`, so a person who has
since changed their mind is not named, and evidence they did not agree a panel may see is
refused there.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from upstander import audit
from upstander.accounts.models import Member, Role, User
from upstander.accounts.permissions import has_role, require_role
from upstander.accounts.selectors import safeguarding_lead_emails
from upstander.core.errors import NotPermitted
from upstander.core.mail import mail_queue_on_commit
from upstander.discipline.errors import (
    CaseConsentRequired,
    ComplainantOnlyFromACase,
    PartyCannotAct,
    ReferralAlreadyDecided,
    UnknownConduct,
)
from upstander.discipline.models import (
    Conduct,
    Proceeding,
    Referral,
    ReferralSource,
    ReferralStatus,
)
from upstander.discipline.selectors import referral_default_allegation
from upstander.discipline.services.guards import require_text
from upstander.discipline.services.proceedings import complaint_open
from upstander.evidence.models import EvidenceItem
from upstander.evidence.selectors import EvidenceUse, case_refusal, evidence_check

# Who may hand a member's conduct to discipline (the system, too: actor None).
REFERRERS = (Role.CASE_WORKER, Role.SAFEGUARDING_LEAD, Role.ADMINISTRATOR)


def require_lead(actor: User | None) -> User:
    """Only a safeguarding lead decides a referral (never the system, never a case worker)."""
    if actor is None or not has_role(actor, Role.SAFEGUARDING_LEAD):
        raise NotPermitted("Only a safeguarding lead may decide a referral to discipline.")
    return actor


@transaction.atomic
def referral_make(
    actor: User | None,
    *,
    respondent: Member,
    source: ReferralSource,
    platform: str,
    account_id: str,
    handle: str = "",
    reason: str = "",
    evidence_ids: Iterable[int] = (),
    source_case_id: int | None = None,
    source_ref: str = "",
    conduct: str = Conduct.HARASSMENT,
    complainant_user: User | None = None,
    complainant_anonymous_to_respondent: bool = False,
    sexual_harassment: bool = False,
) -> Referral:
    """Hand a member's conduct to the safeguarding lead's queue; returns the waiting referral.

    The same member's account, from the same case (or from none), still waiting in the queue
    is one referral: a later request adds its evidence to it rather than queueing it twice.
    """
    require_role(actor, *REFERRERS)
    if conduct not in Conduct.values:
        raise UnknownConduct(f"“{conduct}” is not a kind of conduct the sanctions guide covers.")
    if complainant_user is not None:
        if source_case_id is None:
            raise ComplainantOnlyFromACase(
                "Only a case can name the person targeted as complainant, after their "
                "consultation: this referral is made in the party's name."
            )
        refusal = case_refusal(
            actor, source_case_id, use=EvidenceUse.COMPLAINT, named_user_id=complainant_user.pk
        )
        if refusal:
            raise CaseConsentRequired(f"This referral cannot name the person: {refusal}.")
    # Need-to-know: the referrer may use each item (and none from another case than theirs).
    ids = evidence_check(
        actor, evidence_ids, use=EvidenceUse.VIEW, case_id=source_case_id, unknown_refused=False
    )
    items = list(EvidenceItem.objects.filter(pk__in=ids))
    account = (account_id or handle).strip()
    waiting = (
        Referral.objects.select_for_update()
        .filter(
            respondent=respondent,
            platform=platform,
            account_id=account,
            source_case_id=source_case_id,
            status=ReferralStatus.PENDING,
        )
        .order_by("pk")
        .first()
    )
    if waiting is not None:
        waiting.evidence.add(*items)
        audit.record(
            actor,
            "referral.evidence_add",
            waiting,
            {"source": source, "source_ref": source_ref, "evidence": [i.pk for i in items]},
        )
        return waiting
    referral = Referral.objects.create(
        respondent=respondent,
        source=source,
        source_ref=source_ref[:64],
        source_case_id=source_case_id,
        platform=platform,
        account_id=account,
        handle=handle.strip(),
        conduct=conduct,
        reason=reason.strip(),
        complainant_user=complainant_user,
        complainant_anonymous_to_respondent=complainant_anonymous_to_respondent,
        sexual_harassment=sexual_harassment or conduct == Conduct.SEXUAL_HARASSMENT,
        referred_by=actor,
        referred_at=timezone.now(),
    )
    referral.evidence.set(items)
    audit.record(
        actor,
        "referral.make",
        referral,
        {
            "respondent": respondent.pk,
            "source": source,
            "case": source_case_id,
            "evidence": [item.pk for item in items],
            "names_complainant": complainant_user is not None,
        },
    )
    _tell_leads()
    return referral


def _tell_leads() -> None:
    """Mail the leads after commit; the mail names nobody (membership is special category)."""
    recipients = safeguarding_lead_emails()
    link = f"{settings.SITE_URL}{reverse('discipline:referrals')}"
    mail_queue_on_commit(
        to=recipients,
        subject="A referral to discipline is waiting for you",
        body=(
            "A member's conduct has been referred to the disciplinary procedure. "
            "Please accept it (which opens a complaint) or decline it with a reason:\n"
            f"{link}"
        ),
    )


def _lock_pending(lead: User, referral: Referral) -> Referral:
    locked = Referral.objects.select_for_update().get(pk=referral.pk)
    if locked.status != ReferralStatus.PENDING:
        raise ReferralAlreadyDecided(
            f"Referral {locked.reference} was already {locked.get_status_display().lower()}."
        )
    if lead.pk in (locked.respondent.user_id, locked.complainant_user_id):
        raise PartyCannotAct(
            f"You are a party to referral {locked.reference}, so another safeguarding lead "
            "must decide it."
        )
    return locked


@transaction.atomic
def referral_accept(
    actor: User | None, *, referral: Referral, conduct: str = "", description: str = ""
) -> Proceeding:
    """A lead accepts: the complaint opens (assessment stage) with the referral's evidence.

    `complaint_open` asks the consent rules again: the case's consultation, the person's wish
    for a complaint (or a lead's override, and then they are not named) and panel consent for
    each evidence item. Whatever it refuses leaves the referral waiting.
    """
    lead = require_lead(actor)
    locked = _lock_pending(lead, referral)
    allegation = description.strip() or referral_default_allegation(locked)
    proceeding = complaint_open(
        lead,
        respondent=locked.respondent,
        allegations=[(conduct or locked.conduct, allegation)],
        complainant_user=locked.complainant_user,
        complainant_anonymous_to_respondent=locked.complainant_anonymous_to_respondent,
        source_case_id=locked.source_case_id,
        evidence_ids=list(locked.evidence.values_list("pk", flat=True)),
        sexual_harassment=locked.sexual_harassment,
    )
    locked.status = ReferralStatus.ACCEPTED
    locked.proceeding = proceeding
    locked.decided_by = lead
    locked.decided_at = timezone.now()
    locked.save(update_fields=["status", "proceeding", "decided_by", "decided_at"])
    audit.record(lead, "referral.accept", locked, {"proceeding": proceeding.pk})
    referral.refresh_from_db()
    return proceeding


@transaction.atomic
def referral_decline(actor: User | None, *, referral: Referral, reason: str) -> Referral:
    """A lead declines, with a written reason (kept encrypted with the referral)."""
    lead = require_lead(actor)
    written = require_text(reason, "why the referral is declined")
    locked = _lock_pending(lead, referral)
    locked.status = ReferralStatus.DECLINED
    locked.decline_reason = written
    locked.decided_by = lead
    locked.decided_at = timezone.now()
    locked.save(update_fields=["status", "decline_reason", "decided_by", "decided_at"])
    audit.record(lead, "referral.decline", locked, {})
    referral.refresh_from_db()
    return locked
