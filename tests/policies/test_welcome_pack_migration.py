"""The welcome pack moved from meetings to policies: the packs already sent move with it."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from upstander.accounts.models import Member
from upstander.policies.models import WelcomePack

BEFORE = [("meetings", "0003_registration_token_nonce"), ("policies", "0002_body_help_text")]
MOVE = ("policies", "0003_welcomepack_from_meetings")
# SQLite alters tables outside a transaction only; PostgreSQL's DDL rolls back with the test
# (and its append-only audit table refuses the flush a transactional test ends with).
SQLITE = connection.vendor == "sqlite"  # the engine is our own subclass of SQLite's


def _migrate(targets: list[tuple[str, str]]) -> MigrationExecutor:
    MigrationExecutor(connection).migrate(targets)
    return MigrationExecutor(connection)


@pytest.mark.django_db(transaction=SQLITE)
def test_packs_sent_before_the_move_are_kept_with_their_versions() -> None:
    old = _migrate(BEFORE).loader.project_state(BEFORE).apps
    member = Member.objects.create(  # as the register holds it; no service, so no audit row
        membership_number="M-1", given_name="Priya", family_name="Shah",
        email="priya@example.org", joined_on=date(2020, 1, 1),
    )  # fmt: skip
    documents = old.get_model("policies", "PolicyDocument").objects
    equality, behaviour, conduct = (
        documents.create(kind=kind, version=1, title=kind, summary="-", body="-")
        for kind in ("equality", "behaviour", "code_of_conduct")
    )
    old.get_model("meetings", "WelcomePack").objects.create(
        member_id=member.pk, sent_to="priya@example.org",
        equality=equality, behaviour=behaviour, code_of_conduct=conduct,
    )  # fmt: skip
    if not SQLITE:
        with connection.cursor() as cursor:  # check the new rows' keys now, so tables may alter
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    try:
        _migrate([MOVE])
        pack = WelcomePack.objects.get()
        assert (pack.member_id, pack.sent_to) == (member.pk, "priya@example.org")
        assert (pack.equality_id, pack.behaviour_id, pack.code_of_conduct_id) == (
            equality.pk,
            behaviour.pk,
            conduct.pk,
        )
    finally:
        _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
