"""The host's controls: the attendee list, withdrawing a place, and changing the password."""

from __future__ import annotations

import pytest
from django.core import mail
from django.test import Client, TestCase
from django.urls import reverse

from tests.conftest import signed_in
from tests.meetings.helpers import make_meeting, publish_conduct
from upstander.accounts.models import User
from upstander.audit.models import AuditEntry
from upstander.core.errors import NotPermitted
from upstander.meetings.errors import RegistrationRevoked, RevocationReasonRequired
from upstander.meetings.models import Meeting
from upstander.meetings.selectors import joining_details, registration_for_token
from upstander.meetings.services import (
    IssuedRegistration,
    meeting_password_rotate,
    registration_create,
    registration_revoke,
    registration_sign,
)
from upstander.policies.models import PolicyDocument

pytestmark = pytest.mark.django_db
capture_on_commit = TestCase.captureOnCommitCallbacks


def _admitted(meeting: Meeting, conduct: PolicyDocument, name: str) -> IssuedRegistration:
    email = f"{name.lower()}@example.org"
    issued = registration_create(None, meeting=meeting, name=name, email=email)
    registration_sign(None, registration=issued.registration, document=conduct, signed_name=name)
    return issued


def test_a_revoked_link_stops_showing_the_details(client: Client, caseworker: User) -> None:
    conduct = publish_conduct()
    meeting = make_meeting(caseworker)
    issued = _admitted(meeting, conduct, "Rowan")
    url = reverse("meetings:registration", args=[issued.token])
    assert meeting.password in client.get(url).content.decode()

    response = signed_in(Client(), caseworker).post(
        reverse("meetings:staff_revoke", args=[issued.registration.pk]),
        {"reason": "Abusive messages in the chat"},
    )
    assert response.status_code == 302
    page = client.get(url).content.decode()
    assert meeting.password not in page
    assert "withdrawn" in page
    issued.registration.refresh_from_db()
    assert joining_details(issued.registration) is None
    # Signing again, or registering again, does not bring the place back.
    with pytest.raises(RegistrationRevoked):
        registration_sign(
            None, registration=issued.registration, document=conduct, signed_name="Rowan"
        )
    with pytest.raises(RegistrationRevoked):
        registration_create(None, meeting=meeting, name="Rowan", email="rowan@example.org")


def test_revoking_needs_a_reason_and_the_host(caseworker: User, safeguarding_lead: User) -> None:
    conduct = publish_conduct()
    meeting = make_meeting(caseworker)
    issued = _admitted(meeting, conduct, "Rowan")
    with pytest.raises(RevocationReasonRequired):
        registration_revoke(caseworker, registration=issued.registration, reason=" ")
    other_host = User.objects.create_user("other@example.org")
    with pytest.raises(NotPermitted):
        registration_revoke(other_host, registration=issued.registration, reason="x")
    # A safeguarding lead may act on any meeting.
    registration_revoke(safeguarding_lead, registration=issued.registration, reason="Threats")
    issued.registration.refresh_from_db()
    assert issued.registration.is_revoked


def test_a_new_password_goes_only_to_admitted_people_with_fresh_links(caseworker: User) -> None:
    conduct = publish_conduct()
    meeting = make_meeting(caseworker)
    admitted = _admitted(meeting, conduct, "Rowan")
    waiting = registration_create(None, meeting=meeting, name="Wren", email="wren@example.org")
    revoked = _admitted(meeting, conduct, "Robin")
    registration_revoke(caseworker, registration=revoked.registration, reason="Disruption")
    old_password = meeting.password
    mail.outbox.clear()

    with capture_on_commit(execute=True):
        sent = meeting_password_rotate(caseworker, meeting=meeting)

    meeting.refresh_from_db()
    assert sent == 1
    assert meeting.password != old_password
    assert [m.to for m in mail.outbox] == [["rowan@example.org"]]
    assert meeting.password in mail.outbox[0].body
    # The admitted person's old link (maybe forwarded) is dead; the new mail has a new one.
    assert registration_for_token(admitted.token) is None
    assert "/meetings/place/" in mail.outbox[0].body
    # Someone still to sign keeps their link, and still sees no details.
    assert registration_for_token(waiting.token) is not None
    assert joining_details(waiting.registration) is None


def test_the_attendee_list_shows_who_signed_which_version(client: Client, caseworker: User) -> None:
    first = publish_conduct("First.")
    meeting = make_meeting(caseworker)
    _admitted(meeting, first, "Rowan")
    second = publish_conduct("Second.")
    _admitted(meeting, second, "Wren")
    page = signed_in(client, caseworker).get(reverse("meetings:staff_detail", args=[meeting.pk]))
    text = page.content.decode()
    assert page.status_code == 200
    assert "Version 1 as “Rowan”" in text
    assert "Version 2 as “Wren”" in text
    assert text.count("Admitted</span>") == 1
    assert text.count("Waiting for signature") == 1


def test_the_host_page_is_titled_by_its_meeting_and_shows_the_incident_form_once(
    client: Client, caseworker: User
) -> None:
    publish_conduct()
    meeting = make_meeting(caseworker)
    page = signed_in(client, caseworker).get(reverse("meetings:staff_detail", args=[meeting.pk]))
    text = page.content.decode()
    title = text.split("<title>", 1)[1].split("</title>", 1)[0]
    assert title == "Spring policy forum: host's page · Upstander"
    assert text.count("Report the incident</button>") == 1


def test_only_the_host_or_a_lead_sees_the_host_page(
    client: Client, caseworker: User, member: User, safeguarding_lead: User
) -> None:
    publish_conduct()
    meeting = make_meeting(caseworker)
    url = reverse("meetings:staff_detail", args=[meeting.pk])
    assert signed_in(client, member).get(url).status_code == 403
    assert signed_in(client, safeguarding_lead).get(url).status_code == 200
    assert signed_in(client, caseworker).get(url).status_code == 200
    response = signed_in(client, member).post(
        reverse("meetings:staff_rotate_password", args=[meeting.pk])
    )
    assert response.status_code == 403


def test_every_look_at_the_host_page_is_audited(
    client: Client, caseworker: User, member: User
) -> None:
    publish_conduct()
    meeting = make_meeting(caseworker)
    url = reverse("meetings:staff_detail", args=[meeting.pk])
    signed_in(client, caseworker).get(url)
    signed_in(client, caseworker).get(url)
    signed_in(client, member).get(url)  # refused: nothing seen, nothing to audit
    views = AuditEntry.objects.filter(verb="meeting.host_page_view")
    assert [(e.actor_user_id, e.target_id) for e in views] == [
        (caseworker.pk, str(meeting.pk)),
        (caseworker.pk, str(meeting.pk)),
    ]


def test_staff_create_a_meeting_from_the_form(client: Client, caseworker: User) -> None:
    publish_conduct()
    response = signed_in(client, caseworker).post(
        reverse("meetings:staff_list"),
        {
            "title": "Women's network AGM",
            "starts_at": "2099-05-01T19:00",
            "duration_minutes": "60",
            "platform": "jitsi",
            "join_link": "https://meet.jit.si/secret-room-42",
            "audience": "public",
        },
    )
    assert response.status_code == 302, response.content.decode()
    meeting = Meeting.objects.get()
    assert len(meeting.password) == 16
    assert meeting.guidance.startswith("Respect everyone")
    bad = client.post(
        reverse("meetings:staff_list"),
        {
            "title": "x",
            "starts_at": "2099-05-01T19:00",
            "duration_minutes": "60",
            "platform": "zoom",
            "join_link": "http://insecure.example.org/",
            "audience": "branch",
        },
    )
    assert bad.status_code == 400
    assert Meeting.objects.count() == 1


def test_the_attendee_list_takes_the_same_queries_for_many_people(
    caseworker: User, django_assert_max_num_queries: object
) -> None:
    from upstander.meetings.selectors import meeting_attendees

    conduct = publish_conduct()
    meeting = make_meeting(caseworker)
    for index in range(12):
        _admitted(meeting, conduct, f"Person{index}")
    with django_assert_max_num_queries(5):  # type: ignore[operator]
        rows = meeting_attendees(meeting)
    assert len(rows) == 12
    assert all(row.admitted and row.signed_version == 1 for row in rows)
