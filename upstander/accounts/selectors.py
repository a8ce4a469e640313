"""Questions about people: who holds which role, which member owns an account."""

from __future__ import annotations

import contextlib
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet

from upstander.accounts.handles import InvalidHandle, normalise_handle
from upstander.accounts.models import (
    EmailUpdate,
    Member,
    MembershipStatus,
    MemberStatusChange,
    Role,
    RoleGrant,
    SocialHandle,
    Subscriber,
    SubscriptionStatus,
    User,
)
from upstander.core.blind_index import index_for
from upstander.core.redaction import redact

# Expelled and lapsed people are no longer members: their accounts are blocked like anyone's.
# A suspended member still is one, and stays on the disciplinary route.
STILL_MEMBERS = frozenset({MembershipStatus.ACTIVE, MembershipStatus.SUSPENDED})


def member_for_account(*, platform: str, identifier: str) -> Member | None:
    """The member who declared this account, matched by any spelling of the handle or its id
    (the stable id still matches after the account changed handle). Former members are not."""
    value = identifier.strip()
    if not value:
        return None
    # Not a handle (e.g. a Mastodon account URI)? It can still match a stable id.
    with contextlib.suppress(InvalidHandle):
        value = normalise_handle(platform, value)
    found = (
        SocialHandle.objects.filter(
            Q(handle=value) | Q(stable_id=value),
            platform=platform,
            member__status__in=STILL_MEMBERS,
        )
        .select_related("member", "member__branch")
        .first()
    )
    return found.member if found else None


def safeguarding_lead_emails() -> list[str]:
    """Where mail for "the leads" goes: each active account holding the lead role, once."""
    return sorted(
        set(
            RoleGrant.objects.filter(
                role=Role.SAFEGUARDING_LEAD, revoked_at__isnull=True, user__is_active=True
            ).values_list("user__email", flat=True)
        )
    )


def users_with_roles() -> QuerySet[User]:
    return User.objects.order_by("email").prefetch_related(
        Prefetch(
            "role_grants",
            queryset=RoleGrant.objects.filter(revoked_at__isnull=True),
            to_attr="active_grants",
        )
    )


def members_list(*, search: str = "") -> QuerySet[Member]:
    """The register, searched by membership number, handle, or an exact name or email (names
    and emails are encrypted: only their blind indexes can be matched, never a part)."""
    members = Member.objects.select_related("branch").prefetch_related("handles")
    if search:
        members = members.filter(
            Q(membership_number__iexact=search)
            | Q(family_name_index=index_for(Member, "family_name_index", search))
            | Q(given_name_index=index_for(Member, "given_name_index", search))
            | Q(email_index=index_for(Member, "email_index", search))
            | Q(handles__handle__icontains=search.lstrip("@").lower())
        ).distinct()
    return members


def confirmed_subscribers() -> QuerySet[Subscriber]:
    return Subscriber.objects.filter(status=SubscriptionStatus.CONFIRMED).order_by("email")


def people_named(ids: Collection[int]) -> dict[int, str]:
    """Each account's name as it stands now ("Display Name <email>", or the email alone), for
    records that must say who acted in words, not ids. Ids with no account are left out."""
    people = User.objects.filter(pk__in=set(ids)).only("pk", "display_name", "email")
    return {
        person.pk: f"{person.display_name} <{person.email}>"
        if person.display_name
        else person.email
        for person in people
    }


@dataclass(frozen=True)
class EmailUpdateProgress:
    """How far an email update has gone: mails queued, accepted by the mail server, or given up."""

    recipients: int
    queued: int
    sent: int
    failed: int
    queuing_done: bool

    @property
    def finished(self) -> bool:
        return self.queuing_done and self.sent + self.failed >= self.queued

    @property
    def percent_sent(self) -> int:
        return 100 if not self.recipients else min(100, round(100 * self.sent / self.recipients))


def email_updates_recent(limit: int = 20) -> QuerySet[EmailUpdate]:
    return EmailUpdate.objects.select_related("sent_by")[:limit]


def email_update_progress(update: EmailUpdate) -> EmailUpdateProgress:
    counts = update.mails.aggregate(
        queued=Count("pk"),
        sent=Count("pk", filter=Q(sent_at__isnull=False)),
        failed=Count("pk", filter=Q(failed_at__isnull=False)),
    )
    return EmailUpdateProgress(
        recipients=update.recipients,
        queued=counts["queued"],
        sent=counts["sent"],
        failed=counts["failed"],
        queuing_done=update.queued_at is not None,
    )


def membership_of(user: User) -> Member | None:
    """The register's entry linked to this login, if they are a member."""
    return Member.objects.filter(user=user).first()


def handles_of(member: Member) -> QuerySet[SocialHandle]:
    return SocialHandle.objects.filter(member=member).order_by("platform", "handle")


# Subject access: what the register and the account hold about one person (never a password,
# a second factor or a session). Dates stay dates; the export writes them as ISO 8601.


def subject_access_memberships(person: User) -> list[Member]:
    """The register's entries about this person: the one linked to their login, and any not yet
    linked that has their email address."""
    mine = Q(user=person) | Q(
        user__isnull=True, email_index=index_for(Member, "email_index", person.email)
    )
    return list(Member.objects.filter(mine).select_related("branch").order_by("pk"))


def subject_access_member(member: Member) -> dict[str, Any]:
    """One membership record with the social accounts the member declared as theirs."""
    return {
        "membership_number": member.membership_number,
        "given_name": member.given_name,
        "family_name": member.family_name,
        "email": member.email,
        "status": member.get_status_display(),
        "joined_on": member.joined_on,
        "branch": member.branch.name if member.branch else None,
        "recorded_at": member.created_at,
        "declared_social_accounts": [
            {
                "platform": handle.get_platform_display(),
                "handle": handle.handle,
                "stable_id": handle.stable_id,
                "declared_at": handle.declared_at,
            }
            for handle in handles_of(member)
        ],
        "status_changes": [
            _subject_access_status_change(change, member)
            for change in MemberStatusChange.objects.filter(member=member).select_related(
                "changed_by"
            )
        ],
    }


def _subject_access_status_change(change: MemberStatusChange, member: Member) -> dict[str, Any]:
    """The reason is about the member, so they see it; the staff member who typed it is not
    named, there or in the reason."""
    staff = change.changed_by
    names: set[str] = (
        set() if staff is None or staff.pk == member.user_id else {staff.display_name, staff.email}
    )
    return {
        "from": change.get_from_status_display(),
        "to": change.get_to_status_display(),
        "at": change.changed_at,
        "reason": redact(change.reason, names),
    }


def subject_access_subscription(person: User) -> dict[str, Any] | None:
    """Their newsletter subscription (kept by email address), if they ever asked for one."""
    subscriber = Subscriber.objects.filter(email__iexact=person.email).first()
    if subscriber is None:
        return None
    return {
        "email": subscriber.email,
        "status": subscriber.get_status_display(),
        "requested_at": subscriber.requested_at,
        "confirmed_at": subscriber.confirmed_at,
        "unsubscribed_at": subscriber.unsubscribed_at,
    }


def subject_access_roles(person: User) -> list[dict[str, Any]]:
    """Every role they hold or held, and when (who granted it is staff: not named)."""
    grants = RoleGrant.objects.filter(user=person).order_by("granted_at", "pk")
    return [
        {
            "role": grant.get_role_display(),
            "granted_at": grant.granted_at,
            "revoked_at": grant.revoked_at,
        }
        for grant in grants
    ]
