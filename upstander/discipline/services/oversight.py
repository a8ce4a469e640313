"""Keeping the procedure honest: representations on the record, and prompts to update people."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from upstander import audit
from upstander.accounts.models import Role, User
from upstander.accounts.permissions import require_role
from upstander.discipline import conf
from upstander.discipline.errors import WrongStage
from upstander.discipline.models import Proceeding, Representation, Stage
from upstander.discipline.services.guards import require_text
from upstander.discipline.services.sanctions import leads_mail


@transaction.atomic
def representation_record(
    actor: User | None,
    *,
    proceeding: Proceeding,
    official_name: str,
    official_position: str,
    summary: str,
    official: User | None = None,
) -> Representation:
    """Put an approach from a party official about a live proceeding on the record.

    Anyone working on discipline who is approached records it; the safeguarding lead sees it.
    """
    require_role(
        actor, Role.CASE_WORKER, Role.SAFEGUARDING_LEAD, Role.PANEL_MEMBER, Role.ADMINISTRATOR
    )
    if proceeding.stage == Stage.CLOSED:
        raise WrongStage("This proceeding is closed; representations are recorded on live ones.")
    representation = Representation.objects.create(
        proceeding=proceeding,
        official=official,
        official_name=require_text(official_name, "who made the approach")[:200],
        official_position=official_position.strip()[:200],
        approached=actor,
        summary=require_text(summary, "what was said or asked"),
        recorded_by=actor,
        recorded_at=timezone.now(),
    )
    audit.record(
        actor,
        "proceeding.representation_record",
        proceeding,
        {"representation": representation.pk, "official": official.pk if official else None},
    )
    return representation


@transaction.atomic
def complainant_update_prompts(actor: User | None) -> int:
    """Remind the safeguarding leads of every complainant not updated for N days (once per N)."""
    every = timedelta(days=conf.complainant_update_days())
    now = timezone.now()
    due = list(
        Proceeding.objects.select_for_update()
        .exclude(stage=Stage.CLOSED)
        .filter(complainant_user__isnull=False, complainant_last_updated_at__lt=now - every)
        .filter(
            Q(complainant_update_prompted_at__isnull=True)
            | Q(complainant_update_prompted_at__lt=now - every)
        )
    )
    if not due:
        return 0
    for proceeding in due:
        proceeding.complainant_update_prompted_at = now
        proceeding.save(update_fields=["complainant_update_prompted_at"])
    references = ", ".join(p.reference for p in due)
    audit.record(
        actor,
        "proceeding.complainant_update_prompt",
        ("discipline.proceeding", "complainant_updates"),
        {"proceedings": [p.pk for p in due]},
    )
    leads_mail(
        subject=f"Complainants waiting for an update: {references}",
        body=(
            f"These complainants have heard nothing for {every.days} days or more: "
            f"{references}.\nPlease send each an update from the proceeding's page."
        ),
    )
    return len(due)
