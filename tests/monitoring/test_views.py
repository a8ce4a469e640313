"""The review queue page, author history, and the protected person's own monitoring page."""

from __future__ import annotations

import pytest

from tests.conftest import make_person, signed_in
from upstander.accounts.models import Member, Platform, Role
from upstander.monitoring.models import (
    BlockRequest,
    Delegation,
    MonitoringProfile,
    ReviewItem,
    ReviewStatus,
    WatchedAccount,
)

from .conftest import OTHER_WATCHED_DID, reply_to, watch, write_lines
from .test_pipeline import run, story

pytestmark = pytest.mark.django_db

QUEUE = "/staff/monitoring/"
INSULT = "you are a worthless pig, resign"


@pytest.fixture
def queued(following, tmp_path):
    run(story(tmp_path))
    return following


def test_the_queue_is_for_case_workers(client, member):
    assert signed_in(client, member).get(QUEUE).status_code == 403
    assert client.logout() is None
    assert client.get(QUEUE).status_code == 302


def test_a_case_worker_sees_only_the_people_they_follow(client, queued, tmp_path):
    other = make_person("sam.cllr@example.org", Role.PROTECTED_PERSON)
    watch(other, OTHER_WATCHED_DID, "sam.test")
    run(write_lines(tmp_path / "sam.jsonl", [reply_to(OTHER_WATCHED_DID, 9, "sam is awful")]))
    page = signed_in(client, queued).get(QUEUE).content.decode()
    assert "thank you for the surgery" in page
    assert "sam is awful" not in page


def test_abusive_text_is_blurred_until_revealed_and_calm_text_is_plain(client, queued):
    page = signed_in(client, queued).get(QUEUE).content.decode()
    assert '<details class="reveal">' in page
    assert f'<span class="blurred" aria-hidden="true">{INSULT}</span>' in page
    reveal = page.split(f'<span class="blurred" aria-hidden="true">{INSULT}</span>')[1]
    assert reveal.split("</details>")[0].count(INSULT) == 1  # the text to reveal
    calm = page.split("thank you for the surgery")[0].rsplit("<li", 1)[1]
    assert "<details" not in calm


def test_text_is_escaped(client, following, tmp_path):
    run(
        write_lines(
            tmp_path / "x.jsonl",
            [
                reply_to(
                    "did:plc:priyawatched000000000000", 5, "<script>alert(1)</script> you idiot"
                )
            ],
        )
    )
    page = signed_in(client, following).get(QUEUE).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_filters_narrow_the_queue(client, queued):
    client = signed_in(client, queued)
    high = client.get(QUEUE, {"band": "high"}).content.decode()
    assert INSULT in high
    assert "thank you for the surgery" not in high
    insults = client.get(QUEUE, {"label": "insult"}).content.decode()
    assert INSULT in insults
    assert "I know where you live" not in insults
    nobody = client.get(QUEUE, {"author": "someone-else"}).content.decode()
    assert "Nothing to review" in nobody


def test_bulk_dismiss_without_javascript_redirects_back(client, queued):
    ids = list(ReviewItem.objects.values_list("id", flat=True))
    response = signed_in(client, queued).post(
        QUEUE + "?band=", {"items": ids[:2], "action": "dismiss"}
    )
    assert response.status_code == 302
    assert ReviewItem.objects.filter(status=ReviewStatus.DISMISSED).count() == 2


def test_bulk_actions_with_htmx_return_the_refreshed_list_only(client, queued):
    ids = list(ReviewItem.objects.values_list("id", flat=True))
    response = signed_in(client, queued).post(
        QUEUE, {"items": ids, "action": "block"}, HTTP_HX_REQUEST="true"
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in page
    assert 'id="queue-results"' in page
    assert "Nothing to review" in page
    assert BlockRequest.objects.count() == 1


def test_selecting_nothing_is_refused_and_changes_nothing(client, queued):
    response = signed_in(client, queued).post(QUEUE, {"action": "dismiss"})
    assert response.status_code == 400
    assert "Select at least one post first." in response.content.decode()
    assert not ReviewItem.objects.exclude(status=ReviewStatus.NEW).exists()


def test_posts_of_people_one_does_not_follow_cannot_be_acted_on(client, queued):
    stranger = make_person("other.cw@example.org", Role.CASE_WORKER)
    from tests.conftest import enable_totp

    enable_totp(stranger)
    ids = list(ReviewItem.objects.values_list("id", flat=True))
    response = signed_in(client, stranger).post(QUEUE, {"items": ids, "action": "dismiss"})
    assert response.status_code == 400  # not among their queue's choices
    assert not ReviewItem.objects.exclude(status=ReviewStatus.NEW).exists()


def test_author_history_shows_earlier_posts_and_party_membership(client, queued):
    from datetime import date

    from upstander.accounts.services import handle_declare, member_create

    member = member_create(
        None,
        membership_number="M-77",
        given_name="Terry",
        family_name="Troll",
        joined_on=date(2020, 1, 1),
    )
    handle_declare(None, member=member, platform=Platform.BLUESKY, handle="did:plc:stranger")
    page = (
        signed_in(client, queued)
        .get("/staff/monitoring/authors/bluesky/did:plc:stranger/")
        .content.decode()
    )
    assert "Posts we stored (3)" in page
    assert "Terry Troll" in page
    assert Member.objects.count() == 1


def test_author_history_shows_a_case_worker_only_posts_aimed_at_people_they_follow(
    client, queued, safeguarding_lead, tmp_path
):
    other = make_person("sam.cllr@example.org", Role.PROTECTED_PERSON)
    watch(other, OTHER_WATCHED_DID, "sam.test")
    run(
        write_lines(
            tmp_path / "sam.jsonl",
            [reply_to(OTHER_WATCHED_DID, 9, "sam is awful", author="did:plc:stranger")],
        )
    )
    author = "/staff/monitoring/authors/bluesky/did:plc:stranger/"
    page = signed_in(client, queued).get(author).content.decode()
    assert "Posts we stored (3)" in page  # those aimed at Priya, whom they follow
    assert "sam is awful" not in page
    page = signed_in(client, safeguarding_lead).get(author).content.decode()
    assert "Posts we stored (4)" in page  # a lead oversees every queue
    assert "sam is awful" in page


def test_a_lead_assigns_a_case_worker_on_the_people_page(
    client, watched, safeguarding_lead, caseworker
):
    response = signed_in(client, safeguarding_lead).post(
        "/staff/monitoring/people/", {"person": watched.person.pk, "delegate": caseworker.pk}
    )
    assert response.status_code == 302
    assert Delegation.objects.get().delegate == caseworker


def test_the_person_revokes_consent_from_their_page(client, watched):
    client = signed_in(client, watched.person)
    assert "priya.test" in client.get("/monitoring/").content.decode()
    client.post(f"/monitoring/accounts/{watched.pk}/revoke/")
    assert WatchedAccount.objects.get().revoked_at is not None


@pytest.mark.parametrize(
    "next_",
    [
        "https://evil.example/phish",
        "//evil.example/phish",
        "javascript:alert(1)",
        "\\\\evil.example",
    ],
)
def test_revoking_never_redirects_off_the_site(client, watched, next_):
    client = signed_in(client, watched.person)
    response = client.post(f"/monitoring/accounts/{watched.pk}/revoke/", {"next": next_})
    assert response.status_code == 302
    assert response["Location"] == "/monitoring/"


def test_revoking_returns_to_a_page_on_this_site(client, watched):
    client = signed_in(client, watched.person)
    response = client.post(
        f"/monitoring/accounts/{watched.pk}/revoke/", {"next": "/staff/monitoring/people/"}
    )
    assert response["Location"] == "/staff/monitoring/people/"


def test_the_person_sets_their_alert_threshold_and_stops_a_case_worker_following(
    client, watched, following
):
    client = signed_in(client, watched.person)
    assert client.post("/monitoring/threshold/", {"threshold": "0.8"}).status_code == 302
    assert MonitoringProfile.objects.get(person=watched.person).alert_threshold == 0.8
    delegation = Delegation.objects.get(delegate=following)
    response = client.post(f"/monitoring/delegates/{delegation.pk}/end/")
    assert response["Location"] == "/monitoring/"
    delegation.refresh_from_db()
    assert delegation.ended_at is not None
    assert delegation.ended_by == watched.person


def test_only_protected_people_have_a_monitoring_page(client, member):
    assert signed_in(client, member).get("/monitoring/").status_code == 403


def test_an_htmx_bulk_action_with_nothing_selected_is_refused_in_plain_words(client, queued):
    response = signed_in(client, queued).post(QUEUE, {"action": "dismiss"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/plain")
    assert response.content.decode() == "Select at least one post first."
    assert not ReviewItem.objects.exclude(status=ReviewStatus.NEW).exists()


def test_an_htmx_bulk_action_on_a_post_already_handled_is_refused_and_changes_nothing(
    client, queued
):
    client = signed_in(client, queued)
    handled, *rest = ReviewItem.objects.values_list("id", flat=True)
    client.post(QUEUE, {"items": [handled], "action": "dismiss"}, HTTP_HX_REQUEST="true")
    response = client.post(
        QUEUE, {"items": [handled, *rest], "action": "block"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 400
    assert "no longer in your queue (it may have been handled already)" in (
        response.content.decode()
    )
    assert not BlockRequest.objects.exists()
    assert ReviewItem.objects.filter(status=ReviewStatus.NEW).count() == len(rest)


def test_an_htmx_request_refused_for_its_role_gets_the_reason_as_text(client, member):
    response = signed_in(client, member).get(QUEUE, HTTP_HX_REQUEST="true")
    assert response.status_code == 403
    assert response["Content-Type"].startswith("text/plain")
    assert response.content.decode() == "The review queue is for case workers."
