"""Who belongs to an equality network is special category data: ciphertext at rest, found by
a blind index of (network, person); only representatives are linked to their login."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tests.networks.helpers import network_with_rep
from upstander.accounts.models import User
from upstander.core.crypto import decrypt_text
from upstander.networks.models import NetworkMembership, membership_index
from upstander.networks.selectors import networks_represented_by
from upstander.networks.services import network_create, network_member_add

MIGRATION = ("networks", "0002_encrypt_network_membership")
SQLITE = connection.vendor == "sqlite"  # the engine is our own subclass of SQLite's


def _raw_membership(pk: int) -> tuple[str, str, int | None]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT member, member_index, user_id FROM networks_networkmembership WHERE id = %s",
            [pk],
        )
        return tuple(cursor.fetchone())


@pytest.mark.django_db
def test_a_network_membership_is_ciphertext_in_the_database(member: User) -> None:
    lgbti = network_create(None, name="LGBTI+ network")
    disabled = network_create(None, name="Disabled members' network")
    joined = network_member_add(None, network=lgbti, user=member)
    stored, index, user_id = _raw_membership(joined.pk)
    assert stored.startswith("enc1:") and user_id is None
    assert decrypt_text(stored) == str(member.pk)
    assert lgbti.has_member(member) and not disabled.has_member(member)
    # The same person's memberships of two networks cannot be linked by their indexes.
    assert index != membership_index(disabled.pk, member.pk)


@pytest.mark.django_db
def test_representatives_stay_linked_to_their_login(network_rep: User) -> None:
    network = network_with_rep(network_rep)
    assert list(networks_represented_by(network_rep)) == [network]
    assert network.has_member(network_rep)
    assert NetworkMembership.objects.get().member == str(network_rep.pk)


@pytest.mark.django_db(transaction=SQLITE)
def test_existing_memberships_are_encrypted_by_the_migration() -> None:
    before = [("networks", "0001_initial")]
    MigrationExecutor(connection).migrate(before)
    old = MigrationExecutor(connection).loader.project_state(before).apps
    # Made without services: a transactional test cannot flush audit entries.
    member = old.get_model("accounts", "User").objects.create(email="m@example.org")
    network = old.get_model("networks", "Network").objects.create(name="LGBTI+", slug="lgbti")
    joined = old.get_model("networks", "NetworkMembership").objects.create(
        network=network, user_id=member.pk
    )
    if not SQLITE:
        with connection.cursor() as cursor:  # check the new rows' keys now, so tables may alter
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    try:
        MigrationExecutor(connection).migrate([MIGRATION])
        stored, index, user_id = _raw_membership(joined.pk)
        assert stored.startswith("enc1:") and user_id is None
        assert index == membership_index(network.pk, member.pk)

        MigrationExecutor(connection).migrate(before)
        with connection.cursor() as cursor:
            cursor.execute("SELECT user_id FROM networks_networkmembership")
            assert cursor.fetchone() == (member.pk,)
    finally:
        MigrationExecutor(connection).migrate(
            MigrationExecutor(connection).loader.graph.leaf_nodes()
        )
