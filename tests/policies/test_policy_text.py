"""Policy text gets headings and lists from a tiny markup, and never any HTML of its own."""

from __future__ import annotations

from upstander.policies.templatetags.policy_text import policy_markup


def test_headings_lists_and_paragraphs_are_structured() -> None:
    html = policy_markup("## What we expect\n\n- Be kind\n- Be fair\n\nThank you.\nThe party")
    assert html == (
        "<h2>What we expect</h2>\n<ul><li>Be kind</li><li>Be fair</li></ul>\n"
        "<p>Thank you.<br>The party</p>"
    )


def test_markup_inside_the_text_is_escaped() -> None:
    html = policy_markup("## <script>x</script>\n\n- <b>bold</b>\n\n<img src=x onerror=alert(1)>")
    assert "<script>" not in html
    assert "<b>" not in html
    assert "<img" not in html
    assert "&lt;script&gt;" in html
