"""The words of the procedure's letters, and their PDF. Plain text in, plain text and PDF out.

Letters are written once, when sent, and stored (`Letter`), so what the member received can
always be shown again exactly.
"""

from __future__ import annotations

import logging
from datetime import date, datetime
from pathlib import Path

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from upstander.discipline.guide import SanctionRange
from upstander.discipline.models import (
    Allegation,
    AppealOutcome,
    Decision,
    Proceeding,
    Sanction,
)

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
# fpdf2 subsets the font through fontTools, which logs every table at INFO: keep logs readable.
logging.getLogger("fontTools").setLevel(logging.WARNING)


def _day(value: date | datetime | None) -> str:
    if value is None:
        return "to be confirmed"
    if isinstance(value, datetime):
        local = timezone.localtime(value)
        return local.strftime("%A %-d %B %Y at %H:%M")
    return value.strftime("%A %-d %B %Y")


def _join(*parts: str) -> str:
    """One paragraph from short source lines, so letters are not hard-wrapped mid-sentence."""
    return " ".join(parts)


def _allegation_lines(allegations: list[Allegation]) -> str:
    return "\n".join(
        f"{number}. {allegation.get_conduct_display()}: {allegation.description}"
        for number, allegation in enumerate(allegations, start=1)
    )


def sanction_words(sanction: int, ends_on: date | None) -> str:
    level = Sanction(sanction)
    if level == Sanction.SUSPENSION:
        return f"suspension of membership until {_day(ends_on)}"
    if level == Sanction.FORMAL_WARNING:
        return f"a formal warning, which expires on {_day(ends_on)}"
    if level == Sanction.EXPULSION:
        return "expulsion from the party"
    if level == Sanction.REPRIMAND:
        return "a reprimand"
    return "no further action"


def notice_letter(
    proceeding: Proceeding,
    *,
    allegations: list[Allegation],
    evidence_lines: list[str],
    complainant_name: str,
) -> tuple[str, str]:
    member = proceeding.respondent
    who = (
        "The person who complained has asked not to be named to you before the hearing, "
        "which our procedure allows. You will still see all the evidence relied on."
        if proceeding.complainant_hidden_from_respondent
        else f"The complaint was made by {complainant_name}."
        if complainant_name
        else "The complaint was raised by the party's safeguarding team."
    )
    evidence = "\n".join(f"- {line}" for line in evidence_lines) or "- No documents are relied on."
    subject = f"{proceeding.reference}: notice of allegations and of your hearing"
    body = f"""Dear {member.full_name},

{
        _join(
            "This letter tells you about a complaint under",
            settings.PARTY_NAME + "'s",
            f"disciplinary procedure ({proceeding.reference}). Our sanctions guide treats conduct",
            "online exactly as it treats the same conduct face to face.",
        )
    }

The allegations
{_allegation_lines(allegations)}

{who}

The evidence disclosed to you
{evidence}

The hearing
Date: {_day(proceeding.hearing_at)}
Place: {proceeding.hearing_place or "to be confirmed"}

Your rights
{
        _join(
            "- You may be accompanied at the hearing by a fellow member, a trade union",
            "representative or a friend, and you may ask for reasonable adjustments.",
        )
    }
{
        _join(
            f"- You have until {_day(proceeding.response_due_on)} to send your written response",
            "and any evidence of your own. You can ask for more time if you need it.",
        )
    }
{
        _join(
            "- The panel has had no part in the investigation, and nobody on it has a recorded",
            "conflict of interest with you or the complainant.",
        )
    }

Please keep this matter confidential while it is considered.

Yours sincerely,
The disciplinary officer, {settings.PARTY_NAME}
"""
    return subject, body


def decision_letter(
    proceeding: Proceeding, *, decision: Decision, guide_range: SanctionRange, appeal_days: int
) -> tuple[str, str]:
    member = proceeding.respondent
    outside = (
        f"\nThe panel went outside that range, for this reason:\n{decision.outside_range_reason}\n"
        if decision.outside_range_reason
        else ""
    )
    course = (
        "\nYou are also asked to complete the party's course on respectful conduct online "
        "and in person.\n"
        if decision.education_course
        else ""
    )
    subject = f"{proceeding.reference}: the panel's decision"
    body = f"""Dear {member.full_name},

The disciplinary panel has decided the complaint {proceeding.reference}.

Decision: {sanction_words(decision.sanction, decision.ends_on)}.
{course}
The criteria the panel applied
{decision.criteria}

The panel's reasons
{decision.reason}

{
        _join(
            f"The sanctions guide (version {decision.guide.version}) gives the range",
            f"{guide_range} for the conduct found, whatever the channel it happened in.",
        )
    }{outside}

Your right of appeal
{
        _join(
            "You may appeal to a different panel, with nobody from this one, by",
            f"{_day(proceeding.appeal_deadline)} ({appeal_days} working days). Say in writing why",
            "you think the decision or the sanction is wrong.",
        )
    }

Yours sincerely,
The disciplinary officer, {settings.PARTY_NAME}
"""
    return subject, body


def appeal_outcome_letter(proceeding: Proceeding, *, decision: Decision) -> tuple[str, str]:
    member = proceeding.respondent
    outcome = AppealOutcome(decision.appeal_outcome)
    subject = f"{proceeding.reference}: the outcome of the appeal"
    body = f"""Dear {member.full_name},

The appeal panel has considered the appeal in {proceeding.reference}.

Outcome: {outcome.label}.
The sanction now is {sanction_words(decision.sanction, decision.ends_on)}.

How the appeal panel reached its decision
{decision.how_reached}

The criteria applied
{decision.criteria}

The appeal panel's reasons
{decision.reason}

This is the final stage of the party's procedure.

Yours sincerely,
The disciplinary officer, {settings.PARTY_NAME}
"""
    return subject, body


def complainant_update_letter(proceeding: Proceeding, *, news: str) -> tuple[str, str]:
    name = proceeding.complainant_user.display_name if proceeding.complainant_user else ""
    subject = f"{proceeding.reference}: an update on your complaint"
    body = f"""Dear {name or "complainant"},

An update on your complaint {proceeding.reference}, as we promised to keep you informed.

{news}

If anything has changed for you, or you feel unsafe, tell your case worker: you can write to
them from your cases page, {settings.SITE_URL}{reverse("cases:your_cases")}
(this email comes from an address nobody reads, so a reply would not reach them).

With best wishes,
The safeguarding team, {settings.PARTY_NAME}
"""
    return subject, body


def _latin1(text: str) -> str:
    return text.encode("latin-1", "replace").decode("latin-1")


def letter_pdf(*, subject: str, body: str, sent_on: datetime) -> bytes:
    """An A4 PDF of the letter (DejaVu Sans where installed, else a core font, Latin-1 only)."""
    # Imported here: fpdf2 would add a quarter of a second to every process's start-up.
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_margins(20, 20, 20)
    pdf.set_auto_page_break(auto=True, margin=20)
    pdf.add_page()
    regular = FONT_DIR / "DejaVuSans.ttf"
    bold = FONT_DIR / "DejaVuSans-Bold.ttf"
    unicode_font = regular.exists() and bold.exists()
    if unicode_font:
        pdf.add_font("Letter", "", str(regular))
        pdf.add_font("Letter", "B", str(bold))
    family = "Letter" if unicode_font else "Helvetica"

    def clean(text: str) -> str:
        return text if unicode_font else _latin1(text)

    pdf.set_title(clean(subject))
    pdf.set_author(clean(str(settings.PARTY_NAME)))
    pdf.set_font(family, "B", 11)
    pdf.multi_cell(0, 6, clean(str(settings.PARTY_NAME)), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(family, "", 10)
    pdf.multi_cell(0, 6, clean(_day(sent_on.date())), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.set_font(family, "B", 13)
    pdf.multi_cell(0, 7, clean(subject), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    pdf.set_font(family, "", 11)
    for paragraph in body.split("\n"):
        pdf.multi_cell(0, 6, clean(paragraph) or " ", new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())
