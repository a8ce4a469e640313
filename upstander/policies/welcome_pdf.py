"""The welcome pack as a PDF (fpdf2, pure Python): the documents a new member receives."""

from __future__ import annotations

from dataclasses import dataclass

from fpdf import FPDF, FontFace

from upstander.policies.markup import policy_html
from upstander.policies.models import PolicyDocument

PDF_TAG_STYLES = {
    "h2": FontFace(family="Helvetica", emphasis="B", size_pt=12),
    "h3": FontFace(family="Helvetica", emphasis="B", size_pt=11),
    "h4": FontFace(family="Helvetica", emphasis="B", size_pt=11),
}

# The built-in PDF fonts cover Latin-1; typographic punctuation is mapped to plain forms.
_PLAIN = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u2026": "...",
        "\u2022": "-",
    }
)


def latin1(text: str) -> str:
    return text.translate(_PLAIN).encode("latin-1", "replace").decode("latin-1")


@dataclass(frozen=True)
class WelcomeContent:
    party_name: str
    member_name: str
    equality: PolicyDocument
    behaviour: PolicyDocument
    code_of_conduct: PolicyDocument
    report_url: str


HOW_TO_REPORT = (
    "If you are abused online, or see abuse of anyone in the party, tell us. You can report "
    "on your own behalf or for someone else, with your name or anonymously (you get a receipt "
    "code to follow the report and message us). Add links and screenshots if you can. We "
    "handle every report with the person targeted and never act over their head."
)


def welcome_pack_pdf(content: WelcomeContent) -> bytes:
    pdf = FPDF()
    pdf.set_compression(False)  # plain text inside: searchable, and checkable in tests
    pdf.set_title(latin1(f"Welcome to {content.party_name}"))
    pdf.set_author(latin1(content.party_name))
    pdf.set_auto_page_break(auto=True, margin=18)
    pdf.add_page()

    def heading(text: str, size: int = 14) -> None:
        pdf.set_font("Helvetica", "B", size)
        pdf.multi_cell(0, size * 0.6, latin1(text), new_x="LMARGIN", new_y="NEXT")
        pdf.ln(2)

    def paragraphs(text: str) -> None:
        for paragraph in filter(None, (p.strip() for p in text.split("\n\n"))):
            pdf.set_font("Helvetica", "", 11)
            pdf.multi_cell(0, 5.5, latin1(paragraph), new_x="LMARGIN", new_y="NEXT")
            pdf.ln(2)

    def policy(text: str) -> None:
        # The same sanitised HTML the web page shows, so headings and lists match.
        pdf.set_font("Helvetica", "", 11)
        pdf.write_html(latin1(policy_html(text)), tag_styles=PDF_TAG_STYLES)
        pdf.ln(2)

    heading(f"Welcome to {content.party_name}, {content.member_name}", 18)
    paragraphs(
        "We are glad you joined. This pack holds our equality statement, our online behaviour "
        "policy, how to report abuse, and the code of conduct for our meetings."
    )
    for document in (content.equality, content.behaviour):
        heading(f"{document.title} (version {document.version})")
        paragraphs(document.summary)
        policy(document.body)
    heading("How to report abuse")
    paragraphs(HOW_TO_REPORT)
    paragraphs(f"Report online: {content.report_url}")
    document = content.code_of_conduct
    heading(f"{document.title} (version {document.version})")
    paragraphs(document.summary)
    policy(document.body)
    return bytes(pdf.output())
