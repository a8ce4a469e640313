"""Every public page passes axe-core (no serious or critical WCAG 2.1 AA issue) and runs clean."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.browser.helpers import (
    axe_context,
    describe_violations,
    new_context,
    seed_published_policies,
    serious_violations,
)

pytestmark = pytest.mark.browser

PUBLIC_PAGES = [
    "/",
    "/report/",
    "/report/new/",
    "/report/sent/",
    "/privacy/",
    "/accessibility/",
    "/policies/behaviour/",
    "/policies/equality/",
    "/policies/code_of_conduct/",
    "/subscribe/",
    "/accounts/login/",
    "/accounts/signup/",
    "/accounts/password/reset/",
]

# Records CSP violations from the page itself; init scripts run before the page's own scripts.
CSP_RECORDER = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(
    `${event.violatedDirective} blocked ${event.blockedURI || "inline"} at ` +
    `${event.sourceFile}:${event.lineNumber}`
  );
});
"""


@pytest.mark.parametrize("axe_from", ["the context", "a script tag"])
def test_axe_check_reports_a_serious_violation_when_there_is_one(
    live_server: Any, browser: Any, axe_script: Path, axe_from: str
) -> None:
    # The harness itself: an unlabelled field and an image without alt text must be caught,
    # whether axe-core came with the page (axe_context) or the check had to add it.
    if axe_from == "the context":
        context = axe_context(browser, axe_script)
    else:
        context = new_context(browser, bypass_csp=True)
    page = context.new_page()
    page.route(
        f"{live_server.url}/harness/",
        lambda route: route.fulfill(
            content_type="text/html",
            body='<!doctype html><html lang="en"><head><title>t</title></head><body><main>'
            '<img src="data:,"><form><input type="text"></form></main></body></html>',
        ),
    )
    page.goto(f"{live_server.url}/harness/")
    assert page.evaluate("() => typeof window.axe") == (
        "object" if axe_from == "the context" else "undefined"
    )
    found = {v["id"] for v in serious_violations(page, axe_script)}
    context.close()
    assert {"image-alt", "label"} <= found, found


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_page_has_no_serious_accessibility_violation(
    live_server: Any, axe_page: Any, axe_script: Path, path: str
) -> None:
    seed_published_policies()
    response = axe_page.goto(f"{live_server.url}{path}")
    assert response is not None
    assert response.status == 200, f"{path} answered {response.status}"
    blocking = serious_violations(axe_page, axe_script)
    assert not blocking, f"axe-core found on {path}:\n{describe_violations(blocking)}"


@pytest.mark.parametrize("path", ["/", "/report/new/", "/accounts/signup/"])
def test_page_loads_with_no_csp_violation_or_console_error(
    live_server: Any, page: Any, path: str
) -> None:
    seed_published_policies()
    problems: list[str] = []
    page.on(
        "console",
        lambda message: (
            problems.append(f"console {message.type}: {message.text}")
            if message.type == "error"
            else None
        ),
    )
    page.on("pageerror", lambda error: problems.append(f"uncaught: {error}"))
    page.on(
        "requestfailed",
        lambda request: problems.append(f"request failed: {request.url} {request.failure}"),
    )
    page.add_init_script(CSP_RECORDER)

    response = page.goto(f"{live_server.url}{path}", wait_until="load")
    assert response is not None
    assert response.status == 200
    assert "script-src 'self'" in (response.headers.get("content-security-policy") or "")
    # htmx is loaded (from our own static files) and made no inline style or script.
    assert page.evaluate("typeof window.htmx") == "object"
    page.wait_for_load_state("networkidle")
    problems.extend(page.evaluate("window.__cspViolations"))
    assert not problems, "\n".join(problems)


def test_report_page_with_errors_focuses_the_summary_and_passes_axe(
    live_server: Any, axe_page: Any, axe_script: Path
) -> None:
    axe_page.goto(f"{live_server.url}/report/new/")
    axe_page.fill("#id_post_links", "http://localhost")
    with axe_page.expect_navigation():
        axe_page.click("button[type=submit]")
    # Focus moves to the summary with no script of ours (autofocus), so it is read out first.
    assert axe_page.evaluate("document.activeElement.className") == "error-summary"
    assert axe_page.inner_text(".error-summary h2") == "There is a problem"
    axe_page.click('.error-summary a[href="#id_platform"]')
    assert axe_page.evaluate("location.hash") == "#id_platform"
    blocking = serious_violations(axe_page, axe_script)
    assert not blocking, f"axe-core found on the refused report:\n{describe_violations(blocking)}"
