from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from upstander.accounts.models import Member, MembershipStatus, User
from upstander.policies.models import (
    Acknowledgement,
    PolicyDocument,
    PolicyKind,
    PolicyStatus,
    WelcomePack,
)


def policy_current(kind: PolicyKind) -> PolicyDocument | None:
    return PolicyDocument.objects.filter(kind=kind, status=PolicyStatus.PUBLISHED).first()


def policy_versions(kind: PolicyKind) -> QuerySet[PolicyDocument]:
    return PolicyDocument.objects.filter(kind=kind).exclude(status=PolicyStatus.DRAFT)


def policies_for_staff() -> QuerySet[PolicyDocument]:
    return PolicyDocument.objects.select_related("created_by").order_by("kind", "-version")


def policies_awaiting_acknowledgement(user: User) -> list[PolicyDocument]:
    """Current versions the person has not yet accepted (a new version needs a new acceptance)."""
    accepted = Acknowledgement.objects.filter(user=user).values("document_id")
    return list(
        PolicyDocument.objects.filter(status=PolicyStatus.PUBLISHED).exclude(pk__in=accepted)
    )


def acknowledgements_of(user: User) -> QuerySet[Acknowledgement]:
    return Acknowledgement.objects.filter(user=user).select_related("document")


def members_awaiting_welcome_pack() -> QuerySet[Member]:
    """Active members with an address (their own or their login's) and no pack yet: those the
    sweep sends a pack to and the staff page lists."""
    return (
        Member.objects.filter(status=MembershipStatus.ACTIVE, welcome_pack__isnull=True)
        .filter(Q(user__isnull=False) | ~Q(email=""))
        .select_related("user", "branch")
        .order_by("pk")
    )


def welcome_pack_of(member: Member) -> WelcomePack | None:
    return (
        WelcomePack.objects.select_related("equality", "behaviour", "code_of_conduct")
        .filter(member=member)
        .first()
    )


def subject_access_acknowledgements(person: User) -> list[dict[str, Any]]:
    """For a subject access export: each policy version they accepted, and when."""
    return [
        {
            "policy": ack.document.get_kind_display(),
            "title": ack.document.title,
            "version": ack.document.version,
            "acknowledged_at": ack.acknowledged_at,
        }
        for ack in acknowledgements_of(person).order_by("acknowledged_at", "pk")
    ]


def subject_access_welcome_pack(member: Member) -> dict[str, Any] | None:
    """For a subject access export: the welcome pack sent to this member and what it held."""
    pack = welcome_pack_of(member)
    if pack is None:
        return None
    return {
        "sent_to": pack.sent_to,
        "sent_at": pack.sent_at,
        "contained": [
            f"{document.title} (version {document.version})"
            for document in (pack.equality, pack.behaviour, pack.code_of_conduct)
        ],
    }
