"""Background tasks change state only through services, so each change is in the audit log."""

from __future__ import annotations

import pytest

from tests.platforms.atproto_testnet import AtprotoNetwork
from upstander.accounts.models import Platform, User
from upstander.audit.models import AuditEntry
from upstander.blocking.models import BlockingAccount, Method
from upstander.blocking.services import blocking_account_connect
from upstander.blocking.tasks import subscribe_to_party_list


@pytest.mark.django_db
def test_a_failed_list_subscription_is_noted_on_the_account_and_audited(
    protected_person: User, bluesky: AtprotoNetwork
) -> None:
    handle, did, password = bluesky.account("priya")
    account = blocking_account_connect(
        protected_person,
        person=protected_person,
        platform=Platform.BLUESKY,
        handle=handle,
        account_id=did,
        service_url=bluesky.pds_url,
        credential=password,
        method=Method.MODLIST,
        consent=True,
    )

    # No party list is configured yet, so the subscription cannot be written.
    assert subscribe_to_party_list.call(account_pk=account.pk) == "failed"

    account = BlockingAccount.objects.get(pk=account.pk)
    assert "not set up" in account.last_error
    entry = AuditEntry.objects.get(verb="blocking.account_subscribe_failed")
    assert (entry.target_type, entry.target_id) == ("blocking.blockingaccount", str(account.pk))
