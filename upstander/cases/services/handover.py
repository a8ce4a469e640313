"""Handing a case's routed accounts to the apps that act on them.

Blocking and discipline sit below cases and never import it, so cases calls their services:
each pending block becomes a blocklist request (waiting for a lead's approval), and each
pending referral goes to discipline's one route, `referral_make`: the safeguarding lead's
queue, where accepting it opens the complaint. A block whose account's stable id cannot be
looked up yet is still handed over: the blocklist keeps it in sight with its reason, retries
it, and takes a stable id entered by hand. A row refused for another reason stays pending
here, with the reason in the audit entry, and can be handed over again later.

A member's account named in a *block* request is never blocked; it becomes a pending referral.
That referral reaches the lead's queue only as cases' consent rule allows (`naming_refusal`):
the person targeted asked for a disciplinary complaint (they are then its complainant), or a
safeguarding lead overrode their wishes with a written reason (the party is then the
complainant, complainant_user None, so no letter reaches a person who said no). Otherwise it
stays a pending referral, named on the case page, until a new consultation or a lead's
decision: a block wish is no consent to a complaint that names them. Accepting the referral
asks the same rule again (through `complaint_open`).
"""

from __future__ import annotations

from django.db import transaction

from upstander.accounts.models import User
from upstander.blocking.errors import AlreadyOnBlocklist, MemberAccountRefused
from upstander.blocking.models import Source
from upstander.blocking.services import BlockRequest, block_hand_over
from upstander.cases.models import (
    Case,
    Category,
    PendingBlock,
    PendingReferral,
    PendingStatus,
    Wish,
)
from upstander.cases.services.consent import naming_refusal, wished
from upstander.core.errors import DomainError
from upstander.discipline.models import ReferralSource
from upstander.discipline.services import referral_make

# The sanctions guide's conduct for each case category (impersonation is a form of harassment).
CONDUCT_FOR_CATEGORY = {
    Category.HARASSMENT: "harassment",
    Category.THREAT: "threats",
    Category.IDENTITY: "identity_abuse",
    Category.SEXUAL: "sexual_harassment",
    Category.DOXXING: "doxxing",
    Category.IMPERSONATION: "harassment",
}


def hand_over_pending(actor: User, *, case: Case) -> dict[str, list[str]]:
    """Hand over every pending block and referral of the case; returns what stayed pending."""
    waiting: dict[str, list[str]] = {"blocks": [], "referrals": []}
    for pending_block in PendingBlock.objects.filter(case=case, status=PendingStatus.PENDING):
        problem = _hand_over_block(actor, case, pending_block)
        if problem:
            waiting["blocks"].append(f"{pending_block.handle}: {problem}")
    for referral in PendingReferral.objects.filter(
        case=case, status=PendingStatus.PENDING
    ).select_related("member"):
        problem = _hand_over_referral(actor, case, referral)
        if problem:
            waiting["referrals"].append(f"{referral.handle}: {problem}")
    return waiting


def _hand_over_block(actor: User, case: Case, pending: PendingBlock) -> str:
    try:
        # Not in a savepoint of ours: a member's account is refused *and* routed to discipline
        # by the blocking rules, and that routing must stay written.
        request = BlockRequest(
            platform=pending.platform,
            account_id=pending.stable_id,
            handle=pending.handle,
            reason=f"Abuse recorded in case {case.pk}; the person targeted asked for a block.",
            evidence_ids=pending.evidence_ids,
            case_id=case.pk,
            source=Source.CASE,
            source_ref=pending.blocklist_ref,
        )
        block_hand_over(actor, request)
    except (AlreadyOnBlocklist, MemberAccountRefused):
        pending.status = PendingStatus.FULFILLED
    except DomainError as error:
        return error.message
    else:
        pending.status = PendingStatus.FULFILLED
    pending.save(update_fields=["status"])
    return ""


def _hand_over_referral(actor: User, case: Case, referral: PendingReferral) -> str:
    """Refer the member to discipline's queue, if the person's wishes allow a complaint.

    The referral names the person as complainant only when they asked for a complaint; under
    a lead's override the party refers in its own name. Otherwise it stays pending here.
    """
    refusal = naming_refusal(actor, case, Wish.DISCIPLINARY)
    if refusal:
        return refusal
    try:
        with transaction.atomic():
            referral_make(
                actor,
                respondent=referral.member,
                source=ReferralSource.CASE,
                platform=referral.platform,
                account_id=referral.stable_id,
                handle=referral.handle,
                reason=(
                    f"Conduct from the account {referral.platform}:{referral.handle} "
                    f"towards the person targeted in case {case.reference}."
                ),
                evidence_ids=list(referral.evidence_ids),
                source_case_id=case.pk,
                source_ref=f"pending-referral:{referral.pk}",
                conduct=CONDUCT_FOR_CATEGORY.get(Category(case.category), "harassment"),
                # Named only if they asked for a complaint; otherwise the party complains.
                complainant_user=(
                    case.protected_person if wished(case, Wish.DISCIPLINARY) else None
                ),
                # Sexual harassment complainants stay anonymous until they agree otherwise.
                complainant_anonymous_to_respondent=case.category == Category.SEXUAL,
                sexual_harassment=case.category == Category.SEXUAL,
            )
    except DomainError as error:
        return error.message
    referral.status = PendingStatus.FULFILLED
    referral.save(update_fields=["status"])
    return ""
