from __future__ import annotations

from datetime import date

import pytest

from tests.cases.helpers import PNG, consulted_case, reported_case
from upstander.accounts.models import Member, Platform
from upstander.accounts.services import handle_declare, member_create
from upstander.cases.errors import NoAccountToBlock
from upstander.cases.models import CaseAction, PendingBlock, PendingReferral, Route
from upstander.cases.selectors import linked_cases
from upstander.cases.services import case_action_take, case_open_from_review
from upstander.evidence.services import evidence_capture_file, evidence_capture_post


def _member_with_handle(handle: str) -> Member:
    member = member_create(
        None,
        membership_number="M-9",
        given_name="Jo",
        family_name="Brennan",
        joined_on=date(2020, 1, 1),
    )
    handle_declare(None, member=member, platform=Platform.BLUESKY, handle=handle)
    return member


@pytest.mark.django_db
def test_a_members_account_is_routed_to_discipline_and_others_to_block(caseworker):
    member = _member_with_handle("jo.bsky.social")
    case = consulted_case(caseworker, accounts=("@Jo.bsky.social", "troll.bsky.social"))
    routes = dict(case.offending_accounts.values_list("handle", "route"))
    assert routes == {"jo.bsky.social": Route.MEMBER, "troll.bsky.social": Route.BLOCK}
    case_action_take(caseworker, case=case, kind="block")
    block = PendingBlock.objects.get()
    referral = PendingReferral.objects.get()
    assert (block.platform, block.handle, block.case_id) == (
        "bluesky",
        "troll.bsky.social",
        case.pk,
    )
    assert referral.member == member and referral.handle == "jo.bsky.social"
    # The person consented to the panel seeing the evidence, so the referral carries it.
    assert referral.evidence_ids == block.evidence_ids == [case.report.evidence.get().pk]  # type: ignore[union-attr]


@pytest.mark.django_db
def test_a_member_is_never_blocked_silently(caseworker):
    _member_with_handle("jo.bsky.social")
    case = consulted_case(caseworker, accounts=("jo.bsky.social",))
    case_action_take(caseworker, case=case, kind="block")
    assert not PendingBlock.objects.exists()
    assert PendingReferral.objects.count() == 1


@pytest.mark.django_db
def test_without_panel_consent_the_referral_carries_no_evidence(safeguarding_lead):
    _member_with_handle("jo.bsky.social")
    case = consulted_case(
        safeguarding_lead,
        wishes=("disciplinary",),
        consent_panel=False,
        accounts=("jo.bsky.social",),
    )
    case_action_take(
        safeguarding_lead,
        case=case,
        kind="disciplinary",
        safeguarding_reason="The member threatened two other councillors too.",
    )
    assert PendingReferral.objects.get().evidence_ids == [case.report.evidence.get().pk]  # type: ignore[union-attr]


@pytest.mark.django_db
def test_cases_sharing_an_offending_account_are_linked(caseworker):
    first = reported_case(caseworker, accounts=("troll.bsky.social",))
    second = reported_case(caseworker, accounts=("@troll.bsky.social", "other.bsky.social"))
    third = reported_case(caseworker, accounts=("unrelated.bsky.social",))
    assert [case.pk for case in linked_cases(first)] == [second.pk]
    assert third.pk not in [case.pk for case in linked_cases(second)]


@pytest.mark.django_db
def test_the_review_queue_opens_a_case_with_the_post_as_evidence(caseworker, protected_person):
    post = evidence_capture_post(
        None,
        platform="bluesky",
        uri="at://did:plc:xyz/app.bsky.feed.post/9",
        url="https://bsky.app/profile/troll.bsky.social/post/9",
        author_handle="troll.bsky.social",
        author_id="did:plc:xyz",
        text="Nobody wants you here.",
        posted_at=None,
        raw={},
    )
    shot = evidence_capture_file(caseworker, data=PNG, filename="shot.png")
    case = case_open_from_review(
        caseworker,
        protected_person=protected_person,
        evidence=[post, shot],
        summary="Abusive reply to the councillor.",
        offending_accounts=[("bluesky", "did:plc:xyz")],
    )
    assert case.state == "new" and case.platform == "bluesky"
    assert case.protected_person == protected_person and case.assigned_to == caseworker
    assert set(case.evidence.values_list("pk", flat=True)) == {post.pk, shot.pk}
    account = case.offending_accounts.get()
    assert account.stable_id == "did:plc:xyz" and account.route == Route.BLOCK


@pytest.mark.django_db
def test_a_block_route_is_handed_to_the_blocklist_to_wait_for_approval(caseworker):
    from upstander.blocking.models import BlockEntry

    case = consulted_case(caseworker, accounts=("did:plc:trollaccount",))
    case_action_take(caseworker, case=case, kind="block")
    entry = BlockEntry.objects.get()
    assert (entry.account_id, entry.case_id, entry.status) == (
        "did:plc:trollaccount",
        case.pk,
        "requested",
    )
    assert PendingBlock.objects.get().status == "fulfilled"


@pytest.mark.django_db
def test_an_account_that_cannot_be_looked_up_waits_on_the_blocklist_with_its_reason(caseworker):
    from upstander.blocking.models import BlockEntry, BlockHandover

    case = consulted_case(caseworker, accounts=("troll.bsky.social",))
    case_action_take(caseworker, case=case, kind="block")
    assert not BlockEntry.objects.exists()
    pending = PendingBlock.objects.get()
    assert pending.status == "fulfilled"  # handed to the blocklist, which keeps trying
    handover = BlockHandover.objects.get(source_ref=pending.blocklist_ref)
    assert (handover.state, handover.case_id) == ("needs_stable_id", case.pk)
    assert "stable id" in handover.last_error and handover.next_attempt_at is not None


@pytest.mark.django_db
def test_a_member_route_reaches_the_leads_queue_and_accepting_opens_the_complaint(
    caseworker, safeguarding_lead, protected_person
):
    from upstander.discipline.models import Proceeding
    from upstander.discipline.selectors import referral_queue
    from upstander.discipline.services import referral_accept

    member = _member_with_handle("jo.bsky.social")
    case = consulted_case(
        caseworker,
        protected_person,
        wishes=("block", "disciplinary"),
        accounts=("jo.bsky.social",),
    )
    case_action_take(caseworker, case=case, kind="block")
    assert not Proceeding.objects.exists()  # the lead decides, from the queue
    assert PendingReferral.objects.get().status == "fulfilled"
    [waiting] = referral_queue(safeguarding_lead)
    referral = waiting.referral
    assert (referral.respondent, referral.source, referral.source_case_id) == (
        member,
        "case",
        case.pk,
    )
    # They asked for a complaint, so they are its complainant.
    assert referral.complainant_user == protected_person
    assert [item.pk for item in waiting.evidence] == [case.report.evidence.get().pk]  # type: ignore[union-attr]

    proceeding = referral_accept(safeguarding_lead, referral=referral)
    assert (proceeding.respondent, proceeding.source_case_id) == (member, case.pk)
    assert proceeding.complainant_user == protected_person
    assert list(proceeding.evidence.values_list("item_id", flat=True)) == [
        case.report.evidence.get().pk  # type: ignore[union-attr]
    ]
    assert list(Proceeding.objects.all()) == [proceeding]


@pytest.mark.django_db
def test_member_block_request_never_names_a_victim_who_refused(
    caseworker, safeguarding_lead, protected_person
):
    """A block wish is no consent to a complaint: the member's account waits as a referral on
    the case; a lead's override refers it in the party's name, so no letter reaches them."""
    from django.core import mail

    from upstander.discipline.models import Letter, Proceeding, Referral
    from upstander.discipline.services import referral_accept

    _member_with_handle("jo.bsky.social")
    case = consulted_case(
        caseworker,
        protected_person,
        wishes=("block",),
        consent_panel=False,
        accounts=("jo.bsky.social",),
    )
    case_action_take(caseworker, case=case, kind="block")
    assert not Proceeding.objects.exists() and not Referral.objects.exists()
    pending = PendingReferral.objects.get()
    assert (pending.status, pending.evidence_ids) == ("pending", [])

    case_action_take(
        safeguarding_lead,
        case=case,
        kind="disciplinary",
        safeguarding_reason="The member has threatened three other councillors this month.",
    )
    pending.refresh_from_db()
    assert pending.status == "fulfilled"
    referral = Referral.objects.get()
    assert referral.complainant_user is None and referral.source_case_id == case.pk
    proceeding = referral_accept(safeguarding_lead, referral=referral)
    assert proceeding.complainant_user is None and proceeding.source_case_id == case.pk
    assert not Letter.objects.filter(proceeding=proceeding, recipient="complainant").exists()
    assert all(protected_person.email not in message.to for message in mail.outbox)


@pytest.mark.django_db
def test_a_block_on_a_case_that_names_no_account_is_refused_and_nothing_is_recorded(caseworker):
    case = consulted_case(caseworker, accounts=())
    with pytest.raises(NoAccountToBlock, match="names no account to block"):
        case_action_take(caseworker, case=case, kind="block")
    assert not CaseAction.objects.filter(case=case).exists()  # the person is told nothing false
    assert not PendingBlock.objects.exists()
