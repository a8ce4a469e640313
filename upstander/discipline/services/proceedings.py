"""Opening a complaint and moving it through assessment, investigation, notice and response."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from upstander import audit
from upstander.accounts.models import Member, Role, User
from upstander.accounts.permissions import require_role
from upstander.core.submissions import submission_claim
from upstander.discipline import conf, selectors
from upstander.discipline.errors import (
    AlreadyAnswered,
    CaseConsentRequired,
    EvidenceNotShared,
    ReasonRequired,
    UnknownConduct,
    WrongStage,
)
from upstander.discipline.letters import notice_letter
from upstander.discipline.models import (
    Allegation,
    AssessmentOutcome,
    Conduct,
    LetterKind,
    Proceeding,
    ProceedingEvidence,
    Recipient,
    Stage,
)
from upstander.discipline.services.correspondence import complainant_tell, letter_send
from upstander.discipline.services.guards import (
    lock_proceeding,
    require_manager_of,
    require_manager_or_investigator,
    require_stage,
    require_text,
)
from upstander.discipline.workdays import add_working_days
from upstander.evidence.models import EvidenceItem
from upstander.evidence.selectors import EvidenceUse, case_refusal, evidence_refusals


def evidence_lines(proceeding: Proceeding, *, disclosed_only: bool = True) -> list[str]:
    links = ProceedingEvidence.objects.filter(proceeding=proceeding)
    if disclosed_only:
        links = links.filter(disclosed_at__isnull=False)
    ids = list(links.values_list("item_id", flat=True))
    items = {item.pk: item for item in EvidenceItem.objects.filter(pk__in=ids)}
    lines = []
    for item_id in ids:
        item = items.get(item_id)
        if item is None:
            lines.append(f"Evidence item {item_id}")
            continue
        where = f", from {item.source_url or item.uri}" if (item.source_url or item.uri) else ""
        lines.append(
            f"Item {item.pk}: {item.get_kind_display()}{where}; captured "
            f"{timezone.localtime(item.captured_at):%d %b %Y %H:%M}; SHA-256 {item.sha256}"
        )
    return lines


@transaction.atomic
def complaint_open(
    actor: User | None,
    *,
    respondent: Member,
    allegations: list[tuple[str, str]],
    complainant_user: User | None,
    complainant_anonymous_to_respondent: bool,
    source_case_id: int | None,
    evidence_ids: list[int],
    sexual_harassment: bool = False,
    submission_key: str | None = None,
) -> Proceeding:
    """Open a disciplinary complaint against a member.

    A form's `submission_key` already used raises AlreadySubmitted: one proceeding per sending.

    `allegations` are (conduct code, description) pairs. `evidence_ids` must be only the
    upstander.evidence items the victim consented to share (the caller, e.g. the case's member
    route, knows the consent); they are disclosed to the respondent when the notice is sent.

    A complaint from a case (`source_case_id`) names the person targeted, so cases' one rule
    decides (`evidence.selectors.case_refusal`): the actor may open the case, the person was
    consulted and asked for a complaint (or a lead overrode, with a reason, and then the person
    may not be named as complainant).
    """
    require_role(actor, Role.CASE_WORKER, Role.SAFEGUARDING_LEAD, Role.ADMINISTRATOR)
    claim = submission_claim(submission_key, kind="proceeding")
    if source_case_id is not None:
        refusal = case_refusal(
            actor,
            source_case_id,
            use=EvidenceUse.COMPLAINT,
            named_user_id=complainant_user.pk if complainant_user is not None else None,
        )
        if refusal:
            raise CaseConsentRequired(f"No complaint can be opened from this case: {refusal}.")
    cleaned: list[tuple[Conduct, str]] = []
    for code, description in allegations:
        if code not in Conduct.values:
            raise UnknownConduct(f"“{code}” is not a kind of conduct the sanctions guide covers.")
        cleaned.append((Conduct(code), require_text(description, "what the allegation is")))
    if not cleaned:
        raise ReasonRequired("A complaint needs at least one allegation.")
    # One selector decides: only evidence of `source_case_id`, that the actor may open, and that
    # the person targeted agreed a panel may see (or a lead overrode, with a recorded reason).
    ids = sorted(set(evidence_ids))
    refused = evidence_refusals(actor, ids, use=EvidenceUse.PANEL, case_id=source_case_id)
    if refused:
        reasons = "; ".join(f"{item_id}: {why}" for item_id, why in sorted(refused.items()))
        raise EvidenceNotShared(f"These evidence items cannot go to a panel ({reasons}).")
    sexual = sexual_harassment or any(c == Conduct.SEXUAL_HARASSMENT for c, _ in cleaned)
    now = timezone.now()
    proceeding = Proceeding.objects.create(
        respondent=respondent,
        complainant_user=complainant_user,
        complainant_anonymous_to_respondent=complainant_anonymous_to_respondent,
        sexual_harassment=sexual,
        source_case_id=source_case_id,
        opened_by=actor,
        opened_at=now,
        complainant_last_updated_at=now,
    )
    claim.done(proceeding.pk)
    Allegation.objects.bulk_create(
        Allegation(proceeding=proceeding, conduct=conduct, description=text)
        for conduct, text in cleaned
    )
    ProceedingEvidence.objects.bulk_create(
        ProceedingEvidence(proceeding=proceeding, item_id=item_id) for item_id in ids
    )
    audit.record(
        actor,
        "proceeding.open",
        proceeding,
        {
            "respondent_member": respondent.pk,
            "conduct": [str(c) for c, _ in cleaned],
            "source_case_id": source_case_id,
            "evidence_ids": ids,
            "sexual_harassment": sexual,
        },
    )
    return proceeding


@transaction.atomic
def allegation_context_set(
    actor: User | None, *, allegation: Allegation, context: dict[str, str]
) -> Allegation:
    """Note where and how it happened (e.g. channel). The sanctions guide never reads this."""
    require_manager_or_investigator(actor, allegation.proceeding)
    allegation.context = {str(k)[:40]: str(v)[:200] for k, v in context.items()}
    allegation.save(update_fields=["context"])
    audit.record(actor, "allegation.context_set", allegation, {"keys": sorted(allegation.context)})
    return allegation


@transaction.atomic
def proceeding_assess(
    actor: User | None,
    *,
    proceeding: Proceeding,
    outcome: AssessmentOutcome,
    criteria: str,
    reason: str,
) -> Proceeding:
    require_manager_of(actor, proceeding)
    lock_proceeding(proceeding)
    require_stage(proceeding, Stage.ASSESSMENT)
    criteria = require_text(criteria, "the criteria applied to the assessment")
    reason = require_text(reason, "the reason for the assessment")
    now = timezone.now()
    proceeding.assessment_outcome = outcome
    proceeding.assessment_criteria = criteria
    proceeding.assessment_reason = reason
    proceeding.assessed_at = now
    if outcome == AssessmentOutcome.INVESTIGATE:
        proceeding.stage = Stage.INVESTIGATION
        news = "We have assessed your complaint and it will now be investigated."
    else:
        proceeding.stage = Stage.CLOSED
        proceeding.closed_at = now
        news = (
            "We have assessed your complaint. It will be resolved informally with the member."
            if outcome == AssessmentOutcome.INFORMAL
            else "We have assessed your complaint and found no case for the member to answer. "
            f"The reason: {reason}"
        )
    proceeding.save()
    # The criteria are the lead's own words: the row holds them (and retention removes them).
    audit.record(actor, "proceeding.assess", proceeding, {"outcome": str(outcome)})
    complainant_tell(actor, proceeding, news)
    return proceeding


@transaction.atomic
def investigation_complete(
    actor: User | None, *, proceeding: Proceeding, report: str
) -> Proceeding:
    require_manager_or_investigator(actor, proceeding)
    lock_proceeding(proceeding)
    require_stage(proceeding, Stage.INVESTIGATION)
    proceeding.investigation_report = require_text(report, "the investigation's findings")
    proceeding.investigation_completed_at = timezone.now()
    proceeding.save(update_fields=["investigation_report", "investigation_completed_at"])
    audit.record(actor, "proceeding.investigation_complete", proceeding)
    return proceeding


def _require_panel_consent_still_given(proceeding: Proceeding, ids: list[int]) -> None:
    """P1: the person targeted may withdraw panel consent after the complaint opened, and then
    none of their evidence goes out: for a complaint from a case, that case's consent; for one
    opened directly, the consent of each item's own cases (as when it opened). Asked as the
    system, so the consent rule holds whoever sends the notice (`panel_consent_refusals`)."""
    refused = selectors.panel_consent_refusals(proceeding, ids)
    by_reason: dict[str, list[int]] = {}
    for item_id, why in sorted(refused.items()):
        by_reason.setdefault(why, []).append(item_id)
    if by_reason:
        reasons = "; ".join(
            f"{', '.join(map(str, items))}: {why}" for why, items in sorted(by_reason.items())
        )
        raise EvidenceNotShared(
            f"These evidence items cannot be disclosed to the member or the panel ({reasons})."
        )


@transaction.atomic
def notice_send(
    actor: User | None,
    *,
    proceeding: Proceeding,
    hearing_at: datetime,
    hearing_place: str,
    disclose_evidence_ids: list[int],
) -> Proceeding:
    """Send the notice of allegations with the evidence disclosed, the hearing date and the
    time to prepare (configured working days)."""
    require_manager_or_investigator(actor, proceeding)
    lock_proceeding(proceeding)
    require_stage(proceeding, Stage.INVESTIGATION)
    if proceeding.investigation_completed_at is None:
        raise WrongStage("Finish the investigation (write its findings) before sending notice.")
    today = timezone.localdate()
    due = add_working_days(today, conf.notice_working_days(), conf.holidays())
    if timezone.localtime(hearing_at).date() <= due:
        raise WrongStage(
            f"The member has until {due:%d %B %Y} to prepare ({conf.notice_working_days()} "
            "working days), so the hearing must come after that."
        )
    shareable = set(
        ProceedingEvidence.objects.filter(proceeding=proceeding).values_list("item_id", flat=True)
    )
    unknown = sorted(set(disclose_evidence_ids) - shareable)
    if unknown:
        raise EvidenceNotShared(
            "Only evidence the victim agreed to share can be disclosed; "
            f"item(s) {', '.join(map(str, unknown))} are not part of this proceeding."
        )
    _require_panel_consent_still_given(proceeding, disclose_evidence_ids)
    now = timezone.now()
    ProceedingEvidence.objects.filter(
        proceeding=proceeding, item_id__in=disclose_evidence_ids, disclosed_at__isnull=True
    ).update(disclosed_at=now)
    proceeding.hearing_at = hearing_at
    proceeding.hearing_place = hearing_place.strip()[:200]
    proceeding.notice_sent_at = now
    proceeding.response_due_on = due
    proceeding.stage = Stage.RESPONSE
    proceeding.save()
    complainant = proceeding.complainant_user
    text = notice_letter(
        proceeding,
        allegations=list(proceeding.allegations.all()),
        evidence_lines=evidence_lines(proceeding),
        complainant_name=(complainant.display_name or complainant.email) if complainant else "",
    )
    letter = letter_send(actor, proceeding, LetterKind.NOTICE, Recipient.RESPONDENT, text)
    audit.record(
        actor,
        "proceeding.notice_send",
        proceeding,
        {"letter": letter.pk, "disclosed": sorted(disclose_evidence_ids), "response_due": due},
    )
    complainant_tell(
        actor,
        proceeding,
        f"The member has been told of the allegations. The hearing is planned for "
        f"{timezone.localtime(hearing_at):%d %B %Y}.",
    )
    return proceeding


@transaction.atomic
def response_record(actor: User | None, *, proceeding: Proceeding, response: str) -> Proceeding:
    """Record the respondent's written response (they, or staff on their behalf)."""
    is_respondent = actor is not None and proceeding.respondent.user_id == actor.pk
    if not is_respondent:
        require_manager_or_investigator(actor, proceeding)
    lock_proceeding(proceeding)
    require_stage(proceeding, Stage.RESPONSE)
    if proceeding.response_received_at is not None:
        raise AlreadyAnswered("The response has already been recorded.")
    proceeding.response = require_text(response, "the member's response")
    proceeding.response_received_at = timezone.now()
    proceeding.stage = Stage.HEARING
    proceeding.save()
    audit.record(actor, "proceeding.response_record", proceeding, {"by_respondent": is_respondent})
    return proceeding


@transaction.atomic
def hearing_ready(actor: User | None, *, proceeding: Proceeding) -> Proceeding:
    """Go on to the hearing without a response, once the time to prepare has run out."""
    require_manager_of(actor, proceeding)
    lock_proceeding(proceeding)
    require_stage(proceeding, Stage.RESPONSE)
    due = proceeding.response_due_on
    if due is not None and timezone.localdate() <= due:
        raise WrongStage(f"The member has until {due:%d %B %Y} to respond.")
    proceeding.stage = Stage.HEARING
    proceeding.save(update_fields=["stage"])
    audit.record(actor, "proceeding.hearing_ready", proceeding, {"response": False})
    return proceeding


@transaction.atomic
def complainant_update_send(actor: User | None, *, proceeding: Proceeding, news: str) -> Proceeding:
    require_manager_or_investigator(actor, proceeding)
    if proceeding.complainant_user_id is None:
        raise WrongStage("This complaint has no complainant with an account to update.")
    complainant_tell(actor, proceeding, require_text(news, "the update"))
    audit.record(actor, "proceeding.complainant_update", proceeding)
    return proceeding


@transaction.atomic
def complainant_naming_agree(actor: User | None, *, proceeding: Proceeding) -> Proceeding:
    """The complainant agreed to be named to the respondent before the hearing."""
    require_manager_of(actor, proceeding)
    proceeding.complainant_agreed_to_be_named = True
    proceeding.save(update_fields=["complainant_agreed_to_be_named"])
    audit.record(actor, "proceeding.complainant_naming_agree", proceeding)
    return proceeding


@transaction.atomic
def proceeding_view_record(actor: User, *, proceeding: Proceeding, view: str) -> None:
    """Put a read of a proceeding on the audit record (every view is audited)."""
    audit.record(actor, "proceeding.view", proceeding, {"view": view})
