"""No way round the code-of-conduct gate: a barred member known by their login, a withdrawn
place claimed again under a new address, and pages with the password kept by a browser."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client, TestCase
from django.urls import reverse

from tests.conftest import make_person
from tests.meetings.helpers import make_meeting, make_member, publish_conduct
from upstander.accounts.models import MembershipStatus, Role, User
from upstander.accounts.services import member_create, member_status_set
from upstander.meetings.errors import MembershipNotInGoodStanding, RegistrationRevoked
from upstander.meetings.models import Audience, Registration
from upstander.meetings.selectors import joining_details
from upstander.meetings.services import (
    registration_create,
    registration_revoke,
    registration_sign,
)

pytestmark = pytest.mark.django_db
capture_on_commit = TestCase.captureOnCommitCallbacks


def _member_known_by_login_only(status: MembershipStatus) -> User:
    """A register entry with no email of its own: the member is reached through their login
    (a supported state: the welcome pack falls back to the login's address)."""
    user = make_person("kit.login@example.org", Role.MEMBER)
    member_create(
        None,
        membership_number="M-77",
        given_name="Kit",
        family_name="Login",
        joined_on=date(2024, 1, 1),
        email="",
        status=status,
        user=user,
    )
    return user


@pytest.mark.parametrize("status", [MembershipStatus.SUSPENDED, MembershipStatus.EXPELLED])
def test_barred_member_cannot_register_signed_out_with_their_login_email(
    status: MembershipStatus,
) -> None:
    publish_conduct()
    user = _member_known_by_login_only(status)
    meeting = make_meeting(audience=Audience.PUBLIC)
    with pytest.raises(MembershipNotInGoodStanding):
        registration_create(None, meeting=meeting, name="Kit", email=user.email)


def test_member_suspended_after_registering_signed_out_loses_the_details(
    administrator: User,
) -> None:
    conduct = publish_conduct()
    user = _member_known_by_login_only(MembershipStatus.ACTIVE)
    meeting = make_meeting(audience=Audience.PUBLIC)
    issued = registration_create(None, meeting=meeting, name="Kit", email=user.email)
    registration_sign(None, registration=issued.registration, document=conduct, signed_name="Kit")
    assert joining_details(issued.registration) is not None
    member_status_set(
        administrator, member=user.membership, status=MembershipStatus.SUSPENDED, reason="Abuse"
    )
    assert joining_details(issued.registration) is None


def test_a_withdrawn_member_cannot_come_back_after_changing_their_login_email(
    caseworker: User,
) -> None:
    publish_conduct()
    user, _ = make_member("ash@example.org", "M-5")
    meeting = make_meeting(caseworker, audience=Audience.MEMBERS)
    issued = registration_create(user, meeting=meeting)
    registration_revoke(caseworker, registration=issued.registration, reason="Abusive in chat")
    # allauth lets a person add an address and make it primary (user.email changes).
    user.email = "ash.new@example.org"
    user.save(update_fields=["email"])
    with pytest.raises(RegistrationRevoked):
        registration_create(user, meeting=meeting)
    assert Registration.objects.filter(meeting=meeting).count() == 1


def test_the_joining_details_page_is_not_cacheable(client: Client) -> None:
    conduct = publish_conduct()
    meeting = make_meeting()
    issued = registration_create(None, meeting=meeting, name="Rowan", email="rowan@example.org")
    registration_sign(None, registration=issued.registration, document=conduct, signed_name="R")
    response = client.get(reverse("meetings:registration", args=[issued.token]))
    assert meeting.password in response.content.decode()
    assert "no-store" in response.get("Cache-Control", "")
