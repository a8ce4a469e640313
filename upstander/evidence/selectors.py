"""Reading evidence back: decrypted bytes, and whether they still match their SHA-256."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from django.db.models import QuerySet

from upstander.evidence.errors import EvidenceContentPurged, EvidenceRefused, EvidenceTampered
from upstander.evidence.models import EvidenceContent, EvidenceItem

if TYPE_CHECKING:
    from upstander.accounts.models import User


def evidence_bytes_verified(item: EvidenceItem) -> bytes:
    """The captured bytes, decrypted, only when they still hash to the SHA-256 recorded at
    capture. The one way to read evidence bytes: the database lets key rotation rewrite the
    encrypted column, so every read checks that the content is still what was captured."""
    try:
        content = EvidenceContent.objects.filter(item_id=item.pk).only("data").first()
    except ValueError as error:  # no configured key decrypts the stored token
        raise EvidenceTampered(
            f"Evidence item {item.pk} cannot be decrypted with any configured key: its stored "
            "bytes were altered outside the application (or a key was removed). It cannot be "
            "used until restored from a backup.",
            item_id=item.pk,
        ) from error
    if content is None:
        raise EvidenceContentPurged("The captured bytes were removed under the retention policy.")
    data = bytes(content.data)
    if hashlib.sha256(data).hexdigest() != item.sha256:
        raise EvidenceTampered(
            f"Evidence item {item.pk} no longer matches the SHA-256 recorded when it was "
            f"captured ({item.sha256[:12]}…): its stored bytes were altered outside the "
            "application. It cannot be used until restored from a backup.",
            item_id=item.pk,
        )
    return data


def evidence_verify(item: EvidenceItem) -> bool:
    """True when the stored bytes still hash to the SHA-256 recorded at capture."""
    try:
        evidence_bytes_verified(item)
    except EvidenceTampered:
        return False
    return True


def evidence_items(ids: list[int]) -> QuerySet[EvidenceItem]:
    return EvidenceItem.objects.filter(pk__in=ids).select_related("captured_by").order_by("pk")


def evidence_has_content(item: EvidenceItem) -> bool:
    return EvidenceContent.objects.filter(item_id=item.pk).exists()


# --- Who may see (and use) a case's evidence -------------------------------------------------
# Evidence sits below cases, so cases registers, in CasesConfig.ready(), how to find the cases
# an item belongs to and whether a person may use one case's evidence for a purpose. Every path
# that takes evidence ids (block requests, complaints, hand-overs, downloads, packs, referrals)
# asks `evidence_refusals` / `evidence_check`, so typed ids cannot skip need-to-know or consent.


class EvidenceUse(StrEnum):
    VIEW = "view"  # open or download on the case page
    BLOCK = "block"  # behind a block request
    PANEL = "panel"  # into a disciplinary proceeding (needs the victim's consent)
    POLICE = "police"  # to the police (needs the victim's consent)
    CITE = "cite"  # a case named as the source of a block or referral (need-to-know)
    # Uses of a case itself that name the person targeted (needs their consultation and wish):
    COMPLAINT = "complaint"  # a disciplinary complaint citing the case
    PLATFORM_REPORT = "platform_report"  # a report to the platform, sent from their account


# item ids -> {item id: ids of the cases it belongs to}
CaseHomes = Callable[[set[int]], dict[int, set[int]]]
# (user, case id, use, id of the person it would name) -> why not, or None when allowed
CaseRefusal = Callable[["User | None", int, EvidenceUse, "int | None"], "str | None"]


# item ids -> the ids, among them, that a case not yet minimised holds
CaseHolds = Callable[[set[int]], set[int]]


@dataclass
class _CaseVisibility:
    homes: CaseHomes | None = None
    refusal: CaseRefusal | None = None
    holds: CaseHolds | None = None


_cases = _CaseVisibility()


def evidence_case_visibility_register(
    *, homes: CaseHomes, refusal: CaseRefusal, holds: CaseHolds
) -> None:
    _cases.homes = homes
    _cases.refusal = refusal
    _cases.holds = holds


def evidence_case_homes(ids: set[int]) -> dict[int, set[int]]:
    """For each item, the cases it belongs to, as the cases app tells (empty before it has)."""
    return _cases.homes(ids) if _cases.homes is not None else {}


def evidence_held_by_cases(ids: set[int]) -> set[int]:
    """The items, among these, that a case not yet minimised still holds (its own, or its
    report's): their bytes are the case's retention to decide. Before the cases app has told
    evidence (never in a running system), every item of any case counts as held."""
    if _cases.holds is not None:
        return _cases.holds(ids)
    return set(evidence_case_homes(ids))


def evidence_refusals(
    user: User | None,
    ids: Iterable[int],
    *,
    use: EvidenceUse,
    case_id: int | None = None,
    unknown_refused: bool = True,
) -> dict[int, str]:
    """The ids this person may not use here, each with the reason (empty: all allowed).

    An id is refused when no such item exists, when `case_id` is given and the item belongs to
    other cases only, or when it belongs to a case the person may not use for `use`.
    `user=None` is the system itself: only unknown ids are refused. `unknown_refused=False`
    leaves unknown ids to the caller (which has its own message for them).
    """
    wanted = {int(i) for i in ids}
    found = set(EvidenceItem.objects.filter(pk__in=wanted).values_list("pk", flat=True))
    unknown = sorted(wanted - found) if unknown_refused else []
    refused = dict.fromkeys(unknown, "no such evidence item")
    if user is None or not found or _cases.homes is None or _cases.refusal is None:
        return refused
    if case_id is not None:
        # Items of no case pass the per-item check below, so the case they would be filed
        # under is checked too: nobody cites a case they may not open.
        cited = _cases.refusal(user, case_id, EvidenceUse.CITE, None)
        if cited:
            refused.update(dict.fromkeys(sorted(found), cited))
            return refused
    homes = _cases.homes(found)
    verdicts: dict[int, str | None] = {}
    for item_id in sorted(found):
        cases = homes.get(item_id, set())
        if case_id is not None and cases and case_id not in cases:
            refused[item_id] = "it belongs to another case"
            continue
        for home in sorted({case_id} & cases if case_id is not None else cases):
            if home not in verdicts:
                verdicts[home] = _cases.refusal(user, home, use, None)
            if verdicts[home]:
                refused[item_id] = str(verdicts[home])
                break
    return refused


def case_refusal(
    user: User | None, case_id: int, *, use: EvidenceUse, named_user_id: int | None = None
) -> str | None:
    """Why this person may not use the case itself for `use` (None: they may).

    For a complaint or a platform report citing a case (cases' `consent.naming_refusal`):
    need-to-know, the consultation, and the wish of the person targeted or a lead's override;
    `named_user_id` is whom it would name (a complainant). `user=None` is the system itself,
    which passes need-to-know but not the consultation or the wish.
    """
    if _cases.refusal is None:
        return None
    return _cases.refusal(user, case_id, use, named_user_id)


def evidence_check(
    user: User | None,
    ids: Iterable[int],
    *,
    use: EvidenceUse,
    case_id: int | None = None,
    unknown_refused: bool = True,
) -> list[int]:
    """The ids, sorted and unique, or `EvidenceRefused` naming each refused id and why; also
    refused, with or without ids, when `case_id` names a case this person may not cite."""
    wanted = sorted({int(i) for i in ids})
    if case_id is not None:
        cited = case_refusal(user, case_id, use=EvidenceUse.CITE)
        if cited:
            raise EvidenceRefused(f"Nothing can be filed under case {case_id}: {cited}.")
    refused = evidence_refusals(
        user, wanted, use=use, case_id=case_id, unknown_refused=unknown_refused
    )
    if refused:
        reasons = "; ".join(f"{item_id}: {why}" for item_id, why in sorted(refused.items()))
        raise EvidenceRefused(f"These evidence items cannot be used here ({reasons}).")
    return wanted
