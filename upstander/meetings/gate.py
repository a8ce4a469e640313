"""The code-of-conduct gate: the one rule that decides who is admitted to a meeting.

Admitted means: the place is not withdrawn, the person is still eligible *now* (not a
suspended or expelled member, by login or by email, and for a members', branch or network
meeting a current member of that audience), and they hold a signature on the code of conduct
version that is current *now*. Eligibility is checked when someone registers, and again
whenever the details are shown or sent: a membership that lapses, or a member who is
suspended, expelled or moves branch after registering, stops the details at once. Services
(which send details by mail) and selectors (which show them on screen) both ask here, so the
page and the mail can never disagree.
"""

from __future__ import annotations

import enum
import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Prefetch, Q

from upstander.accounts.models import Member, MembershipStatus, User
from upstander.core.blind_index import index_for
from upstander.meetings.models import Audience, ConductSignature, Meeting, Registration
from upstander.policies.models import PolicyDocument, PolicyKind
from upstander.policies.selectors import policy_current

BARRED_STATUSES = frozenset({MembershipStatus.SUSPENDED, MembershipStatus.EXPELLED})


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def meeting_ends_at(meeting: Meeting) -> datetime:
    """When the meeting ends; one stored at the very end of the calendar (year 9999) ends there
    rather than overflowing."""
    try:
        return meeting.starts_at + timedelta(minutes=meeting.duration_minutes)
    except OverflowError:
        return datetime.max.replace(tzinfo=meeting.starts_at.tzinfo)


def current_code_of_conduct() -> PolicyDocument | None:
    return policy_current(PolicyKind.CODE_OF_CONDUCT)


def members_barred(*, user: User | None, email: str) -> bool:
    """Is the person a suspended or expelled member (by their login or by their email)?"""
    # The register's emails are encrypted: match by the email's blind index. A register entry
    # reached through its login (no email of its own, or another one) matches by the login's.
    query = Q(pk__in=[])
    if email:
        query |= Q(email_index=index_for(Member, "email_index", email))
        query |= Q(user__email__iexact=email)
    if user is not None:
        query |= Q(user=user)
    return Member.objects.filter(query, status__in=BARRED_STATUSES).exists()


class Ineligible(enum.Enum):
    """Why a person may not take part in a meeting (register, or have its joining details)."""

    BARRED = "a suspended or expelled member"
    NOT_A_MEMBER = "no membership linked to the login"
    MEMBERSHIP_NOT_CURRENT = "a membership that is not current (lapsed)"
    OTHER_BRANCH = "a member of another branch"
    NOT_IN_NETWORK = "not in the meeting's network"


def _audience_refusal(
    meeting: Meeting,
    *,
    user: User | None,
    member: Member | None,
    in_network: bool | None = None,
) -> Ineligible | None:
    """Why the person (known not to be barred) is outside the meeting's audience, if they are.
    `in_network`, when the caller already asked the network (for many people at once)."""
    if meeting.audience == Audience.PUBLIC:
        return None
    if member is None:
        return Ineligible.NOT_A_MEMBER
    if member.status != MembershipStatus.ACTIVE:
        return Ineligible.MEMBERSHIP_NOT_CURRENT
    if meeting.audience == Audience.BRANCH and member.branch_id != meeting.branch_id:
        return Ineligible.OTHER_BRANCH
    if meeting.audience == Audience.NETWORK:
        if in_network is None:
            in_network = meeting.network is not None and meeting.network.has_member(user)
        if not in_network:
            return Ineligible.NOT_IN_NETWORK
    return None


def ineligibility(meeting: Meeting, *, user: User | None, email: str) -> Ineligible | None:
    """Why the person may not take part in the meeting now, or None if they may."""
    if members_barred(user=user, email=email):
        return Ineligible.BARRED
    if meeting.audience == Audience.PUBLIC:
        return None
    member = (
        Member.objects.filter(user=user).only("user_id", "status", "branch_id").first()
        if user is not None
        else None
    )
    return _audience_refusal(meeting, user=user, member=member)


def still_eligible(registration: Registration) -> bool:
    """May the person who registered still take part (whatever they have signed)?"""
    return (
        ineligibility(registration.meeting, user=registration.user, email=registration.email)
        is None
    )


def is_admitted(registration: Registration, current: PolicyDocument | None = None) -> bool:
    current = current if current is not None else current_code_of_conduct()
    if registration.is_revoked or current is None:
        return False
    if not still_eligible(registration):
        return False
    return ConductSignature.objects.filter(registration=registration, document=current).exists()


@dataclass(frozen=True)
class AttendeeRow:
    registration: Registration
    signed_version: int | None
    signed_name: str
    signed_at: datetime | None
    eligible: bool
    admitted: bool


def attendee_rows(meeting: Meeting) -> list[AttendeeRow]:
    """Each registrant, the latest version they signed, whether they are still eligible and
    whether they are admitted now: four queries whatever the number of registrants (five for a
    members' or branch meeting, six for a network's)."""
    current = current_code_of_conduct()
    barred = Member.objects.filter(status__in=BARRED_STATUSES).values_list(
        "email", "user__email", "user_id"
    )
    barred_emails: set[str] = set()
    barred_users: set[int] = set()
    for email, login_email, user_id in barred:
        # As in members_barred: the login's address counts as the member's too.
        barred_emails.update(address.lower() for address in (email, login_email) if address)
        if user_id is not None:
            barred_users.add(user_id)
    registrations = list(
        meeting.registrations.select_related("user").prefetch_related(
            Prefetch(
                "signatures",
                queryset=ConductSignature.objects.select_related("document").order_by(
                    "-document__version"
                ),
            )
        )
    )
    # The audience's own rule (current member, of the branch): the register read once.
    members: dict[int, Member] = {}
    in_network: set[int] = set()
    if meeting.audience != Audience.PUBLIC:
        user_ids = {r.user_id for r in registrations if r.user_id is not None}
        if meeting.audience == Audience.NETWORK and meeting.network is not None:
            in_network = meeting.network.members_among(user_ids)
        members = {
            member.user_id: member
            for member in Member.objects.filter(user_id__in=user_ids).only(
                "user_id", "status", "branch_id"
            )
            if member.user_id is not None
        }
    rows = []
    for registration in registrations:
        signatures = list(registration.signatures.all())
        latest = signatures[0] if signatures else None
        eligible = (
            registration.email.lower() not in barred_emails
            and registration.user_id not in barred_users
            and _audience_refusal(
                meeting,
                user=registration.user,
                member=members.get(registration.user_id) if registration.user_id else None,
                in_network=registration.user_id in in_network,
            )
            is None
        )
        admitted = (
            current is not None
            and not registration.is_revoked
            and eligible
            and any(s.document_id == current.pk for s in signatures)
        )
        rows.append(
            AttendeeRow(
                registration=registration,
                signed_version=latest.document.version if latest else None,
                signed_name=latest.signed_name if latest else "",
                signed_at=latest.signed_at if latest else None,
                eligible=eligible,
                admitted=admitted,
            )
        )
    return rows
