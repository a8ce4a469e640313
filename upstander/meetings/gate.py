"""The code-of-conduct gate: the one rule that decides who is admitted to a meeting.

Admitted means: the place is not withdrawn, the person is not a suspended or expelled member
(by login or by email), and they hold a signature on the code of conduct version that is
current *now*. Services (which send details by mail) and selectors (which show them on screen)
both ask here, so the page and the mail can never disagree.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Prefetch, Q

from upstander.accounts.models import Member, MembershipStatus, User
from upstander.core.blind_index import index_for
from upstander.meetings.models import ConductSignature, Meeting, Registration
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


def is_admitted(registration: Registration, current: PolicyDocument | None = None) -> bool:
    current = current if current is not None else current_code_of_conduct()
    if registration.is_revoked or current is None:
        return False
    if members_barred(user=registration.user, email=registration.email):
        return False
    return ConductSignature.objects.filter(registration=registration, document=current).exists()


@dataclass(frozen=True)
class AttendeeRow:
    registration: Registration
    signed_version: int | None
    signed_name: str
    signed_at: datetime | None
    admitted: bool


def attendee_rows(meeting: Meeting) -> list[AttendeeRow]:
    """Each registrant, the latest version they signed, and whether they are admitted now
    (four queries, whatever the number of registrants)."""
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
    registrations = meeting.registrations.prefetch_related(
        Prefetch(
            "signatures",
            queryset=ConductSignature.objects.select_related("document").order_by(
                "-document__version"
            ),
        )
    )
    rows = []
    for registration in registrations:
        signatures = list(registration.signatures.all())
        latest = signatures[0] if signatures else None
        in_standing = (
            registration.email.lower() not in barred_emails
            and registration.user_id not in barred_users
        )
        admitted = (
            current is not None
            and not registration.is_revoked
            and in_standing
            and any(s.document_id == current.pk for s in signatures)
        )
        rows.append(
            AttendeeRow(
                registration=registration,
                signed_version=latest.document.version if latest else None,
                signed_name=latest.signed_name if latest else "",
                signed_at=latest.signed_at if latest else None,
                admitted=admitted,
            )
        )
    return rows
