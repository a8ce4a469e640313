"""The blocklist's decisions: request, approve, refuse, unblock, and a person's own block.

Rules: members are never silently blocked (their account goes to the disciplinary route as a
referral in the safeguarding lead's queue); no block is sent before the posts behind it are
captured as evidence; only a safeguarding lead approves (or a case worker, where the party
allows it).

Whose say-so: a protected person's standing opt-in (`BlockingAccount`, with its consent text)
covers blocks applied on their own accounts, so a block from the review queue or the blocklist
page needs nothing more. A report to the platform is sent from an opted-in person's account and
names them and the abuse they received, so it needs a case whose person targeted was consulted
and asked for it (or a lead's recorded override): cases' one rule, `case_refusal`. A member's
account only ever becomes a referral here; a complaint from it is discipline's, under the same
rule.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from upstander import audit
from upstander.accounts.models import Role, User
from upstander.accounts.permissions import has_role, require_role
from upstander.blocking import conf
from upstander.blocking.errors import (
    AlreadyOnBlocklist,
    EvidenceRequired,
    NotBlocked,
    NotWaitingForDecision,
    PlatformReportNeedsConsultation,
    ReasonRequired,
)
from upstander.blocking.models import (
    BlockEntry,
    EntryStatus,
    Scope,
    Source,
)
from upstander.blocking.services.deliveries import _fan_out, _unblock_fan_out
from upstander.blocking.services.members import member_of, refuse_member
from upstander.blocking.services.request import BlockRequest
from upstander.blocking.services.resolve import stable_id_for
from upstander.core.errors import NotPermitted
from upstander.evidence.models import EvidenceItem
from upstander.evidence.selectors import EvidenceUse, case_refusal, evidence_check

REQUESTERS = (Role.CASE_WORKER, Role.SAFEGUARDING_LEAD)


def _evidence(ids: Iterable[int]) -> list[EvidenceItem]:
    wanted = sorted(set(ids))
    items = list(EvidenceItem.objects.filter(pk__in=wanted))
    if not wanted or len(items) != len(wanted):
        raise EvidenceRequired(
            "Capture the posts behind this block as evidence first: blocking can hide them "
            "afterwards."
        )
    return items


def block_request(
    actor: User | None,
    *,
    platform: str,
    account_id: str,
    handle: str = "",
    reason: str,
    evidence_ids: Iterable[int],
    case_id: int | None = None,
    source: str = Source.MANUAL,
    source_ref: str = "",
    first_seen_at: datetime | None = None,
    expires_at: datetime | None = None,
    report_to_platform: bool = False,
) -> BlockEntry:
    """Put an account on the blocklist, waiting for approval.

    A member's account is refused: it is referred to discipline's queue (and that is kept) and
    `MemberAccountRefused` is raised. Called by cases with their ids, and by the block form.
    Evidence ids are checked by the one evidence selector: none from a case the actor may not
    open, and none from another case than `case_id`.
    """
    require_role(actor, *REQUESTERS)
    # Missing or unknown ids get entry_create's "capture first"; the rest must be usable here.
    checked = evidence_check(
        actor, evidence_ids, use=EvidenceUse.BLOCK, case_id=case_id, unknown_refused=False
    )
    request = BlockRequest(
        platform=platform,
        account_id=account_id,
        handle=handle,
        reason=reason,
        evidence_ids=checked,
        case_id=case_id,
        source=source,
        source_ref=source_ref,
        first_seen_at=first_seen_at,
        expires_at=expires_at,
        report_to_platform=report_to_platform,
    )
    return block_request_checked(actor, request)


def block_request_checked(
    actor: User | None, request: BlockRequest, *, on_behalf_of: User | None = None
) -> BlockEntry:
    """`block_request` once its evidence is known to be the actor's to use (or just captured).

    `on_behalf_of`: the system retries a person's request (a hand-over): they are its requester.
    """
    require_role(actor, *REQUESTERS)
    if request.report_to_platform:
        _require_platform_report_consent(actor, request.case_id)
    member = member_of(request.platform, request.account_id, request.handle)
    if member is None and not request.account_id.strip() and request.handle.strip():
        request = replace(request, account_id=stable_id_for(request.platform, request.handle))
        member = member_of(request.platform, request.account_id)
    if member is not None:
        raise refuse_member(actor, member, request)
    return _entry_request(actor, request, on_behalf_of=on_behalf_of)


@transaction.atomic
def _entry_request(
    actor: User | None, request: BlockRequest, *, on_behalf_of: User | None = None
) -> BlockEntry:
    """A new entry and its `block.request` audit entry, together (a retry finds the first)."""
    _require_account_and_reason(request.account_id, request.reason)
    if request.source_ref:
        done = BlockEntry.objects.filter(
            source=request.source, source_ref=request.source_ref
        ).first()
        if done is not None:
            return done  # the same request again (a retry): nothing new
    entry = _entry_create(actor, request, on_behalf_of=on_behalf_of)
    audit.record(
        actor,
        "block.request",
        entry,
        {
            "platform": request.platform,
            "account_id": entry.account_id,
            "case": request.case_id,
            "evidence": sorted(set(request.evidence_ids)),
            "source": request.source,
            "scope": entry.scope,
        },
    )
    return entry


def _require_platform_report_consent(actor: User | None, case_id: int | None) -> None:
    """A report to the platform names the person targeted: it needs their case's consultation."""
    if case_id is None:
        raise PlatformReportNeedsConsultation(
            "A report to the platform is made in the name of the person targeted, so it needs "
            "their case and their say: request it from the case, after the consultation. The "
            "block alone needs only their standing opt-in."
        )
    refusal = case_refusal(actor, case_id, use=EvidenceUse.PLATFORM_REPORT)
    if refusal:
        raise PlatformReportNeedsConsultation(f"No report to the platform: {refusal}.")


def _require_account_and_reason(account_id: str, reason: str) -> None:
    if not account_id.strip():
        raise ReasonRequired("Name the account by its stable id (a DID or an account URI).")
    if not reason.strip():
        raise ReasonRequired("Say why this account should be blocked.")


def _entry_create(
    actor: User | None,
    request: BlockRequest,
    *,
    scope: str = Scope.PARTY,
    personal_for: User | None = None,
    on_behalf_of: User | None = None,
) -> BlockEntry:
    """The entry row and its evidence; the caller audits it in the same transaction."""
    _require_account_and_reason(request.account_id, request.reason)
    items = _evidence(request.evidence_ids)
    now = timezone.now()
    arrival = min(
        [request.first_seen_at or now, *(item.captured_at for item in items)],
    )
    try:
        with transaction.atomic():
            entry = BlockEntry.objects.create(
                platform=request.platform,
                account_id=request.account_id.strip(),
                handle=request.handle.strip().lstrip("@"),
                scope=scope,
                personal_for=personal_for,
                reason=request.reason.strip(),
                source=request.source,
                source_ref=request.source_ref,
                case_id=request.case_id,
                report_to_platform=request.report_to_platform,
                first_seen_at=arrival,
                requested_by=on_behalf_of or actor,
                requested_at=now,
                expires_at=request.expires_at,
            )
    except IntegrityError:
        raise AlreadyOnBlocklist(
            f"{request.handle or request.account_id} is already on the blocklist or waiting "
            "for approval."
        ) from None
    entry.evidence.set(items)
    return entry


def may_approve(user: User | None) -> bool:
    if has_role(user, Role.SAFEGUARDING_LEAD):
        return True
    return conf.caseworkers_may_approve() and has_role(user, Role.CASE_WORKER)


def block_approve(actor: User | None, *, entry: BlockEntry) -> BlockEntry:
    """Approve and send: every opted-in account on the platform gets a delivery.

    The member check runs again, because a handle may have been linked to a member since the
    request; such an entry is refused and referred.
    """
    if actor is not None and not may_approve(actor):
        raise NotPermitted(
            "Only a safeguarding lead may approve a block"
            + (
                " (or a case worker, as the party allows)."
                if conf.caseworkers_may_approve()
                else "."
            )
        )
    member = (
        member_of(entry.platform, entry.account_id, entry.handle)
        if entry.scope == Scope.PARTY
        else None
    )
    if member is not None:
        evidence_ids = list(entry.evidence.values_list("pk", flat=True))
        with transaction.atomic():
            _decide_refused(
                actor, entry, "The account belongs to a party member: referred to discipline."
            )
            referred = BlockRequest(
                platform=entry.platform,
                account_id=entry.account_id,
                handle=entry.handle,
                reason=entry.reason,
                evidence_ids=evidence_ids,
                case_id=entry.case_id,
                source=entry.source,
                source_ref=f"block:{entry.pk}",
            )
            error = refuse_member(actor, member, referred)
        raise error
    return _approve(actor, entry)


@transaction.atomic
def _approve(actor: User | None, entry: BlockEntry) -> BlockEntry:
    entry = _locked_undecided(entry)
    if not entry.evidence.exists():
        raise EvidenceRequired(
            "Capture the posts behind this block as evidence first: blocking can hide them."
        )
    entry.status = EntryStatus.ACTIVE
    entry.decided_by = actor
    entry.decided_at = timezone.now()
    entry.save(update_fields=["status", "decided_by", "decided_at"])
    deliveries = _fan_out(entry)
    audit.record(actor, "block.approve", entry, {"deliveries": len(deliveries)})
    return entry


def _locked_undecided(entry: BlockEntry) -> BlockEntry:
    """The entry, locked, while it still waits for a lead's decision (one decision only)."""
    locked = BlockEntry.objects.select_for_update().get(pk=entry.pk)
    if locked.status != EntryStatus.REQUESTED:
        raise NotWaitingForDecision("This block has already been decided.")
    return locked


def _decide_refused(actor: User | None, entry: BlockEntry, reason: str) -> None:
    _locked_undecided(entry)
    entry.status = EntryStatus.REFUSED
    entry.decided_by = actor
    entry.decided_at = timezone.now()
    entry.refusal_reason = reason
    entry.save(update_fields=["status", "decided_by", "decided_at", "refusal_reason"])


@transaction.atomic
def block_refuse(actor: User | None, *, entry: BlockEntry, reason: str) -> BlockEntry:
    if actor is not None and not may_approve(actor):
        raise NotPermitted("Only a safeguarding lead may refuse a block request.")
    if not reason.strip():
        raise ReasonRequired("Say why the block is refused; the requester will see it.")
    _decide_refused(actor, entry, reason.strip())
    audit.record(actor, "block.refuse", entry, {})
    return entry


@transaction.atomic
def block_unblock(actor: User | None, *, entry: BlockEntry, reason: str) -> BlockEntry:
    """Reverse a block everywhere it was sent (mistake, appeal, expiry), with a reason."""
    own_choice = actor is not None and actor.pk == entry.personal_for_id
    if actor is not None and not own_choice and not may_approve(actor):
        raise NotPermitted("Only a safeguarding lead may lift a block.")
    if not reason.strip():
        raise ReasonRequired("Say why the block is lifted (a mistake, an appeal, expiry).")
    entry = BlockEntry.objects.select_for_update().get(pk=entry.pk)
    if entry.status != EntryStatus.ACTIVE:
        raise NotBlocked("This account is not blocked.")
    entry.status = EntryStatus.UNBLOCKED
    entry.unblocked_by = actor
    entry.unblocked_at = timezone.now()
    entry.unblock_reason = reason.strip()
    entry.save(update_fields=["status", "unblocked_by", "unblocked_at", "unblock_reason"])
    deliveries = _unblock_fan_out(entry)
    audit.record(actor, "block.unblock", entry, {"deliveries": len(deliveries)})
    return entry


def blocks_expire(*, now: datetime | None = None) -> int:
    """Lift every block whose expiry has passed (run by the worker)."""
    now = now or timezone.now()
    due = BlockEntry.objects.filter(status=EntryStatus.ACTIVE, expires_at__lte=now)
    count = 0
    for entry in due:
        block_unblock(None, entry=entry, reason="The block reached its expiry date.")
        count += 1
    return count
