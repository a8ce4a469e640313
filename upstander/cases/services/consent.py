"""The person targeted decides: one place for what their consultation allows.

Policy: "always discuss the situation with the person and talk to them about what they want to
do". So, for every path that acts on a case or names the person targeted:

- The consultation gate (`require_consultation`): no action on a case, and nothing that names
  the person, before a consultation is recorded. The case page, the action and police forms,
  the routing to blocking and discipline and the complaint form all ask this one rule.
- A standing opt-in to the party's blocklist (blocking's `BlockingAccount`, with its consent
  text) covers blocks applied on the person's own accounts, from the review queue or the
  blocklist page, and nothing else. Anything that names them, a disciplinary complaint, a
  police referral or a report to the platform, needs the case's consultation and their wish
  for it, or a safeguarding lead's recorded override (`naming_refusal`).
- The person targeted is named as a complainant only when they asked for a complaint; under a
  lead's override the party is the complainant, so no letter reaches someone who said no.

Evidence, blocking and discipline sit below cases, so cases registers `evidence_case_refusal`
with evidence (CasesConfig.ready) and they ask it through `evidence.selectors`.
"""

from __future__ import annotations

from upstander.accounts.models import User
from upstander.cases.errors import ConsultationRequired
from upstander.cases.models import Case, CaseAction, Consultation, Wish
from upstander.cases.services.access import may_open_case
from upstander.evidence.selectors import EvidenceUse

# Evidence shared with someone outside the party: (the wish, the consent field, with whom).
_EVIDENCE_CONSENT = {
    EvidenceUse.PANEL: (Wish.DISCIPLINARY, "consent_panel", "a disciplinary panel"),
    EvidenceUse.POLICE: (Wish.POLICE, "consent_police", "the police"),
}
# Uses of the case itself that name the person targeted, each with the wish that allows it.
_NAMING_WISH = {
    EvidenceUse.COMPLAINT: Wish.DISCIPLINARY,
    EvidenceUse.PLATFORM_REPORT: Wish.PLATFORM_REPORT,
}
_WHAT = {
    Wish.DISCIPLINARY: "a disciplinary complaint",
    Wish.PLATFORM_REPORT: "a report to the platform",
}


def latest_consultation(case: Case) -> Consultation | None:
    return case.consultations.order_by("-recorded_at", "-pk").first()


def require_consultation(case: Case) -> Consultation:
    """The consultation gate: the latest consultation, or `ConsultationRequired`."""
    consultation = latest_consultation(case)
    if consultation is None:
        raise ConsultationRequired(
            "Talk to the person targeted first: record the consultation before any action."
        )
    return consultation


def lead_overrode(case: Case, wish: str) -> bool:
    """A safeguarding lead acted for `wish` against or beyond the person's wishes (audited)."""
    return CaseAction.objects.filter(case=case, kind=wish, against_wishes=True).exists()


def wished(case: Case, wish: str) -> bool:
    """The latest consultation records that the person targeted wants `wish`."""
    consultation = latest_consultation(case)
    return consultation is not None and wish in consultation.wishes


def naming_refusal(
    user: User | None, case: Case, wish: str, *, named_user_id: int | None = None
) -> str | None:
    """Why `user` may not do `wish` (a complaint, a platform report) from this case, or None.

    Needs need-to-know, the consultation, and the person's wish or a lead's override. Under an
    override the person targeted may not be the one named (`named_user_id`): they said no.
    """
    if not may_open_case(user, case):
        return (
            f"only the case worker assigned to case {case.reference} and safeguarding leads "
            "may act on it"
        )
    consultation = latest_consultation(case)
    what = _WHAT.get(Wish(wish), Wish(wish).label.lower())
    if consultation is None:
        return (
            f"nobody has talked to the person targeted in case {case.reference} yet: record "
            "the consultation first"
        )
    if wish in consultation.wishes:
        return None
    if not lead_overrode(case, wish):
        return (
            f"the person targeted in case {case.reference} did not ask for {what}; only a "
            "safeguarding lead may go ahead, with a written reason"
        )
    if named_user_id is not None and named_user_id == case.protected_person_id:
        return (
            f"the person targeted in case {case.reference} did not ask for {what}, so they are "
            "not named in it; the party acts in its own name"
        )
    return None


def evidence_case_refusal(
    user: User | None, case_id: int, use: EvidenceUse, named_user_id: int | None = None
) -> str | None:
    """Why this person may not use this case (or its evidence) for `use` (None: they may)."""
    case = Case.objects.filter(pk=case_id).first()
    if case is None:
        return f"there is no case {case_id}"
    if use in _NAMING_WISH:
        return naming_refusal(user, case, _NAMING_WISH[use], named_user_id=named_user_id)
    if use == EvidenceUse.CITE:
        if may_open_case(user, case):
            return None
        return (
            f"only its assigned case worker and safeguarding leads may open case {case.reference}"
        )
    if not may_open_case(user, case):
        return (
            f"it is evidence in case {case.reference}, which only its assigned case worker "
            "and safeguarding leads may open"
        )
    if use not in _EVIDENCE_CONSENT:
        return None
    wish, field, whom = _EVIDENCE_CONSENT[use]
    consultation = latest_consultation(case)
    if consultation is not None and getattr(consultation, field):
        return None
    # A lead's recorded safeguarding override stands in for consent (audited on the action).
    if lead_overrode(case, wish):
        return None
    return f"the person targeted in case {case.reference} has not consented to share it with {whom}"
