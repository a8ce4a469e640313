"""Members are never silently blocked: their accounts go to the disciplinary route instead."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from upstander import audit
from upstander.accounts.models import Member, User
from upstander.accounts.selectors import member_for_account
from upstander.blocking.errors import MemberAccountRefused
from upstander.blocking.models import MemberReferral
from upstander.evidence.models import EvidenceItem


def member_of(platform: str, *identifiers: str) -> Member | None:
    for identifier in identifiers:
        if identifier:
            member = member_for_account(platform=platform, identifier=identifier)
            if member is not None:
                return member
    return None


@transaction.atomic
def referral_record(
    actor: User | None,
    *,
    member: Member,
    platform: str,
    account_id: str,
    handle: str,
    case_id: int | None,
    evidence_ids: Iterable[int],
    reason: str = "",
) -> MemberReferral:
    """A member's account was named for blocking: record it for the disciplinary route."""
    referral = MemberReferral.objects.create(
        member=member,
        platform=platform,
        account_id=account_id or handle,
        handle=handle,
        case_id=case_id,
        reason=reason,
        requested_by=actor,
        created_at=timezone.now(),
    )
    referral.evidence.set(EvidenceItem.objects.filter(pk__in=list(evidence_ids)))
    audit.record(
        actor,
        "block.member_referred",
        referral,
        {"member": member.pk, "platform": platform, "case": case_id},
    )
    return referral


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
) -> MemberAccountRefused:
    referral = referral_record(
        actor,
        member=member,
        platform=platform,
        account_id=account_id,
        handle=handle,
        case_id=case_id,
        evidence_ids=evidence_ids,
        reason=reason,
    )
    return MemberAccountRefused(
        f"{handle or account_id} is the declared account of a party member, so the party will "
        "not block it. It has been passed to the disciplinary route instead, where online abuse "
        "has the same consequences as abuse face to face.",
        referral=referral,
    )
