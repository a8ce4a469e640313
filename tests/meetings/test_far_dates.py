"""A meeting dated at the edge of the calendar (year 9999) is refused when it is made, and one
already stored still takes registrations without a server error (issue 14)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.test import Client
from django.urls import reverse

from tests.conftest import signed_in
from tests.meetings.helpers import JOIN_LINK, make_meeting, publish_conduct
from upstander.accounts.models import User
from upstander.meetings.models import Meeting, Registration

pytestmark = pytest.mark.django_db

YEAR_9999 = datetime(9999, 12, 31, 23, 0, tzinfo=UTC)


def test_registering_for_a_meeting_dated_in_year_9999_is_no_server_error(client: Client) -> None:
    publish_conduct()
    meeting = make_meeting()
    Meeting.objects.filter(pk=meeting.pk).update(starts_at=YEAR_9999)  # stored before the check
    response = client.post(
        reverse("meetings:detail", args=[meeting.pk]),
        {"name": "Rowan Visitor", "email": "rowan@example.org"},
    )
    assert response.status_code < 500
    place = client.get(response["Location"]) if response.status_code == 302 else response
    assert place.status_code < 500


def test_a_meeting_cannot_be_set_in_year_9999(client: Client, caseworker: User) -> None:
    publish_conduct()
    signed_in(client, caseworker)
    before = Meeting.objects.count()
    response = client.post(
        reverse("meetings:staff_list"),
        {
            "title": "Far future",
            "starts_at": "9999-12-31T23:59",
            "duration_minutes": "90",
            "platform": "zoom",
            "join_link": JOIN_LINK,
            "audience": "public",
        },
    )
    assert response.status_code == 400
    assert 'id="id_starts_at_error"' in response.content.decode()
    assert Meeting.objects.count() == before
    assert not Registration.objects.exists()
