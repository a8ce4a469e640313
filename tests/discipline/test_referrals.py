"""One route from a member's conduct to discipline: a referral waits in the safeguarding lead's
queue with its evidence; the lead accepts it (a complaint opens) or declines it with a reason."""

from __future__ import annotations

from datetime import date

import pytest
from django.core import mail
from django.test import Client

from tests.conftest import make_person, signed_in
from upstander.accounts.models import Member, Platform, Role, User
from upstander.accounts.services import handle_declare, handle_resolve, member_create
from upstander.audit.models import AuditEntry
from upstander.blocking.errors import MemberAccountRefused
from upstander.blocking.services import block_request
from upstander.core.errors import NotPermitted
from upstander.discipline.errors import ComplainantOnlyFromACase, PartyCannotAct, ReasonRequired
from upstander.discipline.models import Proceeding, Referral, ReferralSource, ReferralStatus
from upstander.discipline.services import referral_accept, referral_decline, referral_make
from upstander.evidence.models import EvidenceItem
from upstander.evidence.services import evidence_capture_post

pytestmark = pytest.mark.django_db

MEMBER_DID = "did:plc:membermembermembermember"
QUEUE = "/staff/discipline/referrals/"


def declared_member() -> Member:
    member = member_create(
        None,
        membership_number="M-100",
        given_name="Sam",
        family_name="Member",
        joined_on=date(2020, 1, 1),
    )
    declared = handle_declare(
        None, member=member, platform=Platform.BLUESKY, handle="sam-member.test"
    )
    handle_resolve(None, handle=declared, stable_id=MEMBER_DID)
    return member


def post_by_member(n: int = 1) -> EvidenceItem:
    return evidence_capture_post(
        None,
        platform="bluesky",
        uri=f"at://{MEMBER_DID}/app.bsky.feed.post/{n}",
        url=f"https://bsky.app/profile/sam-member.test/post/{n}",
        author_handle="sam-member.test",
        author_id=MEMBER_DID,
        text="Nobody wants you on the council.",
        posted_at=None,
        raw={},
    )


def refused_by_the_blocklist(actor: User, evidence: EvidenceItem) -> Referral:
    with pytest.raises(MemberAccountRefused) as refused:
        block_request(
            actor,
            platform="bluesky",
            account_id=MEMBER_DID,
            handle="sam-member.test",
            reason="Abusive replies to the councillor",
            evidence_ids=[evidence.pk],
        )
    return refused.value.referral


def test_member_referral_from_the_blocklist_reaches_the_leads_queue(
    client: Client, caseworker: User, safeguarding_lead: User
) -> None:
    member = declared_member()
    evidence = post_by_member()
    referral = refused_by_the_blocklist(caseworker, evidence)
    assert (referral.source, referral.status) == (ReferralSource.BLOCKLIST, "pending")

    signed_in(client, safeguarding_lead)
    page = client.get(QUEUE)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Sam Member" in html and "M-100" in html
    assert f"Evidence {evidence.pk}" in html and evidence.source_url in html
    assert "The party (nobody is named)" in html

    accepted = client.post(
        f"{QUEUE}{referral.pk}/accept/",
        {
            f"accept-{referral.pk}-conduct": "harassment",
            f"accept-{referral.pk}-description": "Abusive replies to Cllr Shah from their account.",
        },
    )
    proceeding = Proceeding.objects.get()
    assert accepted.status_code == 302 and accepted["Location"].endswith(f"/{proceeding.pk}/")
    assert proceeding.respondent == member and proceeding.complainant_user is None
    assert list(proceeding.evidence.values_list("item_id", flat=True)) == [evidence.pk]
    referral.refresh_from_db()
    assert (referral.status, referral.proceeding, referral.decided_by) == (
        ReferralStatus.ACCEPTED,
        proceeding,
        safeguarding_lead,
    )
    assert AuditEntry.objects.filter(verb="referral.accept").count() == 1
    assert "No referrals are waiting." in client.get(QUEUE).content.decode()


def test_the_leads_are_told_when_a_referral_arrives(
    caseworker, safeguarding_lead, django_capture_on_commit_callbacks
) -> None:
    declared_member()
    evidence = post_by_member()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        refused_by_the_blocklist(caseworker, evidence)
    told = [m for m in mail.outbox if safeguarding_lead.email in m.to]
    assert len(told) == 1 and QUEUE in told[0].body
    assert "Sam" not in told[0].body  # membership is special category: the mail names nobody
    assert AuditEntry.objects.filter(verb="referral.make").count() == 1


def test_declining_a_referral_needs_a_written_reason(
    client: Client, caseworker: User, safeguarding_lead: User
) -> None:
    declared_member()
    referral = refused_by_the_blocklist(caseworker, post_by_member())
    with pytest.raises(ReasonRequired):
        referral_decline(safeguarding_lead, referral=referral, reason="   ")
    signed_in(client, safeguarding_lead)
    refused = client.post(f"{QUEUE}{referral.pk}/decline/", {f"decline-{referral.pk}-reason": ""})
    assert refused.status_code == 400 and "This field is required" in refused.content.decode()
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.PENDING

    done = client.post(
        f"{QUEUE}{referral.pk}/decline/",
        {f"decline-{referral.pk}-reason": "A robust political argument, not abuse."},
    )
    assert done.status_code == 302
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.DECLINED
    assert referral.decline_reason == "A robust political argument, not abuse."
    assert not Proceeding.objects.exists()
    assert AuditEntry.objects.filter(verb="referral.decline").count() == 1


def test_only_a_safeguarding_lead_accepts_a_referral(
    client: Client, caseworker: User, administrator: User
) -> None:
    declared_member()
    referral = refused_by_the_blocklist(caseworker, post_by_member())
    for actor in (caseworker, administrator, None):
        with pytest.raises(NotPermitted):
            referral_accept(actor, referral=referral)
    signed_in(client, caseworker)
    assert client.get(QUEUE).status_code == 403
    assert client.post(f"{QUEUE}{referral.pk}/accept/", {}).status_code == 403
    assert not Proceeding.objects.exists()
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.PENDING


def test_a_referral_without_a_case_names_no_complainant(caseworker, protected_person) -> None:
    member = declared_member()
    with pytest.raises(ComplainantOnlyFromACase):
        referral_make(
            caseworker,
            respondent=member,
            source=ReferralSource.REVIEW_QUEUE,
            platform="bluesky",
            account_id=MEMBER_DID,
            complainant_user=protected_person,
        )
    assert not Referral.objects.exists()


def test_a_second_request_for_the_same_account_joins_the_waiting_referral(
    caseworker, safeguarding_lead
) -> None:
    declared_member()
    first = refused_by_the_blocklist(caseworker, post_by_member(1))
    second = refused_by_the_blocklist(caseworker, post_by_member(2))
    assert first == second and Referral.objects.count() == 1
    assert first.evidence.count() == 2
    proceeding = referral_accept(safeguarding_lead, referral=first)
    assert proceeding.evidence.count() == 2
    # Once decided, a new request is a new referral.
    assert refused_by_the_blocklist(caseworker, post_by_member(3)) != first


@pytest.mark.parametrize("step", ["accept", "decline"])
def test_a_referral_another_lead_declined_cannot_be_decided_again(
    client: Client, caseworker: User, safeguarding_lead: User, step: str
) -> None:
    declared_member()
    referral = refused_by_the_blocklist(caseworker, post_by_member())
    referral_decline(safeguarding_lead, referral=referral, reason="Not a matter for discipline.")
    signed_in(client, safeguarding_lead)
    again = client.post(
        f"{QUEUE}{referral.pk}/{step}/",
        {
            f"accept-{referral.pk}-conduct": "harassment",
            f"accept-{referral.pk}-description": "Abusive replies to Cllr Shah.",
            f"decline-{referral.pk}-reason": "A second reason, written too late.",
        },
        follow=True,
    )
    assert again.redirect_chain == [(QUEUE, 302)]
    assert f"Referral {referral.reference} was already declined." in again.content.decode()
    referral.refresh_from_db()
    assert (referral.status, referral.decline_reason) == (
        ReferralStatus.DECLINED,
        "Not a matter for discipline.",
    )
    assert not Proceeding.objects.exists()


def test_a_lead_cannot_decide_a_referral_about_themselves(
    caseworker: User, safeguarding_lead: User
) -> None:
    lead = make_person("sam.lead@example.org", Role.SAFEGUARDING_LEAD)
    respondent = member_create(
        None,
        membership_number="M-101",
        given_name="Sam",
        family_name="Lead",
        joined_on=date(2020, 1, 1),
        user=lead,
    )
    referral = referral_make(
        caseworker,
        respondent=respondent,
        source=ReferralSource.BLOCKLIST,
        platform="bluesky",
        account_id="did:plc:samlead",
        reason="Abusive replies to a councillor.",
    )
    with pytest.raises(PartyCannotAct):
        referral_decline(lead, referral=referral, reason="Nothing in it.")
    with pytest.raises(PartyCannotAct):
        referral_accept(lead, referral=referral)
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.PENDING
    assert not Proceeding.objects.exists()
    referral_accept(safeguarding_lead, referral=referral)
    assert Proceeding.objects.filter(respondent=respondent).exists()
