"""The verbs of versioned policies: drafting, publishing, and a person accepting a version."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from upstander import audit
from upstander.accounts.models import Role, User
from upstander.accounts.permissions import require_role
from upstander.policies.errors import PolicyNotCurrent, PolicyNotDraft
from upstander.policies.models import Acknowledgement, PolicyDocument, PolicyKind, PolicyStatus


@transaction.atomic
def policy_draft_create(
    actor: User | None, *, kind: PolicyKind, title: str, summary: str, body: str
) -> PolicyDocument:
    """Start the next version of a policy as a draft (the current version stays in force)."""
    require_role(actor, Role.ADMINISTRATOR, Role.SAFEGUARDING_LEAD)
    latest = (
        PolicyDocument.objects.select_for_update().filter(kind=kind).aggregate(v=Max("version"))
    )["v"] or 0
    document = PolicyDocument.objects.create(
        kind=kind,
        version=latest + 1,
        title=title.strip(),
        summary=summary.strip(),
        body=body.strip(),
        created_by=actor,
    )
    audit.record(actor, "policy.draft_create", document, {"kind": str(kind), "version": latest + 1})
    return document


@transaction.atomic
def policy_draft_update(
    actor: User | None, *, document: PolicyDocument, title: str, summary: str, body: str
) -> PolicyDocument:
    require_role(actor, Role.ADMINISTRATOR, Role.SAFEGUARDING_LEAD)
    document = PolicyDocument.objects.select_for_update().get(pk=document.pk)
    if document.status != PolicyStatus.DRAFT:
        raise PolicyNotDraft("A published version never changes; start a new draft instead.")
    document.title, document.summary, document.body = title.strip(), summary.strip(), body.strip()
    document.save(update_fields=["title", "summary", "body"])
    audit.record(actor, "policy.draft_update", document)
    return document


@transaction.atomic
def policy_publish(actor: User | None, *, document: PolicyDocument) -> PolicyDocument:
    """Make a draft the current version; the one before it is kept as superseded."""
    require_role(actor, Role.ADMINISTRATOR)
    document = PolicyDocument.objects.select_for_update().get(pk=document.pk)
    if document.status != PolicyStatus.DRAFT:
        raise PolicyNotDraft(f"{document} is already {document.get_status_display().lower()}.")
    superseded = PolicyDocument.objects.filter(
        kind=document.kind, status=PolicyStatus.PUBLISHED
    ).update(status=PolicyStatus.SUPERSEDED)
    document.status = PolicyStatus.PUBLISHED
    document.published_at = timezone.now()
    document.save(update_fields=["status", "published_at"])
    audit.record(
        actor, "policy.publish", document, {"version": document.version, "superseded": superseded}
    )
    return document


@transaction.atomic
def policy_acknowledge(actor: User, *, document: PolicyDocument) -> Acknowledgement:
    if document.status != PolicyStatus.PUBLISHED:
        raise PolicyNotCurrent(
            "This version is no longer current; please read and accept the current one."
        )
    acknowledgement, created = Acknowledgement.objects.get_or_create(user=actor, document=document)
    if created:
        audit.record(actor, "policy.acknowledge", document, {"version": document.version})
    return acknowledgement
