"""One demo world for the whole fuzz module: seeded once, read once, rolled back at the end.

Seeding takes seconds, so it happens once inside an outer transaction; each test runs in a
savepoint of it and each post in a savepoint of that, so no post sees another's writes.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from allauth.mfa.models import Authenticator
from django.core.management import call_command
from django.db import transaction
from django.test.utils import override_settings
from pytest_django import DjangoDbBlocker

from tests.fuzz.site import CAST, FoundForm, Story, crawl
from upstander.accounts.models import User
from upstander.cases.models import Case, CaseState, Outcome
from upstander.cases.services import case_close
from upstander.core.errors import DomainError
from upstander.discipline.models import Proceeding
from upstander.evidence.models import EvidenceItem
from upstander.meetings.models import Meeting
from upstander.meetings.services import registration_create
from upstander.policies.models import PolicyKind
from upstander.policies.services import policy_draft_create
from upstander.reports.models import Report
from upstander.reports.services import report_submit


@dataclass
class World:
    story: Story
    forms: dict[str, list[FoundForm]]
    foreign_ids: list[int]  # ids of real cases, evidence, people: another form's objects


def _more_of_the_story() -> Story:
    """What the demo lacks for some forms to show, and the pages that then show them."""
    people = {role: User.objects.get(email=email) for role, email in CAST.items() if email}
    for role in ("panel_member", "appeal_panel_member"):
        # The demo gives its staff a second factor; panel pages are staff pages.
        assert Authenticator.objects.filter(user=people[role]).exists()
    members_meeting = Meeting.objects.filter(audience="members").order_by("pk").first()
    public_meeting = Meeting.objects.filter(audience="public").order_by("pk").first()
    assert members_meeting is not None and public_meeting is not None
    # Someone registered who has not signed yet: the signing form shows on their place.
    registration_create(people["protected_person"], meeting=members_meeting)
    visitor = registration_create(
        None, meeting=public_meeting, name="Fuzz Visitor", email="fuzz.visitor@example.org"
    )
    policy_draft_create(
        people["administrator"],
        kind=PolicyKind.CODE_OF_CONDUCT,
        title="Code of conduct (draft)",
        summary="A draft to publish.",
        body="Be kind.",
    )
    anonymous = report_submit(
        None,
        target_kind="representative",
        platform="bluesky",
        what_happened="An anonymous report to follow up.",
        anonymous=True,
    )
    assert anonymous.receipt_code is not None
    # A closed case, to be reopened: the first demo case that may close now.
    closed: Case | None = None
    for case in Case.objects.exclude(state=CaseState.CLOSED).order_by("-pk"):
        try:
            with transaction.atomic():
                closed = case_close(
                    people["safeguarding_lead"], case=case, outcome=Outcome.NO_ACTION
                )
            break
        except DomainError:
            continue
    assert closed is not None
    panel_pages = [
        f"/staff/discipline/{pk}/panel/" for pk in Proceeding.objects.values_list("pk", flat=True)
    ]
    return Story(
        # A member follows up the report they made anonymously with its receipt code.
        posts={
            "member_and_network_rep": [("/report/follow-up/", {"code": anonymous.receipt_code})]
        },
        pages={
            "public": [f"/meetings/place/{visitor.token}/"],
            "member_and_network_rep": [f"/report/{anonymous.report.pk}/"],
            "protected_person": [f"/meetings/{members_meeting.pk}/my-place/"],
            "safeguarding_lead": [f"/staff/cases/{closed.pk}/"],
            # The panel's own pages, which the staff pages do not link for them.
            "panel_member": panel_pages,
            "appeal_panel_member": panel_pages,
        },
    )


def _foreign_ids() -> list[int]:
    ids: set[int] = set()
    for model in (Case, EvidenceItem, Report, Proceeding, Meeting, User):
        ids.update(model.objects.values_list("pk", flat=True))
    return sorted(ids)


@pytest.fixture(scope="module")
def world(django_db_setup: None, django_db_blocker: DjangoDbBlocker) -> Iterator[World]:
    with (
        django_db_blocker.unblock(),
        override_settings(
            PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
            TASKS={"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}},
            PLATFORM_ALLOW_PRIVATE_HOSTS=True,
        ),
    ):
        outer = transaction.atomic()
        outer.__enter__()
        try:
            call_command("seed_demo", quiet=True)
            story = _more_of_the_story()
            yield World(story=story, forms=crawl(story), foreign_ids=_foreign_ids())
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
