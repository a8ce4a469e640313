"""Accounts declared by handle alone (the register gives handles) get their stable ids looked
up, so a member who later changes handle is still recognised as a member."""

from __future__ import annotations

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command

from tests.accounts.test_member_import import HEADER
from tests.blocking.conftest import connect_mastodon
from tests.platforms.mastodon_server import MastodonServer
from upstander.accounts.models import Platform, SocialHandle, User
from upstander.accounts.services import (
    handles_resolve_missing,
    member_create,
    members_import_csv,
)
from upstander.audit.models import AuditEntry
from upstander.core.errors import NotPermitted

pytestmark = pytest.mark.django_db


def test_accounts_imported_from_the_register_get_their_stable_ids(
    administrator: User,
    protected_person: User,
    mastodon: MastodonServer,
    django_capture_on_commit_callbacks: object,
) -> None:
    connect_mastodon(mastodon, protected_person, "priya")  # an account the party may ask with
    sam = mastodon.add_account("sam", remote="social.test")
    register = HEADER + "M-20,Sam,Member,,active,2020-01-01,,mastodon:@sam@social.test\n"
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        members_import_csv(administrator, text=register)
    declared = SocialHandle.objects.get(handle="sam@social.test")
    assert declared.stable_id == sam["uri"]
    assert AuditEntry.objects.filter(verb="handle.resolve").count() == 1


def test_the_backfill_finds_what_it_can_and_leaves_the_rest_for_next_time(
    protected_person: User, mastodon: MastodonServer
) -> None:
    connect_mastodon(mastodon, protected_person, "priya")
    sam = mastodon.add_account("sam", remote="social.test")
    member = member_create(
        None,
        membership_number="M-21",
        given_name="Sam",
        family_name="M",
        joined_on=date(2020, 1, 1),
    )
    # Declared before ids were looked up: handles only.
    SocialHandle.objects.create(member=member, platform=Platform.MASTODON, handle="sam@social.test")
    SocialHandle.objects.create(member=member, platform=Platform.BLUESKY, handle="sam.bsky.social")
    out = StringIO()
    call_command("resolve_member_handles", stdout=out, stderr=StringIO())
    assert "Stable ids found for 1 account(s); 1 still by handle only" in out.getvalue()
    assert SocialHandle.objects.get(platform=Platform.MASTODON).stable_id == sam["uri"]
    # Nobody on Bluesky to ask with: left as it was, and tried again next run.
    assert SocialHandle.objects.get(platform=Platform.BLUESKY).stable_id == ""
    again = handles_resolve_missing(None)
    assert (again.resolved, again.unresolved) == (0, 1)


def test_only_an_administrator_runs_the_lookup(caseworker: User) -> None:
    with pytest.raises(NotPermitted):
        handles_resolve_missing(caseworker)
