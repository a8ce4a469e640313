"""Bulk decisions on the queue: dismiss, request a block, open a case with the posts as evidence."""

from __future__ import annotations

import pytest

from upstander.cases.models import Case
from upstander.core.errors import NotPermitted
from upstander.evidence.models import EvidenceItem
from upstander.monitoring.errors import AlreadyDecided, NothingSelected
from upstander.monitoring.models import BlockRequest, ReviewItem, ReviewStatus
from upstander.monitoring.services import (
    review_dismiss,
    review_open_case,
    review_request_block,
)

from .test_pipeline import run, story

pytestmark = pytest.mark.django_db


@pytest.fixture
def queued(following, tmp_path):
    run(story(tmp_path))
    return list(ReviewItem.objects.order_by("id").values_list("id", flat=True))


def test_a_follower_dismisses_posts_in_bulk(following, queued):
    assert review_dismiss(following, item_ids=queued[:2]) == 2
    assert list(
        ReviewItem.objects.filter(status=ReviewStatus.NEW).values_list("id", flat=True)
    ) == [queued[2]]


def test_a_case_worker_who_does_not_follow_the_person_may_not_act(queued, safeguarding_lead):
    from tests.conftest import make_person
    from upstander.accounts.models import Role

    stranger = make_person("other.caseworker@example.org", Role.CASE_WORKER)
    with pytest.raises(NotPermitted):
        review_dismiss(stranger, item_ids=queued)
    assert review_dismiss(safeguarding_lead, item_ids=queued) == 3  # leads oversee every queue


def test_posts_already_handled_are_not_handled_twice(following, queued):
    review_dismiss(following, item_ids=queued[:1])
    with pytest.raises(AlreadyDecided):
        review_request_block(following, item_ids=queued)
    assert not BlockRequest.objects.exists()


def test_nothing_selected_changes_nothing(following, queued):
    with pytest.raises(NothingSelected):
        review_dismiss(following, item_ids=[])


def test_requesting_a_block_puts_the_author_on_the_blocklist_with_the_posts_as_evidence(
    following, queued
):
    from upstander.blocking.models import BlockEntry

    [request] = review_request_block(following, item_ids=queued)
    assert request.author_id == "did:plc:stranger"
    assert request.status == "done"
    assert request.posts.count() == 3
    assert set(ReviewItem.objects.values_list("status", flat=True)) == {
        ReviewStatus.BLOCK_REQUESTED
    }
    entry = BlockEntry.objects.get(account_id="did:plc:stranger")
    assert entry.status == "requested"
    assert entry.evidence.count() == 3


def test_a_post_by_a_member_reaches_the_leads_queue_not_the_blocklist(
    following, queued, administrator, safeguarding_lead
):
    from datetime import date

    from upstander.accounts.models import Platform
    from upstander.accounts.services import handle_declare, member_create
    from upstander.blocking.models import BlockEntry
    from upstander.discipline.selectors import referral_queue
    from upstander.discipline.services import referral_accept

    member = member_create(
        administrator,
        membership_number="M-77",
        given_name="Sam",
        family_name="Stranger",
        joined_on=date(2020, 1, 1),
    )
    handle_declare(
        administrator, member=member, platform=Platform.BLUESKY, handle="did:plc:stranger"
    )
    [request] = review_request_block(following, item_ids=queued)
    assert request.status == "declined"
    assert not BlockEntry.objects.exists()
    [waiting] = referral_queue(safeguarding_lead)
    referral = waiting.referral
    assert (referral.respondent, referral.source, referral.source_ref) == (
        member,
        "review_queue",
        f"review:{request.pk}",
    )
    assert len(waiting.evidence) == 3 and referral.complainant_user is None
    proceeding = referral_accept(safeguarding_lead, referral=referral)
    assert proceeding.respondent == member and proceeding.complainant_user is None
    assert proceeding.evidence.count() == 3


def test_creating_a_case_turns_the_posts_into_evidence(following, queued):
    [case_id] = review_open_case(following, item_ids=queued[:2], summary="Insults after the debate")
    case = Case.objects.get(pk=case_id)
    assert case.protected_person == ReviewItem.objects.get(pk=queued[0]).person
    evidence = list(EvidenceItem.objects.filter(cases=case))
    assert len(evidence) == 2
    assert all(len(item.sha256) == 64 and item.uri.startswith("at://") for item in evidence)
    assert set(ReviewItem.objects.filter(pk__in=queued[:2]).values_list("case_id", flat=True)) == {
        case_id
    }
