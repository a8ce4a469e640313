"""Blocklist rules: members are never blocked, evidence comes first, approval needs the role."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from tests.blocking.conftest import capture, connect_mastodon
from tests.cases.helpers import reported_case
from tests.conftest import make_person
from tests.platforms.mastodon_server import MastodonServer
from upstander.accounts.models import Member, MembershipStatus, Platform, Role, User
from upstander.accounts.services import (
    handle_declare,
    handle_resolve,
    member_create,
    member_status_set,
)
from upstander.audit.models import AuditEntry
from upstander.blocking.errors import (
    AlreadyOnBlocklist,
    EvidenceRequired,
    MemberAccountRefused,
    MemberChoiceUnconfirmed,
    ReasonRequired,
)
from upstander.blocking.models import BlockEntry, EntryStatus, Scope
from upstander.blocking.services import (
    block_approve,
    block_personal,
    block_refuse,
    block_request,
)
from upstander.core.errors import NotPermitted
from upstander.discipline.models import Referral
from upstander.discipline.selectors import referrals_waiting
from upstander.evidence.errors import EvidenceRefused

TROLL_DID = "did:plc:trolltrolltrolltrolltrol"
MEMBER_DID = "did:plc:membermembermembermember"


def declare_member(did: str = "did:plc:membermembermembermember", handle: str = "") -> Member:
    member = member_create(
        None,
        membership_number="M-100",
        given_name="Sam",
        family_name="Member",
        joined_on=date(2020, 1, 1),
    )
    declared = handle_declare(
        None, member=member, platform=Platform.BLUESKY, handle=handle or "sam-member.test"
    )
    handle_resolve(None, handle=declared, stable_id=did)
    return member


def test_a_members_account_is_refused_and_routed_to_discipline(caseworker: User) -> None:
    declare_member()
    case = reported_case(caseworker)
    evidence = capture("bluesky", "did:plc:membermembermembermember", "sam-member.test")
    with pytest.raises(MemberAccountRefused, match="disciplinary route") as refused:
        block_request(
            caseworker,
            platform="bluesky",
            account_id="did:plc:membermembermembermember",
            handle="someone-else.test",
            reason="Abusive replies",
            evidence_ids=[evidence.pk],
            case_id=case.pk,
        )
    assert not BlockEntry.objects.exists()
    referral = Referral.objects.get()
    assert refused.value.referral == referral
    assert list(referrals_waiting()) == [referral]  # in the safeguarding lead's queue
    assert (referral.source, referral.source_case_id) == ("blocklist", case.pk)
    assert referral.complainant_user is None  # the blocklist never names the person targeted
    assert list(referral.evidence.all()) == [evidence]
    assert AuditEntry.objects.filter(verb="referral.make").count() == 1


def test_a_member_matched_by_handle_alone_is_refused(caseworker: User) -> None:
    declare_member(handle="sam-member.test")
    evidence = capture("bluesky", "did:plc:unknown000000000000000", "sam-member.test")
    with pytest.raises(MemberAccountRefused):
        block_request(
            caseworker,
            platform="bluesky",
            account_id="did:plc:unknown000000000000000",
            handle="@Sam-Member.test",
            reason="Abusive replies",
            evidence_ids=[evidence.pk],
        )


def test_expelled_member_can_be_blocked(caseworker: User, administrator: User) -> None:
    did = "did:plc:membermembermembermember"
    member = declare_member(did=did)
    member_status_set(
        administrator, member=member, status=MembershipStatus.EXPELLED, reason="Panel decision"
    )
    evidence = capture("bluesky", did, "sam-member.test")
    entry = block_request(
        caseworker,
        platform="bluesky",
        account_id=did,
        handle="sam-member.test",
        reason="Abusive replies",
        evidence_ids=[evidence.pk],
    )
    assert entry.status == EntryStatus.REQUESTED
    assert not Referral.objects.exists()


def test_member_who_changed_handle_is_still_not_blocked(
    caseworker: User, protected_person: User, mastodon: MastodonServer
) -> None:
    # A connected account lets the party look accounts up: the declaration stores the URI.
    connect_mastodon(mastodon, protected_person, "priya")
    account = mastodon.add_account("sam", remote="social.test")
    member = member_create(
        None, membership_number="M-8", given_name="Sam", family_name="M", joined_on=date(2020, 1, 1)
    )
    declared = handle_declare(
        None, member=member, platform=Platform.MASTODON, handle="@sam@social.test"
    )
    assert declared.stable_id == account["uri"]
    account["acct"] = "samuel@social.test"  # renamed; the account URI stays the same
    evidence = capture("mastodon", account["uri"], "samuel@social.test")
    with pytest.raises(MemberAccountRefused):
        block_request(
            caseworker,
            platform="mastodon",
            account_id="",
            handle="samuel@social.test",
            reason="Abusive replies",
            evidence_ids=[evidence.pk],
        )
    assert not BlockEntry.objects.exists()
    assert Referral.objects.get().respondent == member


def test_an_account_linked_to_a_member_after_the_request_is_refused_at_approval(
    caseworker: User, safeguarding_lead: User
) -> None:
    did = "did:plc:membermembermembermember"
    evidence = capture("bluesky", did, "later.test")
    entry = block_request(
        caseworker,
        platform="bluesky",
        account_id=did,
        handle="later.test",
        reason="Abusive replies",
        evidence_ids=[evidence.pk],
    )
    declare_member(did=did)
    with pytest.raises(MemberAccountRefused):
        block_approve(safeguarding_lead, entry=entry)
    entry.refresh_from_db()
    assert entry.status == EntryStatus.REFUSED
    assert not entry.deliveries.exists()
    assert Referral.objects.filter(account_id=did).count() == 1


def test_no_block_without_captured_evidence(caseworker: User) -> None:
    with pytest.raises(EvidenceRequired, match="evidence first"):
        block_request(
            caseworker,
            platform="bluesky",
            account_id=TROLL_DID,
            handle="troll.test",
            reason="Abusive replies",
            evidence_ids=[],
        )
    with pytest.raises(EvidenceRequired):
        block_request(
            caseworker,
            platform="bluesky",
            account_id=TROLL_DID,
            reason="Abusive replies",
            evidence_ids=[987654],
        )
    assert not BlockEntry.objects.exists()


def test_a_block_cannot_be_filed_under_a_case_the_worker_may_not_open(caseworker: User) -> None:
    someone_elses = reported_case(make_person("kit.worker@example.org", Role.CASE_WORKER))
    # The post is captured as evidence of no case: on its own it would pass.
    with pytest.raises(EvidenceRefused, match="only its assigned case worker"):
        request(caseworker, case_id=someone_elses.pk)
    assert not BlockEntry.objects.exists()


def test_a_member_cannot_be_referred_under_a_case_the_worker_may_not_open(
    caseworker: User,
) -> None:
    declare_member()
    someone_elses = reported_case(make_person("kit.worker@example.org", Role.CASE_WORKER))
    with pytest.raises(EvidenceRefused, match="only its assigned case worker"):
        request(caseworker, MEMBER_DID, "sam-member.test", case_id=someone_elses.pk)
    assert not Referral.objects.exists()
    assert not BlockEntry.objects.exists()


def test_a_block_cannot_be_filed_under_a_case_that_does_not_exist(caseworker: User) -> None:
    with pytest.raises(EvidenceRefused, match="there is no case 4141"):
        request(caseworker, case_id=4141)
    assert not BlockEntry.objects.exists()


def test_a_lead_may_file_a_block_under_any_case(caseworker: User, safeguarding_lead: User) -> None:
    case = reported_case(caseworker)
    entry = request(safeguarding_lead, case_id=case.pk)
    assert entry.case_id == case.pk


def request(
    actor: User,
    account_id: str = TROLL_DID,
    handle: str = "troll.test",
    *,
    case_id: int | None = None,
) -> BlockEntry:
    """A block asked for on a post captured as evidence (of no case), under `case_id` if given."""
    evidence = capture("bluesky", account_id, handle)
    return block_request(
        actor,
        platform="bluesky",
        account_id=account_id,
        handle=handle,
        reason="Abusive replies",
        evidence_ids=[evidence.pk],
        case_id=case_id,
    )


def test_approval_needs_a_safeguarding_lead(caseworker: User, safeguarding_lead: User) -> None:
    entry = request(caseworker)
    with pytest.raises(NotPermitted, match="safeguarding lead"):
        block_approve(caseworker, entry=entry)
    entry.refresh_from_db()
    assert entry.status == EntryStatus.REQUESTED
    block_approve(safeguarding_lead, entry=entry)
    entry.refresh_from_db()
    assert entry.status == EntryStatus.ACTIVE
    assert entry.decided_by == safeguarding_lead


def test_a_case_worker_may_approve_where_the_party_allows_it(
    caseworker: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BLOCKING_CASEWORKERS_MAY_APPROVE", "true")
    entry = request(caseworker)
    block_approve(caseworker, entry=entry)
    entry.refresh_from_db()
    assert entry.status == EntryStatus.ACTIVE


def test_a_member_of_the_public_cannot_request_a_block(member: User) -> None:
    with pytest.raises(NotPermitted):
        request(member)


def test_the_stable_id_is_the_key_not_the_handle(caseworker: User) -> None:
    request(caseworker, handle="troll.test")
    with pytest.raises(AlreadyOnBlocklist):
        request(caseworker, handle="renamed-troll.test")


def test_a_refusal_needs_a_reason(caseworker: User, safeguarding_lead: User) -> None:
    entry = request(caseworker)
    with pytest.raises(ReasonRequired):
        block_refuse(safeguarding_lead, entry=entry, reason="  ")
    block_refuse(safeguarding_lead, entry=entry, reason="Robust criticism, not abuse.")
    entry.refresh_from_db()
    assert entry.status == EntryStatus.REFUSED


def test_the_same_source_request_twice_makes_one_entry(caseworker: User) -> None:
    evidence = capture("bluesky", TROLL_DID, "troll.test")
    kwargs = {
        "platform": "bluesky",
        "account_id": TROLL_DID,
        "reason": "Abusive replies",
        "evidence_ids": [evidence.pk],
        "source": "case",
        "source_ref": "pending-block-7",
    }
    first = block_request(caseworker, **kwargs)  # type: ignore[arg-type]
    again = block_request(caseworker, **kwargs)  # type: ignore[arg-type]
    assert first == again
    assert BlockEntry.objects.count() == 1


def test_a_protected_person_may_block_a_member_on_their_own_account_as_a_personal_choice(
    protected_person: User, mastodon: MastodonServer, django_capture_on_commit_callbacks: Any
) -> None:
    account, token = connect_mastodon(mastodon, protected_person, "priya")
    member_account = mastodon.add_account("sam")
    member = member_create(
        None, membership_number="M-7", given_name="Sam", family_name="M", joined_on=date(2020, 1, 1)
    )
    handle_declare(None, member=member, platform=Platform.MASTODON, handle="sam@social.test")
    evidence = capture("mastodon", member_account["uri"], "sam@social.test")
    with pytest.raises(MemberChoiceUnconfirmed):
        block_personal(
            protected_person,
            account=account,
            target_account_id=member_account["uri"],
            target_handle="sam@social.test",
            reason="I do not want to see this",
            evidence_ids=[evidence.pk],
        )
    with django_capture_on_commit_callbacks(execute=True):
        entry = block_personal(
            protected_person,
            account=account,
            target_account_id=member_account["uri"],
            target_handle="sam@social.test",
            reason="I do not want to see this",
            evidence_ids=[evidence.pk],
            acknowledge_member=True,
        )
    assert entry.scope == Scope.PERSONAL
    assert entry.personal_for == protected_person
    assert (mastodon.tokens[token], member_account["id"]) in mastodon.blocks
    assert AuditEntry.objects.filter(verb="block.personal", details__member=True).exists()
    # One decision, one entry: a personal block is not also logged as a party request.
    assert not AuditEntry.objects.filter(verb="block.request", target_id=str(entry.pk)).exists()


def test_a_block_needs_only_the_opt_in_but_a_platform_report_needs_the_consultation(
    caseworker: User, protected_person: User
) -> None:
    """A standing opt-in covers blocks on the person's own accounts; a report to the platform,
    sent from their account, names them: it needs their case, consulted, and their wish."""
    from tests.cases.helpers import consulted_case, triaged_case
    from upstander.blocking.errors import PlatformReportNeedsConsultation

    def request(n: int, **extra: Any) -> BlockEntry:
        return block_request(
            caseworker,
            platform="bluesky",
            account_id=f"did:plc:troll{n}troll{n}troll{n}",
            reason="Abusive replies",
            evidence_ids=[capture("bluesky", f"did:plc:troll{n}", f"troll{n}.test", n).pk],
            **extra,
        )

    assert request(1).status == EntryStatus.REQUESTED  # the blocklist page: the opt-in suffices
    with pytest.raises(PlatformReportNeedsConsultation, match="needs their case"):
        request(2, report_to_platform=True)
    not_consulted = triaged_case(caseworker, protected_person)
    with pytest.raises(PlatformReportNeedsConsultation, match="record the consultation"):
        request(3, report_to_platform=True, case_id=not_consulted.pk)
    block_only = consulted_case(caseworker, protected_person, wishes=("block",))
    with pytest.raises(PlatformReportNeedsConsultation, match="did not ask"):
        request(4, report_to_platform=True, case_id=block_only.pk)
    asked = consulted_case(caseworker, protected_person, wishes=("block", "platform_report"))
    assert request(5, report_to_platform=True, case_id=asked.pk).report_to_platform
    assert BlockEntry.objects.count() == 2
