"""Eligibility counts when the joining details are shown or sent, not only when someone
registers: a member suspended or expelled since, whose membership lapsed, or who moved to
another branch is told kindly that the details are not available, and is sent none."""

from __future__ import annotations

import pytest
from django.core import mail
from django.test import Client, TestCase
from django.urls import reverse

from tests.conftest import signed_in
from tests.meetings.helpers import JOIN_LINK, make_meeting, make_member, publish_conduct
from upstander.accounts.models import Member, MembershipStatus, User
from upstander.accounts.services import member_status_set, members_import_csv
from upstander.meetings.errors import NotEligibleToRegister
from upstander.meetings.gate import current_code_of_conduct
from upstander.meetings.models import Audience, Meeting
from upstander.meetings.selectors import joining_details
from upstander.meetings.services import (
    IssuedRegistration,
    meeting_password_rotate,
    registration_create,
    registration_sign,
)
from upstander.meetings.tasks import send_joining_details

pytestmark = pytest.mark.django_db
capture_on_commit = TestCase.captureOnCommitCallbacks

NOT_AVAILABLE = "The joining details for this meeting are not available to you"


def _signed_member(
    meeting: Meeting, email: str = "sam@example.org", number: str = "M-2"
) -> tuple[IssuedRegistration, Member]:
    """A member in good standing, registered and signed on the version in force."""
    user, member = make_member(email, number)
    issued = registration_create(user, meeting=meeting)
    conduct = current_code_of_conduct()
    assert conduct is not None
    registration_sign(user, registration=issued.registration, document=conduct, signed_name="Sam")
    return issued, member


def _place_pages(client: Client, issued: IssuedRegistration) -> list[str]:
    """The personal page by its link, and the signed-in person's own place."""
    by_link = client.get(reverse("meetings:registration", args=[issued.token]))
    assert issued.registration.user is not None
    mine = signed_in(Client(), issued.registration.user).get(
        reverse("meetings:mine", args=[issued.registration.meeting_id])
    )
    assert by_link.status_code == mine.status_code == 200
    return [by_link.content.decode(), mine.content.decode()]


def _lapse(administrator: User, member: Member) -> None:
    member_status_set(
        administrator, member=member, status=MembershipStatus.LAPSED, reason="Not renewed"
    )


def test_a_member_whose_membership_lapsed_after_signing_is_shown_no_joining_details(
    client: Client, administrator: User
) -> None:
    publish_conduct()
    meeting = make_meeting(audience=Audience.MEMBERS)
    issued, member = _signed_member(meeting)
    assert joining_details(issued.registration) is not None

    _lapse(administrator, member)

    assert joining_details(issued.registration) is None
    for page in _place_pages(client, issued):
        assert meeting.password not in page
        assert "8675309" not in page
        assert NOT_AVAILABLE in page
        assert "Sign version" not in page


@pytest.mark.parametrize("status", [MembershipStatus.SUSPENDED, MembershipStatus.EXPELLED])
def test_a_member_barred_after_registering_is_told_kindly_rather_than_asked_to_sign(
    client: Client, administrator: User, status: MembershipStatus
) -> None:
    publish_conduct()
    meeting = make_meeting(audience=Audience.MEMBERS)
    user, member = make_member("sam@example.org", "M-2")
    issued = registration_create(user, meeting=meeting)

    member_status_set(administrator, member=member, status=status, reason="Sanction")

    for page in _place_pages(client, issued):
        assert NOT_AVAILABLE in page
        assert "Sign version" not in page
        assert meeting.password not in page
        # Kind, and discreet: the page (reachable by link) does not name the sanction.
        assert "suspended" not in page.lower() and "expelled" not in page.lower()


def test_a_member_who_moved_to_another_branch_is_shown_no_joining_details(
    client: Client, administrator: User, caseworker: User
) -> None:
    publish_conduct()
    user, member = make_member("river@example.org", "M-5", branch="Riverside")
    assert member.branch is not None
    meeting = make_meeting(caseworker, audience=Audience.BRANCH, branch=member.branch)
    issued = registration_create(user, meeting=meeting)
    conduct = current_code_of_conduct()
    assert conduct is not None
    registration_sign(user, registration=issued.registration, document=conduct, signed_name="S")
    assert joining_details(issued.registration) is not None

    # The register, imported again, now puts them in another branch.
    members_import_csv(
        administrator,
        text=(
            "membership_number,given_name,family_name,email,status,joined_on,branch,handles\n"
            "M-5,Sam,M-5,river@example.org,active,2024-01-01,Hillside,\n"
        ),
    )

    assert joining_details(issued.registration) is None
    for page in _place_pages(client, issued):
        assert meeting.password not in page
        assert NOT_AVAILABLE in page


def test_someone_no_longer_eligible_cannot_sign_a_new_version_to_get_the_details(
    administrator: User,
) -> None:
    publish_conduct("First.")
    meeting = make_meeting(audience=Audience.MEMBERS)
    issued, member = _signed_member(meeting)
    _lapse(administrator, member)
    second = publish_conduct("Second.")

    with capture_on_commit(execute=True), pytest.raises(NotEligibleToRegister):
        registration_sign(
            None, registration=issued.registration, document=second, signed_name="Sam"
        )
    assert not issued.registration.signatures.filter(document=second).exists()
    assert all(meeting.password not in m.body for m in mail.outbox)


def test_joining_details_are_not_mailed_to_someone_no_longer_eligible(
    administrator: User,
) -> None:
    publish_conduct()
    meeting = make_meeting(audience=Audience.MEMBERS)
    issued, member = _signed_member(meeting)
    _lapse(administrator, member)
    mail.outbox.clear()

    send_joining_details.enqueue(
        registration_id=issued.registration.pk, with_link=False, rotated=False
    )

    assert mail.outbox == []


def test_a_new_password_is_not_sent_to_someone_no_longer_eligible(
    administrator: User, caseworker: User
) -> None:
    publish_conduct()
    meeting = make_meeting(caseworker, audience=Audience.MEMBERS)
    _signed_member(meeting, "still@example.org", "M-20")
    _, member = _signed_member(meeting, "lapsed@example.org", "M-21")
    _lapse(administrator, member)
    mail.outbox.clear()

    with capture_on_commit(execute=True):
        sent = meeting_password_rotate(caseworker, meeting=meeting)

    assert sent == 1
    assert [m.to for m in mail.outbox] == [["still@example.org"]]
    assert JOIN_LINK in mail.outbox[0].body


def test_the_host_sees_who_is_no_longer_eligible(
    client: Client, administrator: User, caseworker: User
) -> None:
    publish_conduct()
    meeting = make_meeting(caseworker, audience=Audience.MEMBERS)
    _signed_member(meeting, "still@example.org", "M-20")
    _, member = _signed_member(meeting, "lapsed@example.org", "M-21")
    _lapse(administrator, member)

    page = signed_in(client, caseworker).get(reverse("meetings:staff_detail", args=[meeting.pk]))

    text = page.content.decode()
    assert text.count("Admitted</span>") == 1
    assert text.count("No longer eligible</span>") == 1


def test_a_member_whose_membership_is_current_again_sees_the_details_again(
    client: Client, administrator: User
) -> None:
    publish_conduct()
    meeting = make_meeting(audience=Audience.MEMBERS)
    issued, member = _signed_member(meeting)
    _lapse(administrator, member)
    member_status_set(administrator, member=member, status=MembershipStatus.ACTIVE, reason="Paid")

    for page in _place_pages(client, issued):
        assert meeting.password in page


def test_the_host_list_checks_eligibility_in_the_same_queries_for_many_people(
    administrator: User, caseworker: User, django_assert_max_num_queries: object
) -> None:
    from upstander.meetings.selectors import meeting_attendees

    publish_conduct()
    meeting = make_meeting(caseworker, audience=Audience.MEMBERS)
    for index in range(12):
        _, member = _signed_member(meeting, f"p{index}@example.org", f"M-{100 + index}")
        if index % 3 == 0:
            _lapse(administrator, member)
    with django_assert_max_num_queries(6):  # type: ignore[operator]
        rows = meeting_attendees(meeting)
    assert [row.eligible for row in rows] == [index % 3 != 0 for index in range(12)]
    assert [row.admitted for row in rows] == [row.eligible for row in rows]


def test_the_host_list_asks_a_network_once_for_all_its_registrants(
    caseworker: User, django_assert_max_num_queries: object
) -> None:
    from upstander.meetings.selectors import meeting_attendees
    from upstander.networks.services import network_create, network_member_add

    publish_conduct()
    network = network_create(None, name="LGBTI+ members' network")
    meeting = make_meeting(caseworker, audience=Audience.NETWORK, network_id=network.pk)
    conduct = current_code_of_conduct()
    assert conduct is not None
    for index in range(12):
        user, _ = make_member(f"n{index}@example.org", f"M-{200 + index}")
        network_member_add(None, network=network, user=user)
        issued = registration_create(user, meeting=meeting)
        registration_sign(user, registration=issued.registration, document=conduct, signed_name="N")
    with django_assert_max_num_queries(6):  # type: ignore[operator]
        rows = meeting_attendees(meeting)
    assert [row.admitted for row in rows] == [True] * 12
