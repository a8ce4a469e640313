"""The membership register: members without logins, declared accounts, and who owns an account."""

from __future__ import annotations

import json
from datetime import date

import pytest

from upstander.accounts.errors import HandleClaimedByAnotherMember
from upstander.accounts.handles import InvalidHandle
from upstander.accounts.models import Member, MembershipStatus, Platform, User
from upstander.accounts.selectors import member_for_account
from upstander.accounts.services import (
    handle_declare,
    handle_resolve,
    member_create,
    member_status_set,
)
from upstander.audit.models import AuditEntry
from upstander.audit.selectors import audit_history_for
from upstander.core.errors import NotPermitted

pytestmark = pytest.mark.django_db


@pytest.fixture
def alice(administrator: User) -> Member:
    return member_create(
        administrator,
        membership_number="M-1",
        given_name="Alice",
        family_name="Ng",
        joined_on=date(2022, 1, 5),
        branch="Riverside",
    )


def test_a_member_can_exist_without_a_login(alice: Member) -> None:
    assert alice.user is None
    assert alice.status == MembershipStatus.ACTIVE
    assert alice.branch is not None
    assert alice.branch.name == "Riverside"


@pytest.mark.parametrize(
    "spelling",
    ["@Alice.bsky.social", "alice.bsky.social", "https://bsky.app/profile/ALICE.bsky.social"],
)
def test_any_spelling_of_a_declared_handle_finds_the_member(
    administrator: User, alice: Member, spelling: str
) -> None:
    handle_declare(
        administrator, member=alice, platform=Platform.BLUESKY, handle="@Alice.bsky.social"
    )
    assert member_for_account(platform="bluesky", identifier=spelling) == alice


def test_the_did_finds_the_member_once_the_handle_is_resolved(
    administrator: User, alice: Member
) -> None:
    declared = handle_declare(
        administrator, member=alice, platform=Platform.BLUESKY, handle="alice.bsky.social"
    )
    did = "did:plc:abcdefghijklmnopqrstuvwx"
    assert member_for_account(platform="bluesky", identifier=did) is None
    handle_resolve(administrator, handle=declared, stable_id=did)
    assert member_for_account(platform="bluesky", identifier=did) == alice


@pytest.mark.parametrize(
    ("status", "still_a_member"),
    [
        (MembershipStatus.ACTIVE, True),
        (MembershipStatus.SUSPENDED, True),
        (MembershipStatus.EXPELLED, False),
        (MembershipStatus.LAPSED, False),
    ],
)
def test_only_a_current_membership_owns_its_declared_accounts(
    administrator: User, alice: Member, status: MembershipStatus, still_a_member: bool
) -> None:
    handle_declare(
        administrator, member=alice, platform=Platform.BLUESKY, handle="alice.bsky.social"
    )
    member_status_set(administrator, member=alice, status=status, reason="Register update")
    found = member_for_account(platform="bluesky", identifier="alice.bsky.social")
    assert (found == alice) is still_a_member


def test_an_unknown_account_matches_nobody(alice: Member) -> None:
    assert member_for_account(platform="bluesky", identifier="stranger.bsky.social") is None
    assert member_for_account(platform="bluesky", identifier="") is None


def test_two_members_cannot_declare_the_same_account(administrator: User, alice: Member) -> None:
    bob = member_create(
        administrator,
        membership_number="M-2",
        given_name="Bob",
        family_name="Ode",
        joined_on=date(2023, 2, 1),
    )
    handle_declare(administrator, member=alice, platform=Platform.X, handle="@shared")
    with pytest.raises(HandleClaimedByAnotherMember):
        handle_declare(administrator, member=bob, platform=Platform.X, handle="Shared")


def test_a_malformed_handle_is_refused(administrator: User, alice: Member) -> None:
    with pytest.raises(InvalidHandle):
        handle_declare(administrator, member=alice, platform=Platform.MASTODON, handle="nobody")
    assert not alice.handles.exists()


def test_a_member_declares_their_own_account_but_not_someone_elses(
    administrator: User, member: User, alice: Member
) -> None:
    mine = member_create(
        administrator,
        membership_number="M-3",
        given_name="Morgan",
        family_name="Member",
        joined_on=date(2020, 5, 5),
        user=member,
    )
    handle_declare(member, member=mine, platform=Platform.BLUESKY, handle="morgan.bsky.social")
    with pytest.raises(NotPermitted):
        handle_declare(member, member=alice, platform=Platform.BLUESKY, handle="x.bsky.social")


REASON = "Off sick with depression; Dr Okafor's note says no canvassing until June"


def test_a_status_change_is_audited_without_the_reason_staff_typed(
    administrator: User, alice: Member
) -> None:
    member_status_set(administrator, member=alice, status=MembershipStatus.SUSPENDED, reason=REASON)
    alice.refresh_from_db()
    assert alice.status == MembershipStatus.SUSPENDED
    last = audit_history_for(alice).last()
    assert last is not None and last.verb == "member.status_set"
    (change,) = alice.status_changes.all()
    assert last.details == {"from": "active", "to": "suspended", "change": change.pk}
    logged = json.dumps(list(AuditEntry.objects.values_list("details", flat=True)))
    assert "Okafor" not in logged and "depression" not in logged


def test_the_reason_for_a_status_change_stays_on_the_membership_record(
    administrator: User, alice: Member
) -> None:
    member_status_set(administrator, member=alice, status=MembershipStatus.LAPSED, reason=REASON)
    member_status_set(
        None, member=alice, status=MembershipStatus.ACTIVE, reason="Renewed by direct debit"
    )
    changes = [
        (c.from_status, c.to_status, c.reason, c.changed_by) for c in alice.status_changes.all()
    ]
    assert changes == [
        ("active", "lapsed", REASON, administrator),
        ("lapsed", "active", "Renewed by direct debit", None),
    ]
