"""Opting an account in: "Connected" only once the platform has accepted the credentials."""

from __future__ import annotations

import html

import pytest
from django.test import Client
from django.urls import reverse

from tests.conftest import signed_in
from tests.platforms.atproto_testnet import AtprotoNetwork
from tests.platforms.mastodon_server import MastodonServer
from upstander.accounts.models import Platform, User
from upstander.audit.models import AuditEntry
from upstander.blocking.errors import CredentialsRefused
from upstander.blocking.models import BlockingAccount, Method
from upstander.blocking.services import blocking_account_connect


def _consent_form(mastodon: MastodonServer, account: dict[str, str], token: str) -> dict[str, str]:
    return {
        "platform": "mastodon",
        "handle": f"{account['username']}@{mastodon.domain}",
        "account_id": account["uri"],
        "service_url": mastodon.url,
        "credential": token,
        "method": "block",
        "consent": "on",
    }


def test_a_mastodon_token_the_server_refuses_is_not_connected_and_nothing_is_stored(
    client: Client, protected_person: User, mastodon: MastodonServer
) -> None:
    priya, token = mastodon.add_user("priya")
    signed_in(client, protected_person)
    refused = client.post(
        reverse("blocking:consent"), _consent_form(mastodon, priya, "not-the-token")
    )
    assert refused.status_code == 400
    text = html.unescape(refused.content.decode())
    assert "did not accept these credentials" in text and "Connected" not in text
    assert not BlockingAccount.objects.exists()
    assert not AuditEntry.objects.filter(verb="blocking.account_connect").exists()

    accepted = client.post(
        reverse("blocking:consent"), _consent_form(mastodon, priya, token), follow=True
    )
    assert "Connected: the platform accepted these credentials" in accepted.content.decode()
    assert BlockingAccount.objects.get().account_id == priya["uri"]


def test_a_token_for_someone_elses_account_is_refused(
    protected_person: User, mastodon: MastodonServer
) -> None:
    priya, _ = mastodon.add_user("priya")
    _, other_token = mastodon.add_user("someone")
    with pytest.raises(CredentialsRefused, match="belong to another account"):
        blocking_account_connect(
            protected_person,
            person=protected_person,
            platform=Platform.MASTODON,
            handle=f"priya@{mastodon.domain}",
            account_id=priya["uri"],
            service_url=mastodon.url,
            credential=other_token,
            method=Method.BLOCK,
            consent=True,
        )
    assert not BlockingAccount.objects.exists()


def test_a_bluesky_app_password_the_pds_refuses_is_not_connected(
    protected_person: User, bluesky: AtprotoNetwork
) -> None:
    handle, did, password = bluesky.account("person")
    with pytest.raises(CredentialsRefused, match="did not accept these credentials"):
        blocking_account_connect(
            protected_person,
            person=protected_person,
            platform=Platform.BLUESKY,
            handle=handle,
            account_id=did,
            service_url=bluesky.pds_url,
            credential="not-the-password",
            method=Method.MUTE,
            consent=True,
        )
    assert not BlockingAccount.objects.exists()
    account = blocking_account_connect(
        protected_person,
        person=protected_person,
        platform=Platform.BLUESKY,
        handle=handle,
        account_id=did,
        service_url=bluesky.pds_url,
        credential=password,
        method=Method.MUTE,
        consent=True,
    )
    assert account.account_id == did
