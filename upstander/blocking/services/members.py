"""Members are never silently blocked: their accounts are referred to discipline instead.

The referral goes through discipline's one route (`referral_make`), into the safeguarding
lead's queue. The blocklist knows nothing of the person targeted's wishes, so its referrals
never name a complainant: the party refers in its own name.
"""

from __future__ import annotations

from collections.abc import Iterable

from upstander.accounts.models import Member, User
from upstander.accounts.selectors import member_for_account
from upstander.blocking.errors import MemberAccountRefused
from upstander.blocking.models import Source
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
    actor: User | None,
    member: Member,
    *,
    platform: str,
    account_id: str,
    handle: str,
    case_id: int | None,
    evidence_ids: Iterable[int],
    reason: str,
    source: str = Source.MANUAL,
    source_ref: str = "",
) -> MemberAccountRefused:
    """Refer the member's account to discipline; returns the error the caller raises."""
    referral = referral_make(
        actor,
        respondent=member,
        source=(
            ReferralSource.REVIEW_QUEUE
            if source == Source.REVIEW_QUEUE
            else ReferralSource.BLOCKLIST
        ),
        platform=platform,
        account_id=account_id,
        handle=handle,
        reason=reason,
        evidence_ids=evidence_ids,
        source_case_id=case_id,
        source_ref=source_ref,
    )
    return MemberAccountRefused(
        f"{handle or account_id} is the declared account of a party member, so the party will "
        "not block it. It has been passed to the disciplinary route instead (a safeguarding "
        "lead's queue), where online abuse has the same consequences as abuse face to face.",
        referral=referral,
    )
