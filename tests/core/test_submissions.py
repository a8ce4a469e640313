"""A create form is sent once: its key is claimed with the create and refused after that."""

from __future__ import annotations

import threading
import time
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection, connections, transaction
from django.utils import timezone

from upstander.core.models import SubmissionKey
from upstander.core.submissions import AlreadySubmitted, submission_claim, submission_key_new

pytestmark = pytest.mark.django_db


def test_a_claimed_key_is_refused_again_and_points_to_what_the_first_made() -> None:
    key = submission_key_new()
    with transaction.atomic():
        submission_claim(key, kind="report").done(41)
    with pytest.raises(AlreadySubmitted) as refused, transaction.atomic():
        submission_claim(key, kind="report")
    assert refused.value.result_id == 41
    assert SubmissionKey.objects.count() == 1


def test_a_create_that_fails_releases_its_key_so_the_form_can_be_sent_again() -> None:
    key = submission_key_new()
    with pytest.raises(ValueError), transaction.atomic():
        submission_claim(key, kind="report")
        raise ValueError("the create was refused")
    with transaction.atomic():
        submission_claim(key, kind="report").done(7)
    assert SubmissionKey.objects.get().result_id == 7


def test_a_key_used_for_another_kind_of_form_points_nowhere() -> None:
    key = submission_key_new()
    with transaction.atomic():
        submission_claim(key, kind="report").done(3)
    with pytest.raises(AlreadySubmitted) as refused, transaction.atomic():
        submission_claim(key, kind="police_referral")
    assert refused.value.result_id is None


def test_code_that_passes_no_key_is_not_deduplicated() -> None:
    with transaction.atomic():
        submission_claim(None, kind="report").done(1)
    assert not SubmissionKey.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_a_key_is_claimed_only_inside_the_create_transaction() -> None:
    with pytest.raises(RuntimeError):
        submission_claim(submission_key_new(), kind="report")


def test_used_keys_are_pruned_with_the_task_results(settings) -> None:
    settings.TASKS_RESULT_RETENTION_DAYS = 7
    with transaction.atomic():
        submission_claim("old-" + submission_key_new(), kind="report")
        submission_claim("new-" + submission_key_new(), kind="report")
    SubmissionKey.objects.filter(key__startswith="old-").update(
        created_at=timezone.now() - timedelta(days=8)
    )
    out = StringIO()
    call_command("prune_task_results", stdout=out)
    assert "1 form submission keys" in out.getvalue()
    (kept,) = SubmissionKey.objects.values_list("key", flat=True)
    assert kept.startswith("new-")


@pytest.mark.django_db(transaction=True)
def test_of_two_simultaneous_sendings_only_one_creates() -> None:
    if connection.vendor == "sqlite":
        pytest.skip("SQLite's in-memory test database is one connection; PostgreSQL shows it")
    key = submission_key_new()
    both_ready = threading.Barrier(2)
    made: list[int] = []
    refused: list[int | None] = []
    errors: list[BaseException] = []

    def send(result_id: int) -> None:
        try:
            both_ready.wait()
            with transaction.atomic():
                claim = submission_claim(key, kind="report")
                time.sleep(0.3)  # the other sending arrives while this one is still open
                claim.done(result_id)
            made.append(result_id)
        except AlreadySubmitted as error:
            refused.append(error.result_id)
        except BaseException as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=send, args=(n,)) for n in (1, 2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert len(made) == 1 and refused == made
