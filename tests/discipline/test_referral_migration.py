"""Blocking's member referrals move to discipline's queue with the migration, and back again."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from upstander.accounts.services import member_create
from upstander.evidence.services import evidence_capture_text

BEFORE = [("blocking", "0002_block_handover"), ("discipline", "0002_appointment_ends_with_role")]
AFTER = [
    ("blocking", "0004_member_referrals_moved_to_discipline"),
    ("discipline", "0004_referrals_from_blocking_member_referrals"),
]

# SQLite alters tables outside a transaction only (see tests/cases/test_encrypt_migration.py).
SQLITE = connection.vendor == "sqlite"


def _migrate(targets: list[tuple[str, str]]) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return MigrationExecutor(connection)


# On SQLite the test is transactional: naming the fixture lets conftest empty the append-only
# audit log and evidence before the flush.
@pytest.mark.usefixtures("transactional_db" if SQLITE else "db")
def test_waiting_member_referrals_arrive_in_the_leads_queue() -> None:
    # The member and the evidence are older than either migration: made with today's services.
    member = member_create(
        None, membership_number="M-1", given_name="Sam", family_name="Member",
        joined_on=date(2020, 1, 1),
    )  # fmt: skip
    item = evidence_capture_text(None, text="Nobody wants you on the council.")
    old = _migrate(BEFORE).loader.project_state(BEFORE).apps
    now = datetime(2026, 5, 4, 12, tzinfo=UTC)
    MemberReferral = old.get_model("blocking", "MemberReferral")
    waiting = MemberReferral.objects.create(
        member_id=member.pk, platform="bluesky", account_id="did:plc:sam", handle="sam.test",
        case_id=41, reason="Abusive replies", created_at=now, status="pending",
    )  # fmt: skip
    waiting.evidence.set([item.pk])
    MemberReferral.objects.create(
        member_id=member.pk, platform="bluesky", account_id="did:plc:sam2", created_at=now,
        status="handed_over",
    )  # fmt: skip
    if not SQLITE:
        with connection.cursor() as cursor:  # check the new rows' keys now, so tables may alter
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    try:
        new = _migrate(AFTER).loader.project_state(AFTER).apps
        Referral = new.get_model("discipline", "Referral")
        moved = Referral.objects.get(account_id="did:plc:sam")
        assert (moved.respondent_id, moved.status, moved.source, moved.source_case_id) == (
            member.pk, "pending", "blocklist", 41,
        )  # fmt: skip
        assert (moved.reason, moved.referred_at, moved.complainant_user_id) == (
            "Abusive replies", now, None,
        )  # fmt: skip
        assert list(moved.evidence.values_list("pk", flat=True)) == [item.pk]
        never_handed = Referral.objects.get(account_id="did:plc:sam2")
        assert never_handed.status == "declined" and "no complaint" in never_handed.decline_reason

        back = _migrate(BEFORE).loader.project_state(BEFORE).apps
        restored = back.get_model("blocking", "MemberReferral").objects.get(case_id=41)
        assert (restored.account_id, restored.status, restored.reason) == (
            "did:plc:sam", "pending", "Abusive replies",
        )  # fmt: skip
        assert list(restored.evidence.values_list("pk", flat=True)) == [item.pk]
    finally:
        _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
