"""The gate: joining details reach a person (page or mail) only after they sign the code of
conduct version in force now; suspended and expelled members cannot register."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.db import connection
from django.test import Client, TestCase
from django.urls import reverse

from tests.conftest import signed_in
from tests.meetings.helpers import JOIN_LINK, make_meeting, make_member, publish_conduct
from upstander.accounts.models import MembershipStatus, User
from upstander.accounts.services import member_status_set
from upstander.audit.models import AuditEntry
from upstander.meetings.errors import (
    CodeOfConductNotPublished,
    MembershipNotInGoodStanding,
    NotEligibleToRegister,
    OldCodeOfConductVersion,
    SignatureNameRequired,
)
from upstander.meetings.models import Audience, Meeting, Registration
from upstander.meetings.selectors import joining_details, registration_for_token
from upstander.meetings.services import registration_create, registration_sign

pytestmark = pytest.mark.django_db

LINK_FRAGMENT = "8675309"
# Mail is sent on commit; each test runs in a transaction that never commits, so capture.
capture_on_commit = TestCase.captureOnCommitCallbacks


def _secrets(meeting: Meeting) -> list[str]:
    return [JOIN_LINK, LINK_FRAGMENT, meeting.password]


def _mail_text() -> str:
    return "\n".join(f"{m.subject}\n{m.body}" for m in mail.outbox)


def _register_on_the_web(client: Client, meeting: Meeting) -> str:
    with capture_on_commit(execute=True):
        response = client.post(
            reverse("meetings:detail", args=[meeting.pk]),
            {"name": "Rowan Visitor", "email": "rowan@example.org"},
        )
    assert response.status_code == 302, response.content.decode()
    return str(response["Location"])


def test_details_are_absent_from_html_and_mail_until_the_code_is_signed(client: Client) -> None:
    conduct = publish_conduct()
    meeting = make_meeting(audience=Audience.PUBLIC)
    place_url = _register_on_the_web(client, meeting)

    page = client.get(place_url).content.decode()
    for secret in _secrets(meeting):
        assert secret not in page
        assert secret not in _mail_text()
    assert "Sign version 1" in page
    # The registration mail carries the personal link, and nothing else of use.
    assert place_url in _mail_text()
    assert client.get(reverse("meetings:detail", args=[meeting.pk])).status_code == 200
    assert meeting.password not in client.get(reverse("meetings:list")).content.decode()

    with capture_on_commit(execute=True):
        response = client.post(
            place_url, {"version": conduct.version, "signed_name": "Rowan Visitor", "agree": "on"}
        )
    assert response.status_code == 302
    page = client.get(place_url).content.decode()
    assert JOIN_LINK.replace("&", "&amp;") in page or JOIN_LINK in page
    assert meeting.password in page
    details_mail = mail.outbox[-1]
    assert details_mail.to == ["rowan@example.org"]
    assert JOIN_LINK in details_mail.body
    assert meeting.password in details_mail.body


def test_signing_needs_the_box_ticked_and_a_name(client: Client) -> None:
    conduct = publish_conduct()
    meeting = make_meeting()
    place_url = _register_on_the_web(client, meeting)
    response = client.post(place_url, {"version": conduct.version, "signed_name": "Rowan"})
    assert response.status_code == 400
    assert meeting.password not in response.content.decode()
    assert not Registration.objects.get().signatures.exists()
    with pytest.raises(SignatureNameRequired):
        registration_sign(
            None, registration=Registration.objects.get(), document=conduct, signed_name="  "
        )


def test_a_signature_on_an_old_version_is_refused(client: Client) -> None:
    old = publish_conduct("First version.")
    meeting = make_meeting()
    place_url = _register_on_the_web(client, meeting)
    publish_conduct("Second version.")
    registration = Registration.objects.get()

    with pytest.raises(OldCodeOfConductVersion):
        registration_sign(None, registration=registration, document=old, signed_name="Rowan")
    # Someone who read version 1 before version 2 came out is sent back to read it.
    response = client.post(
        place_url, {"version": old.version, "signed_name": "Rowan", "agree": "on"}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "version 2 is now in force" in page
    assert meeting.password not in page
    assert meeting.password not in _mail_text()
    assert not registration.signatures.exists()


def test_a_signature_stops_counting_once_a_new_version_is_published(client: Client) -> None:
    first = publish_conduct("First version.")
    meeting = make_meeting()
    issued = registration_create(None, meeting=meeting, name="Rowan", email="rowan@example.org")
    registration_sign(None, registration=issued.registration, document=first, signed_name="Rowan")
    assert joining_details(issued.registration) is not None

    second = publish_conduct("Second version.")
    assert joining_details(issued.registration) is None
    url = reverse("meetings:registration", args=[issued.token])
    page = client.get(url).content.decode()
    assert meeting.password not in page
    assert "Sign version 2" in page

    registration_sign(None, registration=issued.registration, document=second, signed_name="Rowan")
    assert meeting.password in client.get(url).content.decode()


def test_signature_records_name_version_and_time() -> None:
    conduct = publish_conduct()
    issued = registration_create(
        None, meeting=make_meeting(), name="Rowan", email="rowan@example.org"
    )
    signature = registration_sign(
        None, registration=issued.registration, document=conduct, signed_name="Rowan Q. Visitor"
    )
    assert signature.signed_name == "Rowan Q. Visitor"
    assert signature.document.version == conduct.version
    assert signature.signed_at is not None
    entry = AuditEntry.objects.filter(verb="meeting.sign_code_of_conduct").get()
    assert entry.details == {"meeting": issued.registration.meeting_id, "version": 1}


@pytest.mark.parametrize("status", [MembershipStatus.SUSPENDED, MembershipStatus.EXPELLED])
def test_suspended_or_expelled_members_cannot_register(
    client: Client, status: MembershipStatus
) -> None:
    publish_conduct()
    user, _ = make_member("jo.brennan@example.org", "M-1", status=status)
    for audience in (Audience.PUBLIC, Audience.MEMBERS):
        meeting = make_meeting(audience=audience)
        with pytest.raises(MembershipNotInGoodStanding):
            registration_create(user, meeting=meeting)
        # Not signed in, giving the same address on a public meeting, does not get round it.
        if audience == Audience.PUBLIC:
            with pytest.raises(MembershipNotInGoodStanding):
                registration_create(None, meeting=meeting, name="Jo", email=user.email.upper())
        response = signed_in(client, user).post(reverse("meetings:detail", args=[meeting.pk]))
        assert response.status_code == 400
        assert "suspended or you have been expelled" in response.content.decode()
    assert not Registration.objects.exists()


def test_a_member_suspended_after_signing_loses_the_details(administrator: User) -> None:
    conduct = publish_conduct()
    user, member = make_member("sam@example.org", "M-2")
    meeting = make_meeting(audience=Audience.MEMBERS)
    issued = registration_create(user, meeting=meeting)
    registration_sign(user, registration=issued.registration, document=conduct, signed_name="Sam")
    assert joining_details(issued.registration) is not None
    member_status_set(
        administrator, member=member, status=MembershipStatus.SUSPENDED, reason="Abuse"
    )
    assert joining_details(issued.registration) is None


def test_members_meetings_are_for_current_members_only(outsider: User) -> None:
    publish_conduct()
    meeting = make_meeting(audience=Audience.MEMBERS)
    with pytest.raises(NotEligibleToRegister):
        registration_create(None, meeting=meeting, name="Anon", email="anon@example.org")
    with pytest.raises(NotEligibleToRegister):
        registration_create(outsider, meeting=meeting)
    lapsed, _ = make_member("lapsed@example.org", "M-3", status=MembershipStatus.LAPSED)
    with pytest.raises(NotEligibleToRegister):
        registration_create(lapsed, meeting=meeting)
    active, _ = make_member("active@example.org", "M-4")
    assert registration_create(active, meeting=meeting).created


def test_branch_meetings_are_for_that_branch(caseworker: User) -> None:
    publish_conduct()
    riverside, member = make_member("river@example.org", "M-5", branch="Riverside")
    hillside, _ = make_member("hill@example.org", "M-6", branch="Hillside")
    assert member.branch is not None
    meeting = make_meeting(caseworker, audience=Audience.BRANCH, branch=member.branch)
    with pytest.raises(NotEligibleToRegister):
        registration_create(hillside, meeting=meeting)
    assert registration_create(riverside, meeting=meeting).created


def test_a_meeting_needs_a_published_code_of_conduct(caseworker: User) -> None:
    with pytest.raises(CodeOfConductNotPublished):
        make_meeting(caseworker)
    assert not Meeting.objects.exists()


def test_the_password_is_generated_strong_and_stored_encrypted(caseworker: User) -> None:
    publish_conduct()
    meeting = make_meeting(caseworker)
    assert re.fullmatch(r"[A-Za-z2-9]{10}", meeting.password)  # Zoom allows at most 10
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT password, join_link FROM meetings_meeting WHERE id = %s", [meeting.pk]
        )
        stored_password, stored_link = cursor.fetchone()
    assert meeting.password not in stored_password
    assert LINK_FRAGMENT not in stored_link
    assert meeting.password not in str(AuditEntry.objects.values_list("details", flat=True))


def test_registering_again_mails_a_fresh_link_and_kills_the_old_one(client: Client) -> None:
    publish_conduct()
    meeting = make_meeting()
    with capture_on_commit(execute=True):
        first = registration_create(None, meeting=meeting, name="Rowan", email="rowan@example.org")
        response = client.post(
            reverse("meetings:detail", args=[meeting.pk]),
            {"name": "Someone Else", "email": "Rowan@example.org"},
        )
    # Someone who only knows the address is not shown the person's page: the link goes by mail.
    assert response.status_code == 200
    assert "Check your email" in response.content.decode()
    assert registration_for_token(first.token) is None
    assert Registration.objects.count() == 1
    assert len(mail.outbox) == 2


def test_network_meetings_are_for_that_network(caseworker: User) -> None:
    from upstander.networks.services import network_create, network_member_add

    publish_conduct()
    insider, _ = make_member("insider@example.org", "M-7")
    outsider, _ = make_member("outside@example.org", "M-8")
    network = network_create(None, name="Disabled members' network")
    network_member_add(None, network=network, user=insider)
    meeting = make_meeting(caseworker, audience=Audience.NETWORK, network_id=network.pk)
    with pytest.raises(NotEligibleToRegister):
        registration_create(outsider, meeting=meeting)
    assert registration_create(insider, meeting=meeting).created


def test_a_signed_in_member_finds_their_place_again_from_the_meeting_page(client: Client) -> None:
    conduct = publish_conduct()
    user, _ = make_member("sam.again@example.org", "M-30")
    meeting = make_meeting(audience=Audience.MEMBERS)
    signed_in(client, user)
    response = client.post(reverse("meetings:detail", args=[meeting.pk]), {"name": ""})
    assert response.status_code == 302
    assert Registration.objects.get().name == "Sam M-30"
    detail = client.get(reverse("meetings:detail", args=[meeting.pk])).content.decode()
    mine = reverse("meetings:mine", args=[meeting.pk])
    assert mine in detail
    assert meeting.password not in client.get(mine).content.decode()
    client.post(mine, {"version": conduct.version, "signed_name": "Sam", "agree": "on"})
    assert meeting.password in client.get(mine).content.decode()
