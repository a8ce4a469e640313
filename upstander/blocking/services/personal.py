"""A protected person's own block, on their own account only: a personal choice, recorded."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from upstander import audit
from upstander.accounts.models import User
from upstander.blocking.errors import MemberChoiceUnconfirmed
from upstander.blocking.models import BlockEntry, BlockingAccount, EntryStatus, Scope
from upstander.blocking.services.deliveries import _fan_out
from upstander.blocking.services.entries import _entry_create
from upstander.blocking.services.members import member_of
from upstander.blocking.services.request import BlockRequest
from upstander.core.errors import NotPermitted
from upstander.evidence.selectors import EvidenceUse, evidence_check


@transaction.atomic
def block_personal(
    actor: User,
    *,
    account: BlockingAccount,
    target_account_id: str,
    target_handle: str,
    reason: str,
    evidence_ids: Iterable[int],
    acknowledge_member: bool = False,
) -> BlockEntry:
    """A protected person blocks an account on their own account only: their choice, recorded.

    It may name a member; the person must then say they understand that the party's route for
    members is the disciplinary procedure, and the choice is recorded as personal.
    """
    if actor.pk != account.person_id:
        raise NotPermitted("Only the person themself can block on their own account.")
    member = member_of(account.platform, target_account_id, target_handle)
    if member is not None and not acknowledge_member:
        raise MemberChoiceUnconfirmed(
            f"{target_handle or target_account_id} is a party member's account. The party does "
            "not block members; it takes them through the disciplinary route. You may still "
            "block them on your own account: confirm that this is your personal choice."
        )
    request = BlockRequest(
        platform=account.platform,
        account_id=target_account_id,
        handle=target_handle,
        reason=reason,
        evidence_ids=evidence_check(
            actor, evidence_ids, use=EvidenceUse.BLOCK, unknown_refused=False
        ),
    )
    entry = _entry_create(actor, request, scope=Scope.PERSONAL, personal_for=actor)
    return _approve_personal(actor, entry, account, member_chosen=member is not None)


def _approve_personal(
    actor: User, entry: BlockEntry, account: BlockingAccount, *, member_chosen: bool
) -> BlockEntry:
    entry.status = EntryStatus.ACTIVE
    entry.decided_by = actor
    entry.decided_at = timezone.now()
    entry.save(update_fields=["status", "decided_by", "decided_at"])
    deliveries = _fan_out(entry, only=[account])
    audit.record(
        actor,
        "block.personal",
        entry,
        {"account": account.pk, "member": member_chosen, "deliveries": len(deliveries)},
    )
    return entry
