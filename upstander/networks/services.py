"""The verbs of equality networks and consultations; each is atomic and writes one audit entry."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from upstander import audit
from upstander.accounts.models import Role, User
from upstander.accounts.permissions import has_role, require_role
from upstander.networks.errors import (
    ConsultationAlreadyPublished,
    ConsultationClosed,
    NetworkNotConsulted,
    NoNetworkChosen,
    NotRepresentative,
    ResponseEmpty,
    ResponsesAwaitingReply,
)
from upstander.networks.models import (
    Consultation,
    ConsultationResponse,
    ConsultationStatus,
    Network,
    NetworkMembership,
    PublishedQuarter,
    membership_index,
)
from upstander.networks.selectors import quarter_counts, quarters_to_publish
from upstander.policies.models import PolicyDocument

STAFF = (Role.ADMINISTRATOR, Role.SAFEGUARDING_LEAD)


@transaction.atomic
def network_create(actor: User | None, *, name: str, description: str = "") -> Network:
    require_role(actor, Role.ADMINISTRATOR)
    network = Network.objects.create(
        name=name.strip(), slug=slugify(name)[:60], description=description.strip()
    )
    audit.record(actor, "network.create", network)
    return network


@transaction.atomic
def network_member_add(
    actor: User | None, *, network: Network, user: User, representative: bool = False
) -> NetworkMembership:
    """Add someone to a network (or make them a representative, who needs that role too)."""
    require_role(actor, Role.ADMINISTRATOR)
    if representative and not has_role(user, Role.NETWORK_REP):
        raise NotRepresentative(
            f"{user} first needs the role {Role.NETWORK_REP.label} to represent a network."
        )
    membership, _ = NetworkMembership.objects.update_or_create(
        network=network,
        member_index=membership_index(network.pk, user.pk),
        defaults={
            "member": str(user.pk),
            "is_representative": representative,
            "user": user if representative else None,
        },
    )
    audit.record(
        actor, "network.member_add", network, {"user": user.pk, "representative": representative}
    )
    return membership


@transaction.atomic
def consultation_open(
    actor: User | None,
    *,
    title: str,
    draft: str,
    networks: Sequence[Network],
    deadline: datetime,
) -> Consultation:
    """Put a strategy draft to one or more networks, with a deadline for their responses."""
    require_role(actor, *STAFF)
    if not networks:
        raise NoNetworkChosen("Choose at least one network to consult.")
    if deadline <= timezone.now():
        raise ConsultationClosed("The deadline must be in the future.")
    consultation = Consultation.objects.create(
        title=title.strip(), draft=draft.strip(), deadline=deadline, opened_by=actor
    )
    consultation.networks.set(networks)
    audit.record(
        actor,
        "consultation.open",
        consultation,
        {"networks": sorted(n.pk for n in networks), "deadline": deadline.isoformat()},
    )
    return consultation


@transaction.atomic
def consultation_respond(
    actor: User, *, consultation: Consultation, network: Network, point: str
) -> ConsultationResponse:
    """A representative makes one point on behalf of their network ("you said")."""
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    if not NetworkMembership.objects.filter(
        network=network, user=actor, is_representative=True
    ).exists() or not has_role(actor, Role.NETWORK_REP):
        raise NotRepresentative(f"Only the {network}'s representatives respond for it.")
    if not consultation.networks.filter(pk=network.pk).exists():
        raise NetworkNotConsulted(f"This consultation was not put to the {network}.")
    if consultation.status != ConsultationStatus.OPEN or consultation.deadline <= timezone.now():
        raise ConsultationClosed("This consultation is closed to new responses.")
    if not point.strip():
        raise ResponseEmpty("Please write your response.")
    response = ConsultationResponse.objects.create(
        consultation=consultation, network=network, author=actor, point=point.strip()
    )
    audit.record(actor, "consultation.respond", consultation, {"network": network.pk})
    return response


def _lock_unpublished(consultation_id: int, refusal: str) -> Consultation:
    """Lock the consultation for a change; once its summary is published it no longer changes
    (`refusal` says so to the caller)."""
    consultation = Consultation.objects.select_for_update().get(pk=consultation_id)
    if consultation.status == ConsultationStatus.PUBLISHED:
        raise ConsultationAlreadyPublished(refusal)
    return consultation


@transaction.atomic
def consultation_reply(
    actor: User | None, *, response: ConsultationResponse, reply: str
) -> ConsultationResponse:
    """Staff record what they did about one point ("we did")."""
    require_role(actor, *STAFF)
    # The consultation first, as publishing locks it: a reply waits for a publish in progress
    # instead of clearing an answer under it.
    consultation = _lock_unpublished(
        response.consultation_id, "The summary is published; it no longer changes."
    )
    response = ConsultationResponse.objects.select_for_update().get(pk=response.pk)
    response.reply = reply.strip()
    response.replied_by = actor
    response.replied_at = timezone.now() if response.reply else None
    response.save(update_fields=["reply", "replied_by", "replied_at"])
    audit.record(actor, "consultation.reply", consultation, {"response": response.pk})
    return response


@transaction.atomic
def consultation_publish(
    actor: User | None, *, consultation: Consultation, summary: str
) -> Consultation:
    """Publish "you said, we did": only once every point has an answer."""
    require_role(actor, *STAFF)
    consultation = _lock_unpublished(consultation.pk, "This summary is already published.")
    waiting = consultation.responses.filter(reply="").count()
    if waiting:
        raise ResponsesAwaitingReply(
            f"{waiting} point(s) still need an answer before the summary is published."
        )
    consultation.summary = summary.strip()
    consultation.status = ConsultationStatus.PUBLISHED
    consultation.published_at = timezone.now()
    consultation.save(update_fields=["summary", "status", "published_at"])
    audit.record(actor, "consultation.publish", consultation)
    return consultation


@transaction.atomic
def consultation_link_policy(
    actor: User | None, *, consultation: Consultation, document: PolicyDocument
) -> Consultation:
    """Record that a policy version was shaped by this consultation."""
    require_role(actor, *STAFF)
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    consultation.resulting_policy = document
    consultation.save(update_fields=["resulting_policy"])
    audit.record(
        actor,
        "consultation.link_policy",
        consultation,
        {"policy": document.pk, "kind": document.kind, "version": document.version},
    )
    return consultation


@transaction.atomic
def statistics_publish_closed_quarters(
    actor: User | None, *, today: date | None = None
) -> list[PublishedQuarter]:
    """Freeze the figures of each closed quarter not yet published (none while one is running).

    Run by the daily `manage.py publish_statistics` (actor None) and safe to run any number of
    times: a published quarter is never counted again, so its figures never change.
    """
    published = []
    for quarter in quarters_to_publish(today=today):
        row, created = PublishedQuarter.objects.get_or_create(
            quarter_starts_on=quarter.starts_on,
            defaults={"counts": quarter_counts(quarter), "published_at": timezone.now()},
        )
        if created:
            audit.record(actor, "statistics.publish", row, {"quarter": quarter.label})
            published.append(row)
    return published
