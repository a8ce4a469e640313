"""Cases at each stage, made through the real services (no fixtures, no mocks)."""

from __future__ import annotations

from datetime import date

from upstander.accounts.models import User
from upstander.cases.models import Case
from upstander.cases.services import case_open_from_report, case_triage, consultation_record
from upstander.reports.services import report_submit

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def reported_case(
    worker: User,
    *,
    accounts: tuple[str, ...] = ("troll.bsky.social",),
    platform: str = "bluesky",
) -> Case:
    submitted = report_submit(
        None,
        target_kind="representative",
        platform=platform,
        what_happened="A pile-on of abusive replies, one threatening violence.",
        offending_accounts=list(accounts),
        post_links=["https://bsky.app/profile/troll.bsky.social/post/1"],
        contact_email="witness@example.org",
        files=[("screenshot.png", PNG)],
    )
    return case_open_from_report(worker, report=submitted.report)


def triaged_case(worker: User, protected: User | None = None, **kwargs: object) -> Case:
    case = reported_case(worker, **kwargs)  # type: ignore[arg-type]
    return case_triage(
        worker,
        case=case,
        severity=3,
        category="threat_of_violence",
        protected_person=protected,
        summary="Threats against the councillor after the housing vote.",
        safeguarding_notes="Has a heart condition.",
    )


def consulted_case(
    worker: User,
    protected: User | None = None,
    *,
    wishes: tuple[str, ...] = ("block", "police"),
    consent_police: bool = True,
    consent_panel: bool = True,
    **kwargs: object,
) -> Case:
    case = triaged_case(worker, protected, **kwargs)
    consultation_record(
        worker,
        case=case,
        held_on=date(2026, 11, 2),
        method="phone",
        wishes=list(wishes),
        consent_police=consent_police,
        consent_panel=consent_panel,
        preferred_contact="Mobile after 6pm",
        notes="She is frightened to canvass alone.",
    )
    case.refresh_from_db()
    return case
