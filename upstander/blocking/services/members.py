"""Members are never silently blocked: their accounts are referred to discipline instead.

The referral goes through discipline's one route (`referral_make`), into the safeguarding
lead's queue. The blocklist knows nothing of the person targeted's wishes, so its referrals
never name a complainant: the party refers in its own name.
"""

from __future__ import annotations

from upstander.accounts.models import Member, User
from upstander.accounts.selectors import member_for_account
from upstander.blocking.errors import MemberAccountRefused
from upstander.blocking.models import Source
from upstander.blocking.services.request import BlockRequest
from upstander.discipline.models import ReferralSource
from upstander.discipline.services import referral_make


def member_of(platform: str, *identifiers: str) -> Member | None:
    for identifier in identifiers:
        if identifier:
            member = member_for_account(platform=platform, identifier=identifier)
            if member is not None:
                return member
    return None


def refuse_member(
    actor: User | None, member: Member, request: BlockRequest
) -> MemberAccountRefused:
    """Refer the member's account to discipline; returns the error the caller raises."""
    referral = referral_make(
        actor,
        respondent=member,
        source=(
            ReferralSource.REVIEW_QUEUE
            if request.source == Source.REVIEW_QUEUE
            else ReferralSource.BLOCKLIST
        ),
        platform=request.platform,
        account_id=request.account_id,
        handle=request.handle,
        reason=request.reason,
        evidence_ids=request.evidence_ids,
        source_case_id=request.case_id,
        source_ref=request.source_ref,
    )
    return MemberAccountRefused(
        f"{request.handle or request.account_id} is the declared account of a party member, "
        "so the party will not block it. It has been passed to the disciplinary route instead "
        "(a safeguarding lead's queue), where online abuse has the same consequences as abuse "
        "face to face.",
        referral=referral,
    )
