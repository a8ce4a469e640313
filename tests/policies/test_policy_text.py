"""Policy text is Markdown, rendered by Python-Markdown and sanitised by nh3: headings, lists and
links come through; HTML of its own never does."""

from __future__ import annotations

from upstander.policies.markup import policy_html
from upstander.policies.templatetags.policy_text import policy_markup


def test_headings_lists_emphasis_and_line_breaks_are_structured() -> None:
    html = policy_markup(
        "# We commit to\n\n- Be **kind**\n- Be *fair*\n\n"
        "1. Report\n2. Block\n\nThank you.\nThe party"
    )
    assert "<h2>We commit to</h2>" in html  # the page's own <h1> is its title
    assert "<ul>\n<li>Be <strong>kind</strong></li>\n<li>Be <em>fair</em></li>\n</ul>" in html
    assert "<ol>\n<li>Report</li>\n<li>Block</li>\n</ol>" in html
    assert "<p>Thank you.<br>\nThe party</p>" in html
    assert "#" not in html and "**" not in html


def test_html_inside_the_text_is_shown_as_text_never_run() -> None:
    html = policy_markup("## <script>x</script>\n\n- <b>bold</b>\n\n<img src=x onerror=alert(1)>")
    assert "<script>" not in html and "<b>" not in html and "<img" not in html
    assert "&lt;script&gt;" in html and "&lt;img src=x onerror=alert(1)&gt;" in html


def test_links_keep_only_safe_schemes() -> None:
    html = policy_html("[report](https://example.org/report) [bad](javascript:alert(1))")
    assert '<a href="https://example.org/report" rel="noopener noreferrer">report</a>' in html
    assert "javascript" not in html
