"""Demo data, made through the real services so the audit chain is real (cf. populate_db)."""

from __future__ import annotations

from datetime import date
from importlib import import_module
from pathlib import Path
from typing import Any

from allauth.mfa.models import Authenticator
from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction

from upstander.accounts.management.commands.demo_totp import DEMO_DOMAIN
from upstander.accounts.models import STAFF_ROLES, MembershipStatus, Platform, Role, User
from upstander.accounts.services import (
    admin_site_access_grant,
    handle_declare,
    member_create,
    role_grant,
    subscription_confirm,
    subscription_request,
    totp_create,
    user_create,
)
from upstander.accounts.services.subscriptions import confirm_token
from upstander.discipline.demo import PANEL as DEMO_PANEL
from upstander.policies.models import PolicyKind
from upstander.policies.services import policy_draft_create, policy_publish

# Apps whose demo.seed(people) adds their part of the story, in dependency order.
DEMO_APPS = [
    "reports",
    "cases",
    "discipline",
    "monitoring",
    "blocking",
    "meetings",
    "policies",
    "networks",
]
DEMO_DIR = Path(__file__).resolve().parents[2] / "demo"
DEMO_PASSWORD = "upstander-demo"  # noqa: S105 - printed for the local demo, never used elsewhere

DEMO_PEOPLE: list[tuple[str, str, list[Role]]] = [
    ("admin@demo.upstander.test", "Ada Admin", [Role.ADMINISTRATOR]),
    ("lead@demo.upstander.test", "Lena Lead", [Role.SAFEGUARDING_LEAD, Role.CASE_WORKER]),
    ("caseworker@demo.upstander.test", "Kit Caseworker", [Role.CASE_WORKER]),
    ("councillor@demo.upstander.test", "Cllr Priya Shah", [Role.PROTECTED_PERSON, Role.MEMBER]),
    ("member@demo.upstander.test", "Morgan Member", [Role.MEMBER]),
]

DEMO_MEMBERS: list[tuple[str, str, str, str, MembershipStatus, list[tuple[Platform, str]]]] = [
    (
        "M-1001",
        "Priya",
        "Shah",
        "Riverside",
        MembershipStatus.ACTIVE,
        [
            (Platform.BLUESKY, "@priyashah.bsky.social"),
            (Platform.MASTODON, "@priya@mastodon.social"),
        ],
    ),
    (
        "M-1002",
        "Morgan",
        "Member",
        "Riverside",
        MembershipStatus.ACTIVE,
        [(Platform.BLUESKY, "morgan.bsky.social")],
    ),
    ("M-1003", "Sam", "Okafor", "Hillside", MembershipStatus.ACTIVE, [(Platform.X, "@samokafor")]),
    (
        "M-1004",
        "Jo",
        "Brennan",
        "Hillside",
        MembershipStatus.SUSPENDED,
        [(Platform.BLUESKY, "jobrennan.bsky.social")],
    ),
    ("M-1005", "Alex", "Turner", "Old Town", MembershipStatus.LAPSED, []),
]


def _policy_text(kind: PolicyKind) -> tuple[str, str, str]:
    text = (DEMO_DIR / f"{kind.value}.txt").read_text(encoding="utf-8")
    head, body = text.split("\n---\n", 1)
    title, summary = head.split("\n", 1)
    return title.strip(), summary.strip(), body.strip()


def _demo_staff_totp() -> dict[str, str]:
    """Staff need a second factor for every staff page, so every demo staff account gets TOTP:
    the apps' demos add staff of their own (the discipline panels), hence after they ran."""
    staff = (
        User.objects.filter(
            email__endswith=DEMO_DOMAIN,
            role_grants__role__in=STAFF_ROLES,
            role_grants__revoked_at__isnull=True,
        )
        .exclude(authenticator__type=Authenticator.Type.TOTP)
        .distinct()
        .order_by("pk")
    )
    return {user.email: totp_create(None, user=user) for user in staff}


class Command(BaseCommand):
    help = "Load demo people, members, policies and subscribers (skips if already loaded)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--quiet", action="store_true")

    @transaction.atomic
    def handle(self, *args: Any, quiet: bool = False, **options: Any) -> None:
        if User.objects.filter(email=DEMO_PEOPLE[0][0]).exists():
            if not quiet:
                self.stdout.write("Demo data is already loaded.")
            return
        users: dict[str, User] = {}
        for email, name, roles in DEMO_PEOPLE:
            users[email] = user_create(
                None, email=email, password=DEMO_PASSWORD, display_name=name, email_verified=True
            )
            for role in roles:
                role_grant(None, user=users[email], role=role)
        admin = users[DEMO_PEOPLE[0][0]]
        admin_site_access_grant(None, user=admin)
        for number, given, family, branch, status, handles in DEMO_MEMBERS:
            login = next(
                (u for u in users.values() if u.display_name.endswith(f"{given} {family}")), None
            )
            member = member_create(
                admin,
                membership_number=number,
                given_name=given,
                family_name=family,
                joined_on=date(2021, 3, 1),
                branch=branch,
                status=status,
                user=login,
                email=login.email if login else "",
            )
            for platform, handle in handles:
                handle_declare(admin, member=member, platform=platform, handle=handle)
        for kind in PolicyKind:
            title, summary, body = _policy_text(kind)
            draft = policy_draft_create(admin, kind=kind, title=title, summary=summary, body=body)
            policy_publish(admin, document=draft)
        people = {email.split("@")[0]: user for email, user in users.items()}
        for app in DEMO_APPS:
            import_module(f"upstander.{app}.demo").seed(people)
        subscription_request(email="supporter@demo.upstander.test")
        subscription_confirm(token=confirm_token("supporter@demo.upstander.test"))
        totp_secrets = _demo_staff_totp()
        if not quiet:
            self.stdout.write(self.style.SUCCESS("Demo data loaded. Sign in with any of:"))
            for email, name, roles in DEMO_PEOPLE:
                role_names = ", ".join(role.label for role in roles)
                self.stdout.write(f"  {email:34} {DEMO_PASSWORD}   ({name}: {role_names})")
            for email, name in DEMO_PANEL:
                self.stdout.write(f"  {email:34} {DEMO_PASSWORD}   ({name}: Panel member)")
            self.stdout.write(
                "Staff accounts also need a code from an authenticator app. Add these TOTP "
                "secrets to one, or run `manage.py demo_totp EMAIL` for the current code:"
            )
            for email, secret in totp_secrets.items():
                self.stdout.write(f"  {email:34} {secret}")
