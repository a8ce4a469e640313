"""One selector decides who may use a case's evidence: typed ids skip neither need-to-know
nor the consent of the person targeted, on any path that takes them."""

from __future__ import annotations

from datetime import date
from itertools import count

import pytest
from django.urls import reverse

from tests.cases.helpers import consulted_case, reported_case
from tests.conftest import enable_totp, make_person, signed_in
from upstander.accounts.models import Role, User
from upstander.accounts.services import member_create
from upstander.blocking.models import BlockEntry
from upstander.blocking.services import block_request
from upstander.cases.selectors import case_evidence_ids
from upstander.discipline.errors import CaseConsentRequired, EvidenceNotShared
from upstander.discipline.models import Proceeding
from upstander.discipline.services import complaint_open
from upstander.evidence.errors import EvidenceRefused
from upstander.evidence.selectors import EvidenceUse, evidence_refusals

TROLL = "did:plc:trolltrolltrolltrolltrol"
_numbers = count(1)


@pytest.fixture
def other_worker(db: None) -> User:
    user = make_person("olu.other@example.org", Role.CASE_WORKER)
    enable_totp(user)
    return user


def _complaint(actor: User, *, case_id: int, evidence_ids: list[int]) -> Proceeding:
    n = next(_numbers)
    respondent = member_create(
        None,
        membership_number=f"M-77{n:02d}",
        given_name="Rory",
        family_name="Respondent",
        joined_on=date(2020, 1, 1),
        email=f"rory.{n}@example.org",
    )
    return complaint_open(
        actor,
        respondent=respondent,
        allegations=[("harassment", "Abusive replies to a councillor.")],
        complainant_user=None,
        complainant_anonymous_to_respondent=False,
        source_case_id=case_id,
        evidence_ids=evidence_ids,
    )


def test_evidence_ids_from_another_case_are_refused(
    client, caseworker: User, other_worker: User, safeguarding_lead: User
) -> None:
    theirs = reported_case(caseworker)
    mine = consulted_case(other_worker, wishes=("disciplinary",), consent_panel=True)
    their_ids = case_evidence_ids(theirs)
    my_ids = case_evidence_ids(mine)
    assert their_ids
    assert my_ids

    # The block request form: ids of a case the worker is not on are refused, nothing is made.
    response = signed_in(client, other_worker).post(
        reverse("blocking:block_new"),
        {
            "platform": "bluesky",
            "account_id": TROLL,
            "handle": "troll.bsky.social",
            "reason": "Abusive replies",
            "evidence_ids": ", ".join(str(i) for i in their_ids),
        },
    )
    assert response.status_code == 400
    assert "cannot be used here" in response.content.decode()
    with pytest.raises(EvidenceRefused):
        block_request(
            other_worker,
            platform="bluesky",
            account_id=TROLL,
            reason="Abusive replies",
            evidence_ids=their_ids,
        )
    # ...and ids from another case than the one named are refused even to a lead.
    with pytest.raises(EvidenceRefused, match="another case"):
        block_request(
            safeguarding_lead,
            platform="bluesky",
            account_id=TROLL,
            reason="Abusive replies",
            evidence_ids=their_ids,
            case_id=mine.pk,
        )
    assert not BlockEntry.objects.exists()

    # The complaint form: another case's evidence, under my case's number, is refused.
    with pytest.raises(EvidenceNotShared):
        _complaint(other_worker, case_id=mine.pk, evidence_ids=their_ids)
    with pytest.raises(EvidenceNotShared, match="another case"):
        _complaint(safeguarding_lead, case_id=mine.pk, evidence_ids=their_ids)
    assert not Proceeding.objects.exists()

    # My own case's evidence, which the person targeted agreed a panel may see, goes through.
    proceeding = _complaint(other_worker, case_id=mine.pk, evidence_ids=my_ids)
    assert sorted(proceeding.evidence.values_list("item_id", flat=True)) == my_ids


def test_evidence_without_the_victims_consent_stays_out_of_a_proceeding(
    caseworker: User, safeguarding_lead: User
) -> None:
    # They want a complaint, but not their evidence before a panel.
    case = consulted_case(caseworker, wishes=("disciplinary",), consent_panel=False)
    ids = case_evidence_ids(case)
    with pytest.raises(EvidenceNotShared, match="not consented"):
        _complaint(caseworker, case_id=case.pk, evidence_ids=ids)
    assert evidence_refusals(caseworker, ids, use=EvidenceUse.BLOCK, case_id=case.pk) == {}
    assert set(evidence_refusals(caseworker, ids, use=EvidenceUse.PANEL, case_id=case.pk)) == set(
        ids
    )


def test_an_administrator_cannot_use_case_evidence_they_may_not_open(
    caseworker: User, administrator: User
) -> None:
    case = consulted_case(caseworker, wishes=("disciplinary",))
    ids = case_evidence_ids(case)
    # The complaint is refused at the case itself, before its evidence is even looked at.
    with pytest.raises(CaseConsentRequired, match="only the case worker assigned"):
        _complaint(administrator, case_id=case.pk, evidence_ids=ids)
    refused = evidence_refusals(administrator, ids, use=EvidenceUse.PANEL, case_id=case.pk)
    assert set(refused) == set(ids)
    assert all("only its assigned case worker" in why for why in refused.values())
