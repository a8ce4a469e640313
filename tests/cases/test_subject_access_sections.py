"""A subject access export holds everything kept about the person, one section per kind of data,
and nothing that identifies someone else or lets anyone sign in as them."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import date
from typing import Any

import pytest

from tests.conftest import make_person
from tests.discipline.conftest import (
    bring_to_hearing,
    decide_suspension,
    make_member,
    make_panel_member,
)
from tests.meetings.helpers import JOIN_LINK, make_meeting, publish_conduct
from upstander.accounts.models import MembershipStatus, Platform, Role, User
from upstander.accounts.services import (
    handle_declare,
    member_create,
    member_status_set,
    role_grant,
    user_create,
)
from upstander.accounts.services.subscriptions import subscription_request
from upstander.blocking.models import BlockingAccount, Method
from upstander.cases.services.subject_access import subject_access_export
from upstander.core.redaction import REDACTED
from upstander.discipline import services as discipline
from upstander.discipline.models import Conduct
from upstander.meetings.services import registration_create, registration_sign
from upstander.monitoring.services import delegate_assign, watched_account_connect
from upstander.networks.services import network_create, network_member_add
from upstander.policies.models import PolicyKind
from upstander.policies.services import (
    policy_acknowledge,
    policy_draft_create,
    policy_publish,
    welcome_pack_send,
)

WATCH_PASSWORD = "app-pass-wxyz-1234"
BLOCK_TOKEN = "mastodon-token-9f8e7d6c5b4a"


def _export(lead: User, person: User) -> dict[str, Any]:
    archive = zipfile.ZipFile(io.BytesIO(subject_access_export(lead, person=person)))
    data: dict[str, Any] = json.loads(archive.read("data.json"))
    return data


def _publish(kind: PolicyKind, title: str) -> Any:
    draft = policy_draft_create(None, kind=kind, title=title, summary="In short.", body="In full.")
    return policy_publish(None, document=draft)


@pytest.mark.django_db
def test_the_export_includes_the_persons_membership_and_declared_accounts(
    administrator, safeguarding_lead, protected_person
):
    member = member_create(
        administrator,
        membership_number="M-SAR-0001",
        given_name="Zebedee",
        family_name="Quillfeather",
        joined_on=date(2020, 1, 1),
        email=protected_person.email,
        user=protected_person,
    )
    handle_declare(
        administrator, member=member, platform=Platform.BLUESKY, handle="zebq.bsky.social"
    )
    for kind, title in [
        (PolicyKind.EQUALITY, "Equality statement"),
        (PolicyKind.BEHAVIOUR, "Online behaviour policy"),
        (PolicyKind.CODE_OF_CONDUCT, "Code of conduct"),
    ]:
        _publish(kind, title)
    welcome_pack_send(administrator, member=member)

    [membership] = _export(safeguarding_lead, protected_person)["membership"]

    assert membership["membership_number"] == "M-SAR-0001"
    assert (membership["given_name"], membership["family_name"]) == ("Zebedee", "Quillfeather")
    assert [a["handle"] for a in membership["declared_social_accounts"]] == ["zebq.bsky.social"]
    assert membership["welcome_pack"]["sent_to"] == protected_person.email
    assert "Equality statement (version 1)" in membership["welcome_pack"]["contained"]
    assert membership["sanctions_applied"] == []


@pytest.mark.django_db
def test_the_export_shows_the_member_why_their_standing_changed_without_naming_the_staff(
    safeguarding_lead, protected_person
):
    registrar = user_create(
        None, email="rowan.registrar@example.org", password=None, display_name="Rowan Registrar"
    )
    role_grant(None, user=registrar, role=Role.ADMINISTRATOR)
    member = member_create(
        registrar,
        membership_number="M-SAR-0002",
        given_name="Zebedee",
        family_name="Quillfeather",
        joined_on=date(2020, 1, 1),
        user=protected_person,
    )
    member_status_set(
        registrar,
        member=member,
        status=MembershipStatus.LAPSED,
        reason="Asked Rowan Registrar to pause membership while in hospital",
    )

    [membership] = _export(safeguarding_lead, protected_person)["membership"]

    [change] = membership["status_changes"]
    assert (change["from"], change["to"]) == ("Active", "Lapsed")
    assert change["reason"] == f"Asked {REDACTED} to pause membership while in hospital"


@pytest.mark.django_db
def test_the_export_includes_their_network_memberships(
    administrator, safeguarding_lead, protected_person
):
    lgbti = network_create(administrator, name="LGBTI+ Network")
    network_create(administrator, name="Disabled Members Network")
    network_member_add(administrator, network=lgbti, user=protected_person)
    someone_else = make_person("sam.other@example.org", Role.MEMBER)
    women = network_create(administrator, name="Women's Network")
    network_member_add(administrator, network=women, user=someone_else)

    networks = _export(safeguarding_lead, protected_person)["equality_networks"]

    assert [m["network"] for m in networks["memberships"]] == ["LGBTI+ Network"]
    assert networks["memberships"][0]["as"] == "member"


@pytest.mark.django_db
def test_the_export_includes_subscription_roles_acknowledgements_and_meetings(
    safeguarding_lead, protected_person
):
    subscription_request(email=protected_person.email)
    behaviour = _publish(PolicyKind.BEHAVIOUR, "Online behaviour policy")
    policy_acknowledge(protected_person, document=behaviour)
    conduct = publish_conduct()
    meeting = make_meeting()
    issued = registration_create(protected_person, meeting=meeting, name="Priya")
    registration_sign(
        protected_person, registration=issued.registration, document=conduct, signed_name="Priya"
    )

    data = _export(safeguarding_lead, protected_person)

    assert data["newsletter_subscription"]["email"] == protected_person.email
    assert {r["role"] for r in data["roles"]} == {Role.PROTECTED_PERSON.label, Role.MEMBER.label}
    assert [a["title"] for a in data["policy_acknowledgements"]] == ["Online behaviour policy"]
    [registration] = data["meeting_registrations"]
    assert registration["meeting"] == meeting.title
    assert registration["code_of_conduct_signed"][0]["signed_name"] == "Priya"
    # Their own actions, by verb and time only.
    assert "policy.acknowledge" in {e["action"] for e in data["your_activity_in_our_audit_log"]}


@pytest.mark.django_db
def test_the_export_includes_proceedings_about_them_without_an_anonymous_complainants_identity(
    safeguarding_lead, caseworker, protected_person
):
    discipline.guide_publish(None, notes="The standard guide.")
    respondent = make_member("M-7001", "Priya", "Patel", branch="Hillside", user=protected_person)
    complainant = make_person("ava.quietly@example.org", Role.MEMBER)
    make_member("M-7002", "Avaline", "Quietly", user=complainant)
    proceeding = discipline.complaint_open(
        safeguarding_lead,
        respondent=respondent,
        allegations=[
            (Conduct.HARASSMENT, "Sent Avaline Quietly abusive replies every night for a week.")
        ],
        complainant_user=complainant,
        complainant_anonymous_to_respondent=True,
        source_case_id=None,
        evidence_ids=[],
    )
    panel = [make_panel_member(f"panel.{n}") for n in ("ash", "bea", "cal")]
    bring_to_hearing(proceeding, lead=safeguarding_lead, investigator=caseworker, panel=panel)
    decide_suspension(proceeding, panel)

    data = _export(safeguarding_lead, protected_person)
    text = json.dumps(data)

    [about] = data["disciplinary_proceedings"]
    assert about["reference"] == proceeding.reference
    assert about["your_part"] == "member complained about"
    assert about["allegations"][0]["conduct"] == Conduct.HARASSMENT.label
    assert "abusive replies every night" in about["allegations"][0]["description"]
    assert about["your_response"] == "I was angry and I regret it."
    assert [d["sanction"] for d in about["decisions"]] == ["Suspension"]
    assert {letter["kind"] for letter in about["letters_to_you"]} >= {"Notice of allegations"}
    [sanction] = data["membership"][0]["sanctions_applied"]
    assert sanction["proceeding"] == proceeding.reference
    # The complainant asked not to be named: nothing in the export says who they are.
    for identity in ("Avaline", "Quietly", complainant.email, "M-7002"):
        assert identity not in text
    # Staff working papers stay with staff.
    assert "he admits writing them" not in text


@pytest.mark.django_db
def test_the_complainant_sees_their_complaint_without_the_members_name(
    safeguarding_lead, protected_person
):
    respondent_user = make_person("rory.rude@example.org", Role.MEMBER)
    respondent = make_member("M-7101", "Rory", "Rudeman", user=respondent_user)
    discipline.complaint_open(
        safeguarding_lead,
        respondent=respondent,
        allegations=[(Conduct.HARASSMENT, "Rory Rudeman posted her home address.")],
        complainant_user=protected_person,
        complainant_anonymous_to_respondent=False,
        source_case_id=None,
        evidence_ids=[],
    )

    data = _export(safeguarding_lead, protected_person)
    text = json.dumps(data)

    [complaint] = data["disciplinary_proceedings"]
    assert complaint["your_part"] == "complainant"
    assert "posted her home address" in complaint["allegations"][0]["description"]
    for identity in ("Rory", "Rudeman", respondent_user.email, "M-7101"):
        assert identity not in text


@pytest.mark.django_db
def test_no_credential_token_or_other_persons_secret_appears_in_the_export(
    safeguarding_lead, caseworker, protected_person
):
    watched_account_connect(
        protected_person,
        person=protected_person,
        platform=Platform.BLUESKY,
        handle="priya.bsky.social",
        stable_id="did:plc:priya0000000000000000",
        consent_statement="I agree that the party reads replies to my account.",
        credential=WATCH_PASSWORD,
    )
    delegate_assign(safeguarding_lead, person=protected_person, delegate=caseworker)
    # Connecting for blocking signs in to the platform first; the stored row is what matters.
    BlockingAccount.objects.create(
        person=protected_person,
        platform=Platform.MASTODON,
        handle="priya@social.example",
        account_id="https://social.example/users/priya",
        service_url="https://social.example",
        credential=BLOCK_TOKEN,
        method=Method.BLOCK,
        consent_statement="Block on my account.",
        consent_given_at=protected_person.date_joined,
    )
    conduct = publish_conduct()
    meeting = make_meeting()
    issued = registration_create(protected_person, meeting=meeting, name="Priya")
    registration_sign(
        protected_person, registration=issued.registration, document=conduct, signed_name="Priya"
    )

    data = _export(safeguarding_lead, protected_person)
    text = json.dumps(data)

    assert [a["handle"] for a in data["monitoring"]["watched_accounts"]] == ["priya.bsky.social"]
    assert data["monitoring"]["followed_by"][0]["who"] == "a case worker"
    assert [a["handle"] for a in data["blocking_accounts"]] == ["priya@social.example"]
    for secret in (
        WATCH_PASSWORD,
        BLOCK_TOKEN,
        issued.token,
        issued.registration.token_hash,
        JOIN_LINK,
        meeting.password,
        caseworker.email,
        safeguarding_lead.email,
        protected_person.password,
    ):
        assert secret not in text
