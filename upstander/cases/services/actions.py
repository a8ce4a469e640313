"""Acting on a case, with the person targeted: their wishes govern unless a lead overrides.

Routing: for `block`, each offending account that is a member's declared account becomes a
pending disciplinary referral (members are never silently blocked), every other account a pending
block; for `disciplinary`, member accounts become pending referrals. Each is then handed to the
blocking or discipline app (services/handover.py); what cannot be handed over yet stays pending.
A referral opens a complaint only if the person asked for one or a lead overrode (consent.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone

from upstander import audit
from upstander.accounts.models import Role, User
from upstander.accounts.permissions import has_role
from upstander.cases.errors import (
    NoAccountToBlock,
    OverrideNeedsSafeguardingLead,
    SafeguardingReasonRequired,
)
from upstander.cases.models import (
    Case,
    CaseAction,
    Consultation,
    PendingBlock,
    PendingReferral,
    PoliceReferral,
    Route,
    Wish,
)
from upstander.cases.selectors import case_evidence_ids
from upstander.cases.services.access import require_need_to_know, save_acted_on
from upstander.cases.services.consent import require_consultation
from upstander.cases.services.handover import hand_over_pending
from upstander.cases.services.workflow import move_to_action
from upstander.core.errors import DomainError
from upstander.core.submissions import submission_claim
from upstander.evidence.models import EvidenceItem
from upstander.evidence.selectors import EvidenceUse, evidence_check
from upstander.evidence.services import evidence_capture_file, evidence_capture_text
from upstander.reports.models import MessageSender, ReportMessage
from upstander.reports.services import message_create


class PoliceReferralNeedsItsOwnForm(DomainError):
    """A police referral records the force and reference: use police_referral_record."""


class NoReporterToMessage(DomainError):
    pass


@dataclass(frozen=True)
class Override:
    against_wishes: bool
    reason: str


def _check_wishes(
    actor: User, consultation: Consultation, kind: str, *, needs_consent: bool, reason: str
) -> Override:
    """Within their wishes (and consent) goes ahead; beyond them needs a lead and a reason."""
    against = kind not in consultation.wishes or not needs_consent
    if not against:
        return Override(False, "")
    if not has_role(actor, Role.SAFEGUARDING_LEAD):
        raise OverrideNeedsSafeguardingLead(
            "This goes against or beyond what the person targeted asked for. Only a "
            "safeguarding lead may decide that, with a written safeguarding reason."
        )
    if len(reason.strip()) < 10:
        raise SafeguardingReasonRequired(
            "Write the safeguarding reason for acting against or beyond the person's wishes "
            "(for example, a threat to life)."
        )
    return Override(True, reason.strip())


def _route(
    actor: User, case: Case, kind: str, evidence_ids: list[int], panel_ok: bool
) -> dict[str, int]:
    now = timezone.now()
    blocks = referrals = 0
    for account in case.offending_accounts.select_related("member"):
        # What a pending block and a pending referral both carry for the account.
        routed = {
            "platform": account.platform,
            "handle": account.handle,
            "stable_id": account.stable_id,
            "requested_by": actor,
            "requested_at": now,
        }
        if account.route == Route.MEMBER and account.member is not None:
            _, made = PendingReferral.objects.get_or_create(
                case=case,
                account=account,
                defaults={
                    **routed,
                    "member": account.member,
                    "evidence_ids": evidence_ids if panel_ok else [],
                },
            )
            referrals += made
        elif kind == Wish.BLOCK:
            _, made = PendingBlock.objects.get_or_create(
                case=case, account=account, defaults={**routed, "evidence_ids": evidence_ids}
            )
            blocks += made
    return {"pending_blocks": blocks, "pending_referrals": referrals}


@transaction.atomic
def case_action_take(
    actor: User,
    *,
    case: Case,
    kind: str,
    note: str = "",
    safeguarding_reason: str = "",
    submission_key: str | None = None,
) -> CaseAction:
    """Do one thing the person asked for (or, with a lead's reason, something they did not).

    A form's `submission_key` already used raises AlreadySubmitted: one action (and one set of
    block and disciplinary referrals) per sending.
    """
    require_need_to_know(actor, case)
    locked = Case.objects.select_for_update().get(pk=case.pk)
    claim = submission_claim(submission_key, kind="case_action")
    if kind == Wish.POLICE:
        raise PoliceReferralNeedsItsOwnForm("Record a police referral with its own form.")
    if kind not in Wish.values:
        raise DomainError("Choose an action from the list.")
    consultation = require_consultation(locked)
    if kind == Wish.BLOCK and not locked.offending_accounts.exists():
        # Recorded, it would tell the person targeted that a block was asked for.
        raise NoAccountToBlock(
            "This case names no account to block. Request the block on the blocklist page "
            f"with this case's number ({locked.pk}) and the account's address."
        )
    fields = move_to_action(locked)
    panel_ok = consultation.consent_panel
    override = _check_wishes(
        actor,
        consultation,
        kind,
        needs_consent=panel_ok if kind == Wish.DISCIPLINARY else True,
        reason=safeguarding_reason,
    )
    action = CaseAction.objects.create(
        case=locked,
        kind=kind,
        note=note.strip(),
        against_wishes=override.against_wishes,
        safeguarding_reason=override.reason,
        taken_by=actor,
        taken_at=timezone.now(),
    )
    claim.done(action.pk)
    routed: dict[str, int] = {}
    still_pending: dict[str, list[str]] = {}
    if kind in (Wish.BLOCK, Wish.DISCIPLINARY):
        routed = _route(
            actor, locked, kind, case_evidence_ids(locked), panel_ok or override.against_wishes
        )
        still_pending = hand_over_pending(actor, case=locked)
    save_acted_on(actor, locked, fields, original=case)
    audit.record(
        actor,
        "case.action",
        locked,
        {
            "kind": kind,
            "action": action.pk,
            "against_wishes": override.against_wishes,
            **routed,
            **({"still_pending": still_pending} if routed else {}),
        },
    )
    return action


@transaction.atomic
def police_referral_record(
    actor: User,
    *,
    case: Case,
    force: str,
    referred_on: date,
    crime_reference: str = "",
    officer_name: str = "",
    officer_contact: str = "",
    safeguarding_reason: str = "",
    submission_key: str | None = None,
) -> PoliceReferral:
    """Refer to the police: with the person's wish and consent, or a lead's safeguarding reason.

    A form's `submission_key` already used raises AlreadySubmitted: one referral per sending.
    """
    require_need_to_know(actor, case)
    locked = Case.objects.select_for_update().get(pk=case.pk)
    claim = submission_claim(submission_key, kind="police_referral")
    consultation = require_consultation(locked)
    fields = move_to_action(locked)
    override = _check_wishes(
        actor,
        consultation,
        Wish.POLICE,
        needs_consent=consultation.consent_police,
        reason=safeguarding_reason,
    )
    now = timezone.now()
    action = CaseAction.objects.create(
        case=locked,
        kind=Wish.POLICE,
        against_wishes=override.against_wishes,
        safeguarding_reason=override.reason,
        taken_by=actor,
        taken_at=now,
    )
    referral = PoliceReferral.objects.create(
        case=locked,
        action=action,
        force=force.strip(),
        crime_reference=crime_reference.strip(),
        officer_name=officer_name.strip(),
        officer_contact=officer_contact.strip(),
        referred_on=referred_on,
        victim_consent=consultation.consent_police,
        evidence_ids=evidence_check(
            actor, case_evidence_ids(locked), use=EvidenceUse.POLICE, case_id=locked.pk
        ),
        recorded_by=actor,
        recorded_at=now,
    )
    claim.done(referral.pk)
    save_acted_on(actor, locked, fields, original=case)
    audit.record(
        actor,
        "case.police_referral",
        locked,
        {
            # Ids and the override flag only: the consent itself stays in the encrypted record.
            "referral": referral.pk,
            "against_wishes": override.against_wishes,
            "evidence": referral.evidence_ids,
        },
    )
    return referral


@transaction.atomic
def case_message_reporter(actor: User, *, case: Case, body: str) -> ReportMessage:
    """Write to the reporter; they read it with their receipt code or in their account."""
    require_need_to_know(actor, case)
    if case.report_id is None or case.report is None:
        raise NoReporterToMessage("This case did not come from a report, so there is no reporter.")
    if not body.strip():
        raise DomainError("The message is empty.")
    message = message_create(
        report=case.report, sender=MessageSender.STAFF, author=actor, body=body
    )
    save_acted_on(actor, case, [])
    audit.record(actor, "case.message_reporter", case, {"message": message.pk})
    return message


@transaction.atomic
def case_evidence_add(
    actor: User,
    *,
    case: Case,
    files: Sequence[tuple[str, bytes]] = (),
    text: str = "",
    source_url: str = "",
) -> list[EvidenceItem]:
    """A case worker adds evidence (a correction is a new item; nothing is ever replaced)."""
    require_need_to_know(actor, case)
    items = [
        evidence_capture_file(actor, data=data, filename=name, source_url=source_url)
        for name, data in files
    ]
    if text.strip():
        items.append(evidence_capture_text(actor, text=text, source_url=source_url))
    case.evidence.add(*items)
    audit.record(actor, "case.evidence_add", case, {"items": [item.pk for item in items]})
    return items
