"""Blocking's member referrals become discipline's referrals, waiting in the lead's queue.

Before this, a member's account refused by the blocklist became a `blocking.MemberReferral` that
nothing handed over. Each row moves here as a pending referral from the blocklist (with its
case id, evidence, reason, requester and time); none names a complainant. A row marked handed
over had no complaint behind it (nothing ever set that state), so it arrives declined with a
note saying so. `blocking.0003` then drops the old table.
"""

from __future__ import annotations

from typing import Any

from django.db import migrations

NOTE = (
    "Marked handed over before the referral queue existed; no complaint was recorded for it. "
    "Refer it again if it still needs one."
)


def forwards(apps: Any, schema_editor: Any) -> None:
    MemberReferral = apps.get_model("blocking", "MemberReferral")
    Referral = apps.get_model("discipline", "Referral")
    for old in MemberReferral.objects.order_by("pk").iterator():
        pending = old.status == "pending"
        new = Referral.objects.create(
            respondent_id=old.member_id,
            source="blocklist",
            source_ref=f"member-referral:{old.pk}",
            source_case_id=old.case_id,
            platform=old.platform,
            account_id=old.account_id,
            handle=old.handle,
            conduct="harassment",
            reason=old.reason,
            referred_by_id=old.requested_by_id,
            referred_at=old.created_at,
            status="pending" if pending else "declined",
            decided_at=None if pending else old.created_at,
            decline_reason="" if pending else NOTE,
        )
        new.evidence.set(old.evidence.all())


def backwards(apps: Any, schema_editor: Any) -> None:
    MemberReferral = apps.get_model("blocking", "MemberReferral")
    Referral = apps.get_model("discipline", "Referral")
    for new in Referral.objects.exclude(source="case").order_by("pk").iterator():
        old = MemberReferral.objects.create(
            member_id=new.respondent_id,
            platform=new.platform,
            account_id=new.account_id[:512],
            handle=new.handle,
            case_id=new.source_case_id,
            reason=new.reason,
            requested_by_id=new.referred_by_id,
            created_at=new.referred_at,
            status="pending" if new.status == "pending" else "handed_over",
        )
        old.evidence.set(new.evidence.all())
    Referral.objects.exclude(source="case").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("blocking", "0002_block_handover"),
        ("discipline", "0003_referral"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
