"""Withdrawing a place can change the meeting password in the same step, so the person removed
no longer knows a working password; everyone still admitted is sent the new one."""

from __future__ import annotations

import pytest
from django.core import mail
from django.test import Client, TestCase
from django.urls import reverse

from tests.conftest import signed_in
from tests.meetings.helpers import make_meeting, publish_conduct
from upstander.accounts.models import User
from upstander.audit.models import AuditEntry
from upstander.meetings.models import Meeting, Registration
from upstander.meetings.services import (
    IssuedRegistration,
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


def test_withdrawing_a_place_can_change_the_password_the_person_removed_knows(
    caseworker: User,
) -> None:
    conduct = publish_conduct()
    meeting = make_meeting(caseworker)
    staying = _admitted(meeting, conduct, "Rowan")
    removed = _admitted(meeting, conduct, "Robin")
    known_to_robin = meeting.password
    mail.outbox.clear()

    with capture_on_commit(execute=True):
        registration_revoke(
            caseworker,
            registration=removed.registration,
            reason="Abuse in the chat",
            rotate_password=True,
        )

    meeting.refresh_from_db()
    assert meeting.password != known_to_robin
    assert meeting.password_rotated_at is not None
    assert [m.to for m in mail.outbox] == [[staying.registration.email]]
    assert meeting.password in mail.outbox[0].body
    # One step, with both changes on the record.
    revoke = AuditEntry.objects.get(verb="meeting.registration_revoke")
    rotate = AuditEntry.objects.get(verb="meeting.password_rotate")
    assert revoke.details == {"meeting": meeting.pk, "password_rotated": True}
    assert rotate.details == {"resent_to": 1}
    assert revoke.pk < rotate.pk


def test_withdrawing_a_place_without_asking_leaves_the_password_alone(caseworker: User) -> None:
    conduct = publish_conduct()
    meeting = make_meeting(caseworker)
    removed = _admitted(meeting, conduct, "Robin")
    password = meeting.password

    registration_revoke(caseworker, registration=removed.registration, reason="Left early")

    meeting.refresh_from_db()
    assert meeting.password == password
    assert not AuditEntry.objects.filter(verb="meeting.password_rotate").exists()


def test_the_revoke_form_offers_changing_the_password_ticked_by_default(
    client: Client, caseworker: User
) -> None:
    conduct = publish_conduct()
    meeting = make_meeting(caseworker)
    removed = _admitted(meeting, conduct, "Robin")
    page = signed_in(client, caseworker).get(reverse("meetings:staff_detail", args=[meeting.pk]))
    text = page.content.decode()
    pk = removed.registration.pk
    assert (
        f'<input type="checkbox" name="rotate_password" id="rotate-{pk}" value="on" checked>'
        in text
    )
    assert "Also change the password" in text
    # The page no longer asks the host to remember a second step.
    assert "withdraw their place above and change the password" not in text


def test_withdrawing_from_the_host_page_changes_the_password_when_ticked(
    client: Client, caseworker: User
) -> None:
    conduct = publish_conduct()
    meeting = make_meeting(caseworker)
    staying = _admitted(meeting, conduct, "Rowan")
    removed = _admitted(meeting, conduct, "Robin")
    password = meeting.password
    mail.outbox.clear()

    with capture_on_commit(execute=True):
        response = signed_in(client, caseworker).post(
            reverse("meetings:staff_revoke", args=[removed.registration.pk]),
            {"reason": "Threats in the chat", "rotate_password": "on"},
            follow=True,
        )

    meeting.refresh_from_db()
    assert meeting.password != password
    assert Registration.objects.get(pk=removed.registration.pk).is_revoked
    assert [m.to for m in mail.outbox] == [[staying.registration.email]]
    assert "The meeting has a new password" in response.content.decode()


def test_withdrawing_from_the_host_page_keeps_the_password_when_unticked(
    client: Client, caseworker: User
) -> None:
    conduct = publish_conduct()
    meeting = make_meeting(caseworker)
    removed = _admitted(meeting, conduct, "Robin")
    password = meeting.password

    response = signed_in(client, caseworker).post(
        reverse("meetings:staff_revoke", args=[removed.registration.pk]),
        {"reason": "Asked to leave"},
        follow=True,
    )

    meeting.refresh_from_db()
    assert meeting.password == password
    assert Registration.objects.get(pk=removed.registration.pk).is_revoked
    assert "The password is unchanged" in response.content.decode()
