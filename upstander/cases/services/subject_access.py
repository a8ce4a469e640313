"""Subject access: everything held about one person, as JSON + their own files, in a zip.

One section per kind of data, each made by a small function beside the data it reads: reports
and cases here; the membership record (declared accounts, sanctions, welcome pack), newsletter
subscription, roles, policy acknowledgements, disciplinary proceedings, blocking accounts and
the person's own actions in the audit log from the selectors of the apps below cases; equality
networks, meeting registrations and monitoring from the apps above, through the providers they
register in `cases.subject_access_sections`.

Third parties are redacted: other reporters' identities and contact details, the offending
accounts, the other party to a disciplinary proceeding, staff names (shown by role), police
officers, and files captured by anyone else (listed by hash, not included). No credential,
session, token or meeting password is ever exported. The export itself is audited.

Need-to-know holds here too: a case the requester may not open (an administrator's, say) is
listed by reference only, and the export says it is incomplete and which cases a safeguarding
lead must complete.
"""

from __future__ import annotations

import io
import json
import zipfile
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone

from upstander import audit
from upstander.accounts.models import Role, User
from upstander.accounts.permissions import require_role
from upstander.accounts.selectors import (
    subject_access_member,
    subject_access_memberships,
    subject_access_roles,
    subject_access_subscription,
)
from upstander.audit.selectors import subject_access_activity
from upstander.blocking.selectors import subject_access_blocking_accounts
from upstander.cases.models import Case, CaseMessageSender
from upstander.cases.selectors import case_evidence
from upstander.cases.services.access import may_open_case
from upstander.cases.subject_access_sections import subject_access_sections
from upstander.core.redaction import REDACTED, redact
from upstander.discipline.selectors import subject_access_proceedings, subject_access_sanctions
from upstander.evidence.errors import EvidenceContentPurged, EvidenceTampered
from upstander.evidence.models import EvidenceItem
from upstander.evidence.selectors import evidence_bytes_verified
from upstander.evidence.services import evidence_tampering_record
from upstander.policies.selectors import (
    subject_access_acknowledgements,
    subject_access_welcome_pack,
)
from upstander.reports.models import Report


def _evidence(item: EvidenceItem, person: User, files: dict[str, bytes]) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "id": item.pk,
        "kind": item.kind,
        "sha256": item.sha256,
        "content_type": item.content_type,
        "captured_at": item.captured_at.isoformat(),
        "file": None,
    }
    if item.captured_by_id == person.pk:
        try:
            name = f"files/{item.pk:06d}-{item.sha256[:12]}"
            files[name] = evidence_bytes_verified(item)
            entry["file"] = name
        except EvidenceContentPurged:
            entry["note"] = "removed under the retention policy"
        except EvidenceTampered:
            entry["integrity_failed"] = True
            entry["note"] = (
                "withheld: the stored file no longer matches its SHA-256 (we are restoring it)"
            )
    else:
        entry["note"] = "captured by someone else; may hold third-party data (ask us for a copy)"
    return entry


def _report(report: Report, person: User, files: dict[str, bytes]) -> dict[str, Any]:
    return {
        "id": report.pk,
        "created_at": report.created_at.isoformat(),
        "source": report.source,
        "platform": report.platform,
        "target_kind": report.target_kind,
        "target_name": report.target_name,
        "what_happened": report.what_happened,
        "post_links": report.post_links,
        "happened_on": report.happened_on.isoformat() if report.happened_on else None,
        "your_contact_details": {
            "name": report.contact_name,
            "email": report.contact_email,
            "phone": report.contact_phone,
        },
        "status": report.status,
        "messages": [
            {
                "from": message.get_sender_display(),
                "at": message.created_at.isoformat(),
                "body": message.body,
            }
            for message in report.messages.all()
        ],
        "evidence": [_evidence(item, person, files) for item in report.evidence.all()],
    }


def _case(case: Case, person: User, files: dict[str, bytes]) -> dict[str, Any]:
    accounts = list(case.offending_accounts.all())
    names = {a.handle for a in accounts}
    if case.report is not None and case.report.reporter_id != person.pk:
        names |= {case.report.contact_name, case.report.contact_email, case.report.contact_phone}
    return {
        "reference": case.reference,
        "created_at": case.created_at.isoformat(),
        "state": case.state,
        "category": case.category,
        "targeted_characteristic": case.targeted_characteristic,
        "platform": case.platform,
        "severity": case.get_severity_display(),
        "outcome": case.outcome,
        "summary": redact(case.summary, names),
        "as_reported": redact(case.report.what_happened, names) if case.report else "",
        "offending_accounts": [REDACTED for _ in accounts],
        "consultations": [
            {
                "held_on": c.held_on.isoformat(),
                "method": c.method,
                "wishes": c.wishes,
                "consent_police": c.consent_police,
                "consent_panel": c.consent_panel,
                "preferred_contact": c.preferred_contact,
                "next_check_in": c.next_check_in.isoformat() if c.next_check_in else None,
                "notes": redact(c.notes, names),
                "recorded_by": "a case worker",
            }
            for c in case.consultations.all()
        ],
        "actions": [
            {
                "kind": a.kind,
                "at": a.taken_at.isoformat(),
                "against_your_wishes": a.against_wishes,
                "safeguarding_reason": redact(a.safeguarding_reason, names),
            }
            for a in case.actions.all()
        ],
        "police_referrals": [
            {
                "force": r.force,
                "crime_reference": r.crime_reference,
                "referred_on": r.referred_on.isoformat(),
                "your_consent": r.victim_consent,
            }
            for r in case.police_referrals.all()
        ],
        "evidence": [_evidence(item, person, files) for item in case_evidence(case)],
        "messages_with_your_case_worker": [
            {
                "from": "you" if m.sender == CaseMessageSender.PERSON_TARGETED else "case worker",
                "at": m.created_at.isoformat(),
                "body": m.body,
            }
            for m in case.messages.all()
        ],
    }


def _withheld(case: Case) -> dict[str, Any]:
    """A case the requester may not open: that it exists, and who can complete the export."""
    return {
        "reference": case.reference,
        "created_at": case.created_at.isoformat(),
        "state": case.state,
        "withheld": (
            "This case is on a need-to-know basis and the person who made this export may not "
            "open it; a safeguarding lead must add its details."
        ),
    }


def _memberships(person: User) -> list[dict[str, Any]]:
    """Their register entries, each with the sanctions applied to it and its welcome pack."""
    return [
        subject_access_member(member)
        | {
            "sanctions_applied": subject_access_sanctions(member),
            "welcome_pack": subject_access_welcome_pack(member),
        }
        for member in subject_access_memberships(person)
    ]


@transaction.atomic
def subject_access_export(actor: User | None, *, person: User) -> bytes:
    """A zip of data.json and the person's own files; audited."""
    require_role(actor, Role.SAFEGUARDING_LEAD, Role.ADMINISTRATOR)
    files: dict[str, bytes] = {}
    reports = Report.objects.filter(reporter=person).prefetch_related("messages", "evidence")
    cases = list(Case.objects.filter(protected_person=person).select_related("report"))
    withheld = [case.reference for case in cases if not may_open_case(actor, case)]
    made = [_report(report, person, files) for report in reports]
    about = [
        _case(case, person, files) if case.reference not in withheld else _withheld(case)
        for case in cases
    ]
    data = {
        "generated_at": timezone.now().isoformat(),
        "complete": not withheld,
        "staff_notes_withheld_from": withheld,
        "person": {
            "id": person.pk,
            "email": person.email,
            "name": person.display_name,
            "account_created_at": person.date_joined,
            "last_signed_in_at": person.last_login,
        },
        "reports_you_made": made,
        "cases_about_you": about,
        "membership": _memberships(person),
        "roles": subject_access_roles(person),
        "newsletter_subscription": subject_access_subscription(person),
        "policy_acknowledgements": subject_access_acknowledgements(person),
        "disciplinary_proceedings": subject_access_proceedings(person),
        "blocking_accounts": subject_access_blocking_accounts(person),
        **subject_access_sections(person),
        "your_activity_in_our_audit_log": subject_access_activity(person.pk),
    }
    failed = {
        entry["id"]
        for holder in made + about
        for entry in holder.get("evidence", [])
        if entry.get("integrity_failed")
    }
    if failed:
        evidence_tampering_record(
            actor,
            items=list(EvidenceItem.objects.filter(pk__in=failed).order_by("pk")),
            found_during=f"subject access export for user {person.pk}",
        )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "data.json", json.dumps(data, indent=2, ensure_ascii=False, cls=DjangoJSONEncoder)
        )
        for name, content in files.items():
            archive.writestr(name, content)
    audit.record(
        actor,
        "subject_access.export",
        person,
        {
            "reports": len(reports),
            "cases": len(cases),
            "withheld": len(withheld),
            "sections": [key for key in data if key not in ("generated_at", "complete")],
        },
    )
    return buffer.getvalue()
