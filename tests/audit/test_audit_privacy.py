"""The audit log says who did what to which record, by id: it holds no special category data,
no names or emails, and nothing of what the person targeted wants or consents to."""

from __future__ import annotations

import json
from datetime import date

import pytest

from upstander.accounts.models import Member, Platform, User
from upstander.accounts.services import handle_declare, members_import_csv
from upstander.audit.models import AuditEntry
from upstander.cases.services import case_open_from_report, case_triage, consultation_record
from upstander.networks.services import network_create, network_member_add
from upstander.reports.services import report_submit

REGISTER = (
    "membership_number,given_name,family_name,email,status,joined_on\n"
    "M-70,Zanele,Vukovic,zanele.vukovic@example.org,suspended,2021-03-01\n"
)
PERSONAL = [
    # The reporter, the person named and the member register.
    "Rowan Pellegrini", "rowan.pellegrini@example.org", "07700 900123", "Councillor Adaeze",
    "Zanele", "Vukovic", "zanele.vukovic@example.org", "zanelev.bsky.social",
    # The targeted characteristic, the wishes and the consent.
    "lgbti", "public_statement", "platform_report", "consent_police", "consent_panel",
    "Calls after 7pm only",
]  # fmt: skip


@pytest.mark.django_db
def test_audit_details_hold_no_personal_data(
    administrator: User, caseworker: User, member: User
) -> None:
    submitted = report_submit(
        None, target_kind="representative", platform="bluesky",
        what_happened="Replies calling her slurs about her sexuality.",
        target_name="Councillor Adaeze", contact_name="Rowan Pellegrini",
        contact_email="rowan.pellegrini@example.org", contact_phone="07700 900123",
        offending_accounts=["troll.bsky.social"],
    )  # fmt: skip
    case = case_open_from_report(caseworker, report=submitted.report)
    case = case_triage(
        caseworker, case=case, severity=2, category="identity_based",
        targeted_characteristic="lgbti",
    )  # fmt: skip
    consultation_record(
        caseworker, case=case, held_on=date(2026, 11, 2), method="phone",
        wishes=["public_statement", "platform_report"], consent_police=True,
        consent_panel=False, preferred_contact="Calls after 7pm only",
    )  # fmt: skip
    network = network_create(administrator, name="LGBTI network", description="")
    network_member_add(administrator, network=network, user=member)
    members_import_csv(administrator, text=REGISTER)
    handle_declare(
        administrator, member=Member.objects.get(membership_number="M-70"),
        platform=Platform.BLUESKY, handle="@zanelev.bsky.social",
    )  # fmt: skip

    entries = list(AuditEntry.objects.order_by("sequence"))
    verbs = {entry.verb for entry in entries}
    assert {"report.submit", "case.triage", "case.consultation", "network.member_add"} <= verbs
    assert {"member.import", "handle.declare"} <= verbs
    for entry in entries:
        written = json.dumps(entry.details) + entry.target_id
        for personal in PERSONAL:
            assert personal.lower() not in written.lower(), (entry.verb, personal)
