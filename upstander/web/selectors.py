"""Read models for the public pages and the staff dashboard."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.apps import apps
from django.db.models import CharField, Q, QuerySet
from django.db.models.functions import Cast

from upstander.accounts.models import (
    Member,
    MembershipStatus,
    Role,
    Subscriber,
    SubscriptionStatus,
    User,
)
from upstander.accounts.permissions import has_role
from upstander.audit.models import AuditEntry
from upstander.cases.models import Case
from upstander.cases.selectors import SafetyAlertRow, safety_alerts_unacknowledged
from upstander.core.mail import mail_failed_count
from upstander.discipline import selectors as discipline_selectors
from upstander.policies.models import PolicyDocument, PolicyStatus
from upstander.reports.models import Report
from upstander.reports.selectors import MailboxHealth, mailbox_health


@dataclass(frozen=True)
class DashboardFigures:
    active_members: int
    confirmed_subscribers: int
    current_policies: int
    audit_entries: int


def dashboard_figures() -> DashboardFigures:
    return DashboardFigures(
        active_members=Member.objects.filter(status=MembershipStatus.ACTIVE).count(),
        confirmed_subscribers=Subscriber.objects.filter(
            status=SubscriptionStatus.CONFIRMED
        ).count(),
        current_policies=PolicyDocument.objects.filter(status=PolicyStatus.PUBLISHED).count(),
        audit_entries=AuditEntry.objects.count(),
    )


@dataclass(frozen=True)
class SafeguardingBanner:
    """What only safeguarding leads see at the top of the dashboard."""

    safety_alerts: list[SafetyAlertRow]
    failed_mail: int
    mailboxes: list[MailboxHealth]


def safeguarding_banner(user: User) -> SafeguardingBanner | None:
    """Unacknowledged critical safety reports and mail given up on; None for anyone not a lead."""
    if not has_role(user, Role.SAFEGUARDING_LEAD):
        return None
    return SafeguardingBanner(
        safety_alerts=safety_alerts_unacknowledged(),
        failed_mail=mail_failed_count(),
        mailboxes=mailbox_health(),
    )


@dataclass(frozen=True)
class ActivityRow:
    sequence: int
    created_at: datetime
    actor_name: str
    verb: str
    target: str


# Apps whose entries name people on a need-to-know basis (who reported what, whose case,
# whose proceeding): shown only to those who may open the case, report or proceeding.
NEED_TO_KNOW_APPS = ("cases", "reports", "discipline", "monitoring", "blocking")


def _ids_as_text(queryset: QuerySet[Any]) -> QuerySet[Any]:
    """The rows' primary keys as the audit log's text `target_id`, as a subquery."""
    ids: QuerySet[Any] = queryset.annotate(as_text=Cast("pk", CharField())).values("as_text")
    return ids


def _visible_entries(user: User) -> Q | None:
    """What this person's roles may open; None: everything (safeguarding leads)."""
    if has_role(user, Role.SAFEGUARDING_LEAD):
        return None
    visible = Q(actor_user_id=user.pk)  # one's own actions
    if has_role(user, Role.CASE_WORKER):
        mine = Case.objects.filter(assigned_to_id=user.pk)
        queue = Report.objects.filter(Q(case__isnull=True) | Q(case__assigned_to_id=user.pk))
        visible |= Q(target_type="cases.case", target_id__in=_ids_as_text(mine))
        visible |= Q(target_type="reports.report", target_id__in=_ids_as_text(queue))
        visible |= Q(target_type__startswith="blocking.")
    visible |= Q(
        target_type="discipline.proceeding",
        target_id__in=_ids_as_text(discipline_selectors.proceedings_for(user)),
    )
    if has_role(user, Role.ADMINISTRATOR):
        outside = Q()
        for app in NEED_TO_KNOW_APPS:
            outside &= ~Q(target_type__startswith=f"{app}.")
        visible |= outside
    return visible


def recent_audit_entries(user: User, limit: int = 15) -> list[ActivityRow]:
    """The latest entries this person may open, with names resolved now (the log itself stores
    no personal data)."""
    entries_seen = AuditEntry.objects.order_by("-sequence")
    visible = _visible_entries(user)
    if visible is not None:
        entries_seen = entries_seen.filter(visible)
    entries = list(entries_seen[:limit])
    names = {
        user.pk: str(user)
        for user in User.objects.filter(
            pk__in={e.actor_user_id for e in entries if e.actor_user_id}
        )
    }
    rows = []
    for entry in entries:
        actor = names.get(entry.actor_user_id or 0)
        if actor is None:
            actor = "system" if entry.actor_label == "anonymous" else entry.actor_label
        rows.append(
            ActivityRow(entry.sequence, entry.created_at, actor, entry.verb, _target_label(entry))
        )
    return rows


def _target_label(entry: AuditEntry) -> str:
    try:
        kind = str(apps.get_model(entry.target_type)._meta.verbose_name)
    except (LookupError, ValueError):
        kind = entry.target_type
    return f"{kind} {entry.target_id}".strip()


@dataclass(frozen=True)
class ManageLink:
    url_name: str
    label: str
    roles: tuple[Role, ...]


_WORKERS = (Role.CASE_WORKER, Role.SAFEGUARDING_LEAD)
_LEADS_AND_ADMINS = (Role.SAFEGUARDING_LEAD, Role.ADMINISTRATOR)
_WORKERS_AND_ADMINS = (*_WORKERS, Role.ADMINISTRATOR)
_ADMINS = (Role.ADMINISTRATOR,)
# Who each page lets in, as its view decides (tests/web/test_staff_dashboard.py opens every
# link as every staff role, so this list cannot drift from the views).
MANAGE_LINKS = (
    ManageLink("cases:queue", "Cases: triage queue", _WORKERS),
    ManageLink(
        "monitoring:queue", "Monitoring: review queue of the people you follow", _WORKERS_AND_ADMINS
    ),
    ManageLink("blocking:blocklist", "Blocklist, deliveries and time to block", _WORKERS),
    ManageLink(
        "discipline:staff_list",
        "Disciplinary proceedings, panels and appeals",
        (*_WORKERS_AND_ADMINS, Role.PANEL_MEMBER),
    ),
    ManageLink("cases:subject_access", "Subject access export", _LEADS_AND_ADMINS),
    ManageLink(
        "meetings:staff_list",
        "Meetings: code-of-conduct gate, attendees, passwords",
        _WORKERS_AND_ADMINS,
    ),
    ManageLink("networks:staff_networks", "Equality networks and consultations", _LEADS_AND_ADMINS),
    ManageLink("policies:staff_welcome_packs", "Welcome packs for new members", _ADMINS),
    ManageLink("policies:staff_list", "Policies: drafts and publishing", _LEADS_AND_ADMINS),
    ManageLink("accounts:staff_members", "Membership register and CSV import", _ADMINS),
    ManageLink("accounts:staff_roles", "Roles", _ADMINS),
    ManageLink("accounts:staff_email_updates", "Email updates to subscribers", _ADMINS),
)


def manage_links(user: User) -> list[ManageLink]:
    """The staff pages this person's roles open: a panel member is not shown the triage queue."""
    return [link for link in MANAGE_LINKS if has_role(user, *link.roles)]
