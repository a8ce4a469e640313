"""What the browser tests do the way a person would: sign in, type a TOTP code, seed policies."""

from __future__ import annotations

import time
from io import StringIO
from pathlib import Path
from typing import Any

from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.core.management import call_command

from upstander.policies.models import PolicyKind
from upstander.policies.services import policy_draft_create, policy_publish
from upstander.web.management.commands.seed_demo import DEMO_PASSWORD

VIEWPORT = {"width": 1280, "height": 900}
# Long enough for a loaded CI machine, short enough that a broken page fails fast.
TIMEOUT_MS = 10_000
DEMO_POLICIES = Path(__file__).resolve().parents[2] / "upstander" / "web" / "demo"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING_IMPACTS = {"serious", "critical"}


def new_context(browser: Any, **options: Any) -> Any:
    """A fresh browser context (own cookies) at the README screenshot size."""
    context = browser.new_context(viewport=VIEWPORT, locale="en-GB", **options)
    context.set_default_timeout(TIMEOUT_MS)
    context.set_default_navigation_timeout(TIMEOUT_MS)
    return context


def axe_context(browser: Any, axe_script: Path) -> Any:
    """A fresh context for accessibility checks: CSP bypassed, and axe-core loaded with every page
    it opens, so a crawl does not send the 500 KB script across for each page it checks."""
    context = new_context(browser, bypass_csp=True)
    context.add_init_script(path=str(axe_script))
    return context


def wait_for_a_fresh_totp_period() -> None:
    """A code read in its period's last seconds may reach the server after the period ends (a busy
    machine, a browser round trip) and be refused: wait for a fresh one, as a person would."""
    period = mfa_settings.TOTP_PERIOD
    if period - time.time() % period < 5:
        time.sleep(period - time.time() % period + 0.1)


def totp_code(secret: str) -> str:
    """The code an authenticator app shows right now for this secret (RFC 6238)."""
    wait_for_a_fresh_totp_period()
    counter = int(time.time()) // mfa_settings.TOTP_PERIOD
    return str(format_hotp_value(hotp_value(secret, counter)))


def seed_published_policies() -> None:
    """Publish every policy from the demo texts, as the system (no actor)."""
    for kind in PolicyKind:
        text = (DEMO_POLICIES / f"{kind.value}.txt").read_text(encoding="utf-8")
        head, body = text.split("\n---\n", 1)
        title, summary = head.split("\n", 1)
        draft = policy_draft_create(
            None, kind=kind, title=title.strip(), summary=summary.strip(), body=body.strip()
        )
        policy_publish(None, document=draft)


def submit_form_of(page: Any, field: str) -> None:
    """Press the form's own submit button (not one borrowed by another form) and wait."""
    button = page.locator(f"main form:has({field}) [type=submit]:not([form])").first
    with page.expect_navigation():
        button.click()


def sign_in(page: Any, base_url: str, email: str, password: str, totp_secret: str = "") -> None:
    """Sign in through the real form; answer the TOTP question when allauth asks it."""
    page.goto(f"{base_url}/accounts/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", password)
    submit_form_of(page, "input[name=password]")
    if "/accounts/2fa/authenticate/" in page.url:
        assert totp_secret, f"{email} was asked for a TOTP code but the test has no secret"
        page.fill("input[name=code]", totp_code(totp_secret))
        submit_form_of(page, "input[name=code]")
    assert "/accounts/login/" not in page.url, f"sign-in failed for {email}: {page.url}"
    assert "/accounts/2fa/authenticate/" not in page.url, f"TOTP refused for {email}"


def sign_in_to_the_demo(page: Any, base_url: str, email: str) -> None:
    """As the README says: the demo password, then (staff) the code `demo_totp` prints."""
    page.goto(f"{base_url}/accounts/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", DEMO_PASSWORD)
    submit_form_of(page, "input[name=password]")
    if "/accounts/2fa/authenticate/" in page.url:
        wait_for_a_fresh_totp_period()
        out = StringIO()
        call_command("demo_totp", email, stdout=out)
        page.fill("input[name=code]", out.getvalue().strip())
        submit_form_of(page, "input[name=code]")
    assert "/accounts/" not in page.url, f"{email} could not sign in: {page.url}"


def reauthenticate_if_asked(page: Any, password: str) -> None:
    """allauth asks for the password again before sensitive changes when sign-in is not recent."""
    if "/accounts/reauthenticate/" in page.url:
        page.fill("input[name=password]", password)
        submit_form_of(page, "input[name=password]")


def serious_violations(page: Any, axe_script: Path) -> list[dict[str, Any]]:
    """axe-core's serious and critical WCAG 2.1 AA findings on the page as it is now."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.add_script_tag(path=str(axe_script))
    results = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags},"
        " resultTypes: ['violations']})",
        WCAG_TAGS,
    )
    return [v for v in results["violations"] if v["impact"] in BLOCKING_IMPACTS]


def describe_violations(violations: list[dict[str, Any]]) -> str:
    lines = []
    for violation in violations:
        targets = [" ".join(map(str, node["target"])) for node in violation["nodes"]]
        lines.append(
            f"- {violation['id']} ({violation['impact']}): {violation['help']}\n"
            f"  {violation['helpUrl']}\n  on: {'; '.join(targets)}"
        )
    return "\n".join(lines)
