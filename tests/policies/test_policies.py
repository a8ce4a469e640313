"""Policies are versioned: drafts become the current version, old versions stay readable,
and acceptance is of one version, so a new version needs a new acceptance."""

from __future__ import annotations

import pytest
from django.db import IntegrityError
from django.test import Client
from django.urls import reverse

from tests.conftest import signed_in
from upstander.accounts.models import User
from upstander.core.errors import NotPermitted
from upstander.policies.errors import PolicyNotCurrent, PolicyNotDraft
from upstander.policies.models import PolicyDocument, PolicyKind, PolicyStatus
from upstander.policies.selectors import policies_awaiting_acknowledgement, policy_current
from upstander.policies.services import (
    policy_acknowledge,
    policy_draft_create,
    policy_draft_update,
    policy_publish,
)

pytestmark = pytest.mark.django_db


def publish(actor: User | None, title: str = "Online behaviour policy") -> PolicyDocument:
    draft = policy_draft_create(
        actor, kind=PolicyKind.BEHAVIOUR, title=title, summary="Be kind.", body="No threats."
    )
    return policy_publish(actor, document=draft)


def test_a_draft_is_not_public_until_published(client: Client, administrator: User) -> None:
    policy_draft_create(
        administrator, kind=PolicyKind.EQUALITY, title="Equality", summary="s", body="b"
    )
    assert policy_current(PolicyKind.EQUALITY) is None
    assert client.get(reverse("policies:page", args=["equality"])).status_code == 404


def test_publishing_a_new_version_supersedes_and_keeps_the_old(
    client: Client, administrator: User
) -> None:
    first = publish(administrator, "Version one")
    second = publish(administrator, "Version two")
    first.refresh_from_db()
    assert (first.version, second.version) == (1, 2)
    assert first.status == PolicyStatus.SUPERSEDED
    assert policy_current(PolicyKind.BEHAVIOUR) == second
    page = client.get(reverse("policies:version", args=["behaviour", 1]))
    assert "Version one" in page.content.decode()
    assert "has been replaced" in page.content.decode()


def test_published_text_never_changes(administrator: User) -> None:
    document = publish(administrator)
    with pytest.raises(PolicyNotDraft):
        policy_draft_update(administrator, document=document, title="x", summary="y", body="z")
    with pytest.raises(PolicyNotDraft):
        policy_publish(administrator, document=document)


def test_only_one_version_can_be_current(administrator: User) -> None:
    publish(administrator)
    with pytest.raises(IntegrityError):
        PolicyDocument.objects.create(
            kind=PolicyKind.BEHAVIOUR,
            version=9,
            title="t",
            summary="s",
            body="b",
            status=PolicyStatus.PUBLISHED,
            published_at="2026-01-01T00:00:00Z",
        )


def test_members_cannot_write_policies(member: User) -> None:
    with pytest.raises(NotPermitted):
        policy_draft_create(member, kind=PolicyKind.BEHAVIOUR, title="Mine", summary="s", body="b")


def test_acceptance_records_who_which_version_and_when(administrator: User, member: User) -> None:
    document = publish(administrator)
    acknowledgement = policy_acknowledge(member, document=document)
    assert acknowledgement.document.version == 1
    assert acknowledgement.acknowledged_at is not None
    assert policies_awaiting_acknowledgement(member) == []


def test_a_new_version_must_be_accepted_again(administrator: User, member: User) -> None:
    first = publish(administrator)
    policy_acknowledge(member, document=first)
    second = publish(administrator, "Version two")
    assert policies_awaiting_acknowledgement(member) == [second]
    first.refresh_from_db()
    with pytest.raises(PolicyNotCurrent):
        policy_acknowledge(member, document=first)


def test_a_member_accepts_from_the_policy_page(
    client: Client, administrator: User, member: User
) -> None:
    document = publish(administrator)
    signed_in(client, member)
    response = client.post(reverse("policies:acknowledge", args=[document.pk]), follow=True)
    assert "You have accepted this version" in response.content.decode()
    assert document.acknowledgements.filter(user=member).exists()


def test_the_staff_page_saves_a_draft_and_publishes_it(client: Client, administrator: User) -> None:
    signed_in(client, administrator)
    response = client.post(
        reverse("policies:staff_list"),
        {"kind": "code_of_conduct", "title": "Code", "summary": "Be civil.", "body": "Text"},
    )
    assert response.status_code == 302
    draft = PolicyDocument.objects.get()
    client.post(reverse("policies:staff_publish", args=[draft.pk]))
    draft.refresh_from_db()
    assert draft.status == PolicyStatus.PUBLISHED


def test_the_staff_page_rejects_incomplete_and_hostile_input(
    client: Client, administrator: User
) -> None:
    signed_in(client, administrator)
    response = client.post(
        reverse("policies:staff_list"),
        {"kind": "nonsense", "title": "<script>alert(1)</script>", "summary": "", "body": ""},
    )
    assert response.status_code == 400
    assert "<script>alert(1)</script>" not in response.content.decode()
    assert "&lt;script&gt;" in response.content.decode()
    assert not PolicyDocument.objects.exists()


def test_policy_text_with_markup_is_shown_escaped(client: Client, administrator: User) -> None:
    draft = policy_draft_create(
        administrator,
        kind=PolicyKind.BEHAVIOUR,
        title="T",
        summary="S",
        body="<img src=x onerror=alert(1)>",
    )
    policy_publish(administrator, document=draft)
    body = client.get(reverse("policies:page", args=["behaviour"])).content.decode()
    assert "<img src=x" not in body
    assert "&lt;img src=x" in body
