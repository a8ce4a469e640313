"""Read models for the public pages and the staff dashboard."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.apps import apps
from django.db.models import Q, QuerySet

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
        # The chain numbers its entries 1, 2, 3... with no gaps (verify_audit checks), so the
        # newest number is the count, read from the index instead of counting every entry.
        audit_entries=AuditEntry.objects.order_by("-sequence")
        .values_list("sequence", flat=True)
        .first()
        or 0,
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


# A dashboard panel, not a search: the log is read newest first in windows of _WINDOW entries,
# at most _LOOK_BACK of them, and each window's targets are checked by primary key. One OR of
# subqueries over the whole log read every entry, case and report for each case worker's
# dashboard (88 ms at 100,000 cases and 12,000 entries, and growing with the log).
_WINDOW = 200
_LOOK_BACK = 5_000


def _numbers(target_ids: set[str]) -> set[int]:
    return {int(target_id) for target_id in target_ids if target_id.isdecimal()}


def _openable_ids(queryset: QuerySet[Any], target_ids: set[str]) -> set[str]:
    """Which of these audit target ids (text) are rows of `queryset`."""
    numbers = _numbers(target_ids)
    if not numbers:
        return set()
    return {str(pk) for pk in queryset.filter(pk__in=numbers).values_list("pk", flat=True)}


def _openable(user: User, entries: list[AuditEntry]) -> list[AuditEntry]:
    """The entries this person's roles may open (everyone but a safeguarding lead): their own
    actions; for case workers the cases assigned to them, the reports awaiting a case or on one
    of their cases, and the blocklist; proceedings they opened or sit in; for administrators
    whatever lies outside the need-to-know apps."""
    targets: dict[str, set[str]] = {}
    for entry in entries:
        targets.setdefault(entry.target_type, set()).add(entry.target_id)
    worker = has_role(user, Role.CASE_WORKER)
    administrator = has_role(user, Role.ADMINISTRATOR)
    cases: set[str] = set()
    reports: set[str] = set()
    if worker:
        cases = _openable_ids(
            Case.objects.filter(assigned_to_id=user.pk), targets.get("cases.case", set())
        )
        reports = _openable_ids(
            Report.objects.filter(Q(case__isnull=True) | Q(case__assigned_to_id=user.pk)),
            targets.get("reports.report", set()),
        )
    proceedings = _openable_ids(
        discipline_selectors.proceedings_for(user).order_by(),
        targets.get("discipline.proceeding", set()),
    )
    need_to_know = tuple(f"{app}." for app in NEED_TO_KNOW_APPS)

    def may_open(entry: AuditEntry) -> bool:
        kind, target = entry.target_type, entry.target_id
        return (
            entry.actor_user_id == user.pk
            or (kind == "cases.case" and target in cases)
            or (kind == "reports.report" and target in reports)
            or (worker and kind.startswith("blocking."))
            or (kind == "discipline.proceeding" and target in proceedings)
            or (administrator and not kind.startswith(need_to_know))
        )

    return [entry for entry in entries if may_open(entry)]


def _latest_entries(user: User, limit: int) -> list[AuditEntry]:
    newest_first = AuditEntry.objects.order_by("-sequence")
    if has_role(user, Role.SAFEGUARDING_LEAD):
        return list(newest_first[:limit])
    found: list[AuditEntry] = []
    window = list(newest_first[:_WINDOW])
    looked = len(window)
    while window:
        found += _openable(user, window)[: limit - len(found)]
        if len(found) >= limit or looked >= _LOOK_BACK:
            break
        window = list(newest_first.filter(sequence__lt=window[-1].sequence)[:_WINDOW])
        looked += len(window)
    return found


def recent_audit_entries(user: User, limit: int = 15) -> list[ActivityRow]:
    """The latest entries this person may open, with names resolved now (the log itself stores
    no personal data)."""
    entries = _latest_entries(user, limit)
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
