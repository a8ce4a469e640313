"""The blocklist on X: the person's account mutes (X's API blocks only on the Enterprise plan),
through the X adapter against the local X API v2 server."""

from __future__ import annotations

import html
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from pytest_django.fixtures import Settings

from tests.blocking.conftest import capture
from tests.conftest import signed_in
from tests.platforms.x_server import USER_ID, USER_TOKEN, USERNAME, XServer
from upstander.accounts.models import Platform, User
from upstander.blocking.errors import ConsentRequired, CredentialsRefused
from upstander.blocking.models import Action, BlockingAccount, Delivery, DeliveryState, Method
from upstander.blocking.services import (
    block_approve,
    block_request,
    block_unblock,
    blocking_account_connect,
)
from upstander.blocking.services.resolve import stable_id_for

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _x_api_is_the_local_server(x_api: XServer, settings: Settings) -> None:
    settings.X_API_URL = x_api.api_url


def connect_x(person: User, *, method: str = Method.MUTE, token: str = USER_TOKEN) -> Any:
    return blocking_account_connect(
        person,
        person=person,
        platform=Platform.X,
        handle=USERNAME,
        account_id=USER_ID,
        service_url="https://api.x.com",
        credential=token,
        method=method,
        consent=True,
    )


def test_x_account_connects_for_muting_only_and_its_token_is_checked(
    protected_person: User, x_api: XServer
) -> None:
    with pytest.raises(ConsentRequired, match="Enterprise"):
        connect_x(protected_person, method=Method.BLOCK)
    with pytest.raises(CredentialsRefused, match="did not accept"):
        connect_x(protected_person, token="not-her-token")
    assert not BlockingAccount.objects.exists()
    account = connect_x(protected_person)
    assert (account.platform, account.account_id, account.method) == ("x", USER_ID, "mute")


def test_x_account_opts_in_on_the_consent_page_without_a_server_address(
    client: Client, protected_person: User, x_api: XServer
) -> None:
    form = {
        "platform": "x",
        "handle": USERNAME,
        "account_id": USER_ID,
        "credential": USER_TOKEN,
        "method": "block",
        "consent": "on",
    }
    signed_in(client, protected_person)
    refused = client.post(reverse("blocking:consent"), form)
    assert refused.status_code == 400
    assert "On X the party can only mute" in html.unescape(refused.content.decode())
    assert not BlockingAccount.objects.exists()
    accepted = client.post(reverse("blocking:consent"), {**form, "method": "mute"}, follow=True)
    assert "Connected: the platform accepted these credentials" in accepted.content.decode()
    account = BlockingAccount.objects.get()
    assert (account.platform, account.method, account.service_url) == ("x", "mute", x_api.url)


def test_x_approved_block_mutes_the_account_on_x_and_unblock_unmutes(
    protected_person: User,
    caseworker: User,
    safeguarding_lead: User,
    x_api: XServer,
    django_capture_on_commit_callbacks: Any,
) -> None:
    connect_x(protected_person)
    troll = x_api.add_user("Troll Account")
    assert stable_id_for("x", "@TrollAccount") == troll["id"]  # asked of X with her token
    evidence = capture("x", troll["id"], "TrollAccount")
    entry = block_request(
        caseworker,
        platform="x",
        account_id=troll["id"],
        handle="TrollAccount",
        reason="Threats in replies",
        evidence_ids=[evidence.pk],
    )
    with django_capture_on_commit_callbacks(execute=True):
        block_approve(safeguarding_lead, entry=entry)
    delivery = Delivery.objects.get(entry=entry, action=Action.BLOCK)
    assert delivery.state == DeliveryState.CONFIRMED
    assert delivery.record_ref == f"mute:{troll['id']}"
    assert x_api.muting == {(USER_ID, troll["id"])}
    assert ("POST", f"/2/users/{USER_ID}/muting", {"target_user_id": troll["id"]}) in x_api.writes

    with django_capture_on_commit_callbacks(execute=True):
        block_unblock(safeguarding_lead, entry=entry, reason="Apologised in person")
    undo = Delivery.objects.get(entry=entry, action=Action.UNBLOCK)
    assert undo.state == DeliveryState.CONFIRMED
    assert x_api.muting == set()


def test_x_revoked_token_fails_the_mute_and_says_so(
    protected_person: User,
    caseworker: User,
    safeguarding_lead: User,
    x_api: XServer,
    django_capture_on_commit_callbacks: Any,
) -> None:
    connect_x(protected_person)
    troll = x_api.add_user("Troll Account")
    evidence = capture("x", troll["id"], "TrollAccount")
    entry = block_request(
        caseworker,
        platform="x",
        account_id=troll["id"],
        handle="TrollAccount",
        reason="Threats",
        evidence_ids=[evidence.pk],
    )
    x_api.revoked.add(USER_TOKEN)
    with django_capture_on_commit_callbacks(execute=True):
        block_approve(safeguarding_lead, entry=entry)
    delivery = Delivery.objects.get(entry=entry, action=Action.BLOCK)
    assert delivery.state == DeliveryState.FAILED
    assert "connect it again" in delivery.last_error
    assert x_api.muting == set()
