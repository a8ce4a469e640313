"""Retention: the posts nobody acted on, and the dead letters, are deleted after
MONITORING_RETENTION_DAYS; anything acted on, or still to review, stays."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from io import StringIO
from pathlib import Path

import pytest
import time_machine
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.utils import timezone

from tests.conftest import make_person
from tests.platforms.jetstream_events import post_event
from upstander.accounts.models import Role
from upstander.audit.models import AuditEntry
from upstander.cases.models import Case
from upstander.core.errors import NotPermitted
from upstander.evidence.models import EvidenceItem
from upstander.monitoring.models import (
    Alert,
    Band,
    BlockRequest,
    DeadLetter,
    MonitoredPost,
    MonitorSource,
    ReviewItem,
    ReviewStatus,
)
from upstander.monitoring.selectors import dead_letter_count
from upstander.monitoring.services import (
    dead_letters_prune,
    monitored_posts_prune,
    monitoring_threshold_set,
    review_dismiss,
    review_open_case,
    review_request_block,
)
from upstander.monitoring.tasks import prune_monitoring

from .conftest import OTHER_WATCHED_DID, WATCHED_DID, reply_to, watch, write_lines
from .test_dead_letters import run

pytestmark = pytest.mark.django_db

KIND = "thank you for the surgery on saturday"
INSULT = "you are a worthless pig, resign"
THREAT = "I know where you live and I will find you"


def replies(tmp_path: Path, *texts: str) -> list[MonitoredPost]:
    """Replies to the watched account, through the monitor; the stored posts, in order."""
    numbered = list(enumerate(texts, 1))
    path = tmp_path / "replies.jsonl"
    run(write_lines(path, [reply_to(WATCHED_DID, n, text) for n, text in numbered]))
    return [MonitoredPost.objects.get(uri__endswith=f"/r{n:06d}") for n, _ in numbered]


def item_of(post: MonitoredPost) -> ReviewItem:
    return ReviewItem.objects.get(post=post)


def days_on(days: int) -> datetime:
    return timezone.now() + timedelta(days=days)


def kept(*posts: MonitoredPost) -> bool:
    return MonitoredPost.objects.filter(pk__in=[post.pk for post in posts]).count() == len(posts)


def test_a_post_nobody_acted_on_is_deleted_after_the_retention_period(watched, tmp_path):
    [post] = replies(tmp_path, KIND)
    assert post.band == Band.LOW and item_of(post).status == ReviewStatus.NEW

    assert monitored_posts_prune(None, now=days_on(89)).posts == 0
    assert kept(post)

    pruned = monitored_posts_prune(None, now=days_on(91))
    assert (pruned.posts, pruned.review_items) == (1, 1)
    assert not MonitoredPost.objects.exists() and not ReviewItem.objects.exists()


def test_a_post_flagged_for_profanity_alone_counts_as_never_flagged(watched, tmp_path):
    [post] = replies(tmp_path, "fucking brilliant speech today, well done")
    assert post.band == Band.LOW and post.flagged_label_list == ["profanity"]

    assert monitored_posts_prune(None, now=days_on(91)).posts == 1


def test_a_flagged_post_dismissed_without_action_is_deleted_after_the_retention_period(
    following, tmp_path
):
    [post] = replies(tmp_path, INSULT)
    assert post.band == Band.HIGH and Alert.objects.filter(item__post=post).exists()
    review_dismiss(following, item_ids=[item_of(post).pk])

    pruned = monitored_posts_prune(None, now=days_on(91))

    assert (pruned.posts, pruned.review_items, pruned.alerts) == (1, 1, 1)
    assert not MonitoredPost.objects.exists() and not Alert.objects.exists()


def test_a_post_that_became_evidence_or_awaits_review_is_kept(following, tmp_path):
    evidence, awaiting = replies(tmp_path, INSULT, THREAT)
    assert awaiting.band != Band.LOW
    [case_id] = review_open_case(following, item_ids=[item_of(evidence).pk], summary="Abuse")

    assert monitored_posts_prune(None, now=days_on(1000)).posts == 0

    assert kept(evidence, awaiting)
    assert item_of(evidence).case_id == case_id and item_of(awaiting).status == ReviewStatus.NEW
    assert Case.objects.get(pk=case_id).evidence.count() == EvidenceItem.objects.count() == 1


def test_a_post_whose_author_someone_asked_to_block_is_kept(following, tmp_path):
    [post] = replies(tmp_path, INSULT)
    review_request_block(following, item_ids=[item_of(post).pk])

    assert monitored_posts_prune(None, now=days_on(1000)).posts == 0
    assert kept(post) and BlockRequest.objects.get().posts.get() == post


def test_a_post_in_a_pending_block_request_is_kept_even_if_its_queue_dismissed_it(
    following, tmp_path
):
    [post] = replies(tmp_path, KIND)
    review_dismiss(following, item_ids=[item_of(post).pk])
    # The review queue hands a request on in the same transaction; one left waiting is the
    # blocking team's to finish, so its posts must still be there.
    request = BlockRequest.objects.create(
        platform=post.platform, author_id=post.author_id, person=following.follows.get().person
    )
    request.posts.add(post)

    assert monitored_posts_prune(None, now=days_on(1000)).posts == 0
    assert kept(post)


@pytest.mark.parametrize(
    "status", [ReviewStatus.HIDDEN, ReviewStatus.DELETED, ReviewStatus.AUTHOR_BANNED]
)
def test_a_post_acted_on_at_the_platform_is_kept(watched, tmp_path, status):
    [post] = replies(tmp_path, KIND)
    # What `review_moderate` records once the platform did it (its own tests cover the call).
    ReviewItem.objects.filter(post=post).update(status=status, decided_at=timezone.now())

    assert monitored_posts_prune(None, now=days_on(1000)).posts == 0
    assert kept(post)


def test_a_post_the_platform_refused_to_act_on_is_kept(watched, tmp_path):
    [post] = replies(tmp_path, KIND)
    # What `review_moderate` records when the platform refused: it stays to review, with why.
    ReviewItem.objects.filter(post=post).update(refusal="The page token has expired.")

    assert monitored_posts_prune(None, now=days_on(1000)).posts == 0
    assert kept(post)


def test_a_low_scored_post_that_raised_an_alert_is_flagged_and_kept_while_it_awaits_review(
    watched, tmp_path
):
    monitoring_threshold_set(None, person=watched.person, threshold=0.0)
    [post] = replies(tmp_path, KIND)
    assert post.band == Band.LOW and Alert.objects.filter(item__post=post).exists()

    assert monitored_posts_prune(None, now=days_on(1000)).posts == 0
    assert kept(post)


def test_a_flagged_post_is_kept_until_every_person_it_was_aimed_at_has_had_it_reviewed(
    watched, safeguarding_lead, tmp_path
):
    sam = make_person("sam@example.org", Role.PROTECTED_PERSON)
    watch(sam, OTHER_WATCHED_DID, "sam.test")
    event = post_event(
        did="did:plc:stranger",
        rkey="both",
        text=f"@sam.test {INSULT}",
        time_us=1_760_000_000_000_000,
        reply_to=f"at://{WATCHED_DID}/app.bsky.feed.post/root1",
        mention=(OTHER_WATCHED_DID, "@sam.test"),
    )
    run(write_lines(tmp_path / "both.jsonl", [event]))
    post = MonitoredPost.objects.get()
    for_priya, for_sam = (ReviewItem.objects.get(person=person) for person in (watched.person, sam))
    review_dismiss(safeguarding_lead, item_ids=[for_priya.pk])

    assert monitored_posts_prune(None, now=days_on(91)).posts == 0
    assert kept(post)

    review_dismiss(safeguarding_lead, item_ids=[for_sam.pk])
    assert monitored_posts_prune(None, now=days_on(91)).posts == 1


def test_a_dismissal_starts_the_retention_period_again(following, tmp_path):
    stored = timezone.now()
    [post] = replies(tmp_path, KIND)
    with time_machine.travel(stored + timedelta(days=80), tick=False):
        review_dismiss(following, item_ids=[item_of(post).pk])

    assert monitored_posts_prune(None, now=stored + timedelta(days=91)).posts == 0
    assert monitored_posts_prune(None, now=stored + timedelta(days=171)).posts == 1


def test_dead_letters_are_deleted_after_the_retention_period(watched, tmp_path):
    def set_aside(name: str) -> None:
        unreadable = reply_to(WATCHED_DID, 1, "too long a key")
        unreadable["commit"]["rkey"] = "k" * 5000  # longer than any post address we keep
        run(write_lines(tmp_path / f"{name}.jsonl", [unreadable]))

    stored = timezone.now()
    set_aside("old")
    with time_machine.travel(stored + timedelta(days=60), tick=False):
        set_aside("recent")
    assert dead_letter_count() == 2

    assert dead_letters_prune(None, now=stored + timedelta(days=91)) == 1

    assert dead_letter_count() == 1  # what the leads see on the queue and the sources page
    assert DeadLetter.objects.get().source.endswith("recent.jsonl")


def test_pruning_goes_in_batches_each_audited_with_counts_and_never_a_strangers_words(
    watched, tmp_path
):
    texts = [f"{KIND}, see you on the {n}th" for n in range(5)]
    posts = replies(tmp_path, *texts)

    pruned = monitored_posts_prune(None, now=days_on(91), batch_size=2)

    assert (pruned.posts, pruned.batches) == (5, 3)
    entries = list(AuditEntry.objects.filter(verb="monitoring.posts_prune").order_by("sequence"))
    assert [entry.details["posts"] for entry in entries] == [2, 2, 1]
    for entry in entries:
        assert set(entry.details) == {"posts", "review_items", "alerts", "stored_before", "by"}
        assert entry.details["by"] == "system"
    written = json.dumps([(entry.target_id, entry.details) for entry in entries])
    for post in posts:
        assert post.text not in written and post.author_id not in written
        assert str(post.pk) not in [entry.target_id for entry in entries]


def test_a_run_with_nothing_past_retention_changes_and_records_nothing(watched, tmp_path):
    replies(tmp_path, KIND)
    entries = AuditEntry.objects.count()

    assert monitored_posts_prune(None, now=days_on(30)).posts == 0
    assert dead_letters_prune(None, now=days_on(30)) == 0
    assert AuditEntry.objects.count() == entries


def test_the_retention_period_is_monitoring_retention_days(settings, watched, tmp_path):
    settings.MONITORING_RETENTION_DAYS = 7
    replies(tmp_path, KIND)
    assert monitored_posts_prune(None, now=days_on(8)).posts == 1

    settings.MONITORING_RETENTION_DAYS = 0
    with pytest.raises(ImproperlyConfigured):
        monitored_posts_prune(None, now=days_on(8))


def test_only_a_safeguarding_lead_or_the_system_prunes(following, safeguarding_lead, tmp_path):
    replies(tmp_path, KIND)
    with pytest.raises(NotPermitted):
        monitored_posts_prune(following, now=days_on(91))
    with pytest.raises(NotPermitted):
        dead_letters_prune(following, now=days_on(91))

    assert monitored_posts_prune(safeguarding_lead, now=days_on(91)).posts == 1
    entry = AuditEntry.objects.get(verb="monitoring.posts_prune")
    assert entry.actor_user_id == safeguarding_lead.pk and entry.details["by"] == "person"


def test_the_monitors_own_counts_survive_pruning(watched, tmp_path):
    replies(tmp_path, KIND, INSULT)
    before = list(MonitorSource.objects.values_list("events_seen", "posts_stored"))

    assert monitored_posts_prune(None, now=days_on(91)).posts == 1

    assert list(MonitorSource.objects.values_list("events_seen", "posts_stored")) == before


def test_the_daily_task_prunes_and_a_second_run_the_same_day_finds_nothing(watched, tmp_path):
    [kind, insult] = replies(tmp_path, KIND, INSULT)
    with time_machine.travel(days_on(91), tick=False):
        first = prune_monitoring.enqueue().return_value
        second = prune_monitoring.enqueue().return_value

    assert first == {"posts": 1, "review_items": 1, "alerts": 0, "dead_letters": 0}
    assert second == {"posts": 0, "review_items": 0, "alerts": 0, "dead_letters": 0}
    assert kept(insult) and not kept(kind)


def test_the_command_prints_each_batch_and_what_it_deleted(watched, tmp_path):
    replies(tmp_path, KIND, f"{KIND} again")
    out = StringIO()

    with time_machine.travel(days_on(91), tick=False):
        call_command("prune_monitoring", "--batch-size", "1", stdout=out)

    lines = out.getvalue().splitlines()
    assert lines[:2] == [
        "posts: batch 1, 1 deleted (1 so far)",
        "posts: batch 2, 1 deleted (2 so far)",
    ]
    assert lines[2].startswith("Deleted 2 post(s) nobody acted on (with 2 queue item(s)")
    assert "retention 90 days" in lines[2]
