from __future__ import annotations

from django.db.models import QuerySet

from upstander.accounts.models import User
from upstander.policies.models import Acknowledgement, PolicyDocument, PolicyKind, PolicyStatus


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
