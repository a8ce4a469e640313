"""The procedure's time limits, read as `core.env.setting_int` reads every tunable.

DISCIPLINE_APPEAL_WINDOW_WORKING_DAYS (5), DISCIPLINE_NOTICE_WORKING_DAYS (10: time to prepare
a response before the hearing), DISCIPLINE_COMPLAINANT_UPDATE_DAYS (14),
DISCIPLINE_INTERIM_MAXIMUM_DAYS (90), DISCIPLINE_HOLIDAYS (comma-separated YYYY-MM-DD).

Retention: DISCIPLINE_RETENTION_DAYS (2190, six years) after a proceeding closed, or after a
referral was declined, its narratives are removed (`services.retention`); the safeguarding
leads are warned CASE_RETENTION_WARNING_DAYS (30) before, the setting the cases use. A
proceeding under appeal, or with a formal warning, suspension or expulsion still in force, is
not closed for this purpose: its clock starts when the last of them is lifted (an expulsion
never is, unless overturned, so its record stays whole while the member stays expelled).

Why six years, not the cases' two: a disciplinary record is one the party may have to answer
for. Six years is the limitation period for a claim in contract in England and Wales (a
party's rules are a contract between its members), so a challenge to a sanction, or a member
who reoffends or applies to rejoin, can still be met with the record; it is a common period
for disciplinary files. Longer would keep, past their use, accounts of people's conduct and
the complainant's identity; shorter could leave the party unable to show why it acted. A
party with its own retention schedule sets DISCIPLINE_RETENTION_DAYS to match. The register's
facts (which sanction, when, the member it concerned) are not narratives and stay.
"""

from __future__ import annotations

from datetime import date

from upstander.core.env import setting_int, setting_list


def appeal_window_working_days() -> int:
    return setting_int("DISCIPLINE_APPEAL_WINDOW_WORKING_DAYS", 5)


def notice_working_days() -> int:
    return setting_int("DISCIPLINE_NOTICE_WORKING_DAYS", 10)


def complainant_update_days() -> int:
    return setting_int("DISCIPLINE_COMPLAINANT_UPDATE_DAYS", 14)


def interim_maximum_days() -> int:
    return setting_int("DISCIPLINE_INTERIM_MAXIMUM_DAYS", 90)


def holidays() -> list[date]:
    raw = setting_list("DISCIPLINE_HOLIDAYS", [])
    return [day if isinstance(day, date) else date.fromisoformat(str(day)) for day in raw]


def retention_days() -> int:
    """Closed proceedings and declined referrals are minimised this many days after they
    closed (DISCIPLINE_RETENTION_DAYS)."""
    return setting_int("DISCIPLINE_RETENTION_DAYS", 2190)


def retention_warning_days() -> int:
    """The leads are warned this many days before (CASE_RETENTION_WARNING_DAYS, the cases'
    setting: one warning period for every record; read here because discipline sits below
    cases and never imports it, so the default must match `cases.conf`'s)."""
    return setting_int("CASE_RETENTION_WARNING_DAYS", 30)
