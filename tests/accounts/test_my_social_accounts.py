"""Members declare their own social media accounts from their account page (through the
`handle_declare` service, audited); the party then routes those accounts to discipline and
never blocks them."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client

from tests.conftest import signed_in
from upstander.accounts.models import Member, SocialHandle, User
from upstander.accounts.services import member_create
from upstander.audit.models import AuditEntry
from upstander.blocking.errors import MemberAccountRefused
from upstander.blocking.services import block_request
from upstander.evidence.services import evidence_capture_text

pytestmark = pytest.mark.django_db

PAGE = "/account/social-accounts/"
DID = "did:plc:morganmorganmorganmorgan"


def membership(user: User, number: str = "M-500") -> Member:
    return member_create(
        None,
        membership_number=number,
        given_name="Morgan",
        family_name="Member",
        joined_on=date(2020, 1, 1),
        user=user,
    )


def test_a_member_declares_their_own_account_from_their_account_page(
    client: Client, member: User, caseworker: User
) -> None:
    own = membership(member)
    signed_in(client, member)
    assert PAGE in client.get("/account/").content.decode()
    page = client.get(PAGE)
    assert page.status_code == 200 and "None yet." in page.content.decode()

    done = client.post(PAGE, {"platform": "bluesky", "handle": f"@{DID}"})
    assert done.status_code == 302
    declared = SocialHandle.objects.get()
    assert (declared.member, declared.handle, declared.stable_id) == (own, DID, DID)
    entry = AuditEntry.objects.get(verb="handle.declare")
    assert entry.actor_user_id == member.pk
    assert DID in client.get(PAGE).content.decode()
    # The blocklist now refers the account to discipline instead of blocking it.
    post = evidence_capture_text(caseworker, text="An abusive reply.")
    with pytest.raises(MemberAccountRefused):
        block_request(
            caseworker,
            platform="bluesky",
            account_id=DID,
            reason="Abusive replies",
            evidence_ids=[post.pk],
        )


def test_a_handle_that_cannot_be_an_account_is_refused_at_its_field(
    client: Client, member: User
) -> None:
    membership(member)
    signed_in(client, member)
    refused = client.post(PAGE, {"platform": "bluesky", "handle": "did:nonsense"})
    assert refused.status_code == 400
    assert "not a valid DID" in refused.content.decode()
    assert not SocialHandle.objects.exists()


def test_an_account_another_member_declared_is_refused(
    client: Client, member: User, outsider: User
) -> None:
    membership(member)
    other = membership(outsider, number="M-501")
    from upstander.accounts.services import handle_declare

    handle_declare(None, member=other, platform="bluesky", handle=DID)  # type: ignore[arg-type]
    signed_in(client, member)
    refused = client.post(PAGE, {"platform": "bluesky", "handle": DID})
    assert refused.status_code == 400 and "another member" in refused.content.decode()
    assert SocialHandle.objects.get().member == other


def test_someone_who_is_not_a_member_declares_nothing(client: Client, outsider: User) -> None:
    signed_in(client, outsider)
    assert PAGE not in client.get("/account/").content.decode()
    assert client.get(PAGE).status_code == 403
    assert client.post(PAGE, {"platform": "bluesky", "handle": DID}).status_code == 403
    assert not SocialHandle.objects.exists()
