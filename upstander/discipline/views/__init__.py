"""Thin views for the disciplinary procedure: parse, call a service or selector, render."""

from __future__ import annotations

from upstander.discipline.views.evidence import evidence_file, my_evidence
from upstander.discipline.views.panel import panel, panel_decide
from upstander.discipline.views.public import (
    guide,
    guide_publish,
    letter,
    letter_download,
    my_letters,
    my_step,
    staff_statistics,
)
from upstander.discipline.views.referrals import referral_accept, referral_decline, referrals
from upstander.discipline.views.staff import (
    staff_detail,
    staff_list,
    staff_open,
    staff_step,
)

__all__ = [
    "evidence_file",
    "guide",
    "guide_publish",
    "letter",
    "letter_download",
    "my_evidence",
    "my_letters",
    "my_step",
    "panel",
    "panel_decide",
    "referral_accept",
    "referral_decline",
    "referrals",
    "staff_detail",
    "staff_list",
    "staff_open",
    "staff_statistics",
    "staff_step",
]
