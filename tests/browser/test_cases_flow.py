"""Reporting and case handling end to end in a real browser (issue 4).

An anonymous reporter sends a report with a screenshot and keeps the receipt code; a case worker
opens a case on it, triages it, records the consultation, refers it to the police and downloads
the evidence pack, whose files re-hash to the hashes its PDF lists; the reporter comes back with
the receipt code and sees the status and the case worker's message.
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from pathlib import Path
from typing import Any

import pytest

from tests.browser.helpers import new_context, sign_in, submit_form_of
from tests.conftest import PASSWORD, enable_totp, make_person
from upstander.accounts.models import Role
from upstander.cases.models import Case, CaseState, PoliceReferral
from upstander.reports.demo import demo_png

pytestmark = pytest.mark.browser


def _submit(page: Any, selector: str) -> None:
    with page.expect_navigation():
        page.click(selector)


def test_anonymous_report_to_police_referral_and_back_to_the_reporter(
    live_server: Any, browser: Any, tmp_path: Path
) -> None:
    base = live_server.url
    worker = make_person("kit.browser@example.org", Role.CASE_WORKER)
    secret = enable_totp(worker)
    screenshot = demo_png(40, 30)

    # The reporter: no account, a screenshot, a receipt code shown once.
    reporter = new_context(browser)
    page = reporter.new_page()
    page.goto(f"{base}/report/")
    _submit(page, "main a[href='/report/new/']")
    page.check("input[name=target_kind][value=representative]")
    page.fill("input[name=target_name]", "Cllr Priya Shah")
    page.select_option("select[name=platform]", "bluesky")
    page.fill("textarea[name=post_links]", "https://bsky.app/profile/angry.bsky.social/post/1")
    page.fill("textarea[name=offending_accounts]", "@angry.bsky.social")
    page.fill("textarea[name=what_happened]", "He said he would wait for her after surgery.")
    page.check("input[name=urgent]")
    page.set_input_files(
        "input[name=uploads]",
        files=[{"name": "screenshot.png", "mimeType": "image/png", "buffer": screenshot}],
    )
    submit_form_of(page, "textarea[name=what_happened]")
    code = page.inner_text("#receipt-code").strip()
    assert len(code.replace(" ", "")) == 24, page.inner_text("main")
    reporter.close()

    # The case worker: triage, consultation, police referral, evidence pack, a message.
    staff = new_context(browser, accept_downloads=True)
    page = staff.new_page()
    sign_in(page, base, worker.email, PASSWORD, secret)
    page.goto(f"{base}/staff/cases/")
    # Safety at risk: the case opened at intake as Critical; the case worker takes it.
    _submit(page, "main button[formaction$='/take/']")
    case = Case.objects.get()
    assert page.url.endswith(f"/staff/cases/{case.pk}/")
    assert "He said he would wait for her" in page.inner_text("#narrative")
    page.select_option("select[name=severity]", "4")
    page.select_option("select[name=category]", "threat_of_violence")
    page.fill("textarea[name=summary]", "Threat to wait for the councillor after surgery.")
    submit_form_of(page, "select[name=severity]")
    assert "Triaged" in page.inner_text("main")

    _submit(page, f"main a[href='/staff/cases/{case.pk}/consultation/']")
    page.fill("input[name=held_on]", "2026-11-02")
    page.select_option("select[name=method]", "phone")
    page.check("input[name=wishes][value=block]")
    page.check("input[name=wishes][value=police]")
    page.check("input[name=consent_police]")
    submit_form_of(page, "input[name=held_on]")
    assert "The consultation is recorded." in page.inner_text("main")

    _submit(page, f"main a[href='/staff/cases/{case.pk}/police/']")
    page.fill("input[name=force]", "Riverside Police")
    page.fill("input[name=crime_reference]", "RP/2026/0412")
    page.fill("input[name=referred_on]", "2026-11-03")
    submit_form_of(page, "input[name=force]")
    assert "The police referral is recorded." in page.inner_text("main")
    assert PoliceReferral.objects.get().crime_reference == "RP/2026/0412"
    case.refresh_from_db()
    assert case.state == CaseState.ACTION

    with page.expect_download() as download_info:
        page.click("#evidence-pack")
    pack = tmp_path / "pack.zip"
    download_info.value.save_as(pack)
    archive = zipfile.ZipFile(io.BytesIO(pack.read_bytes()))
    pdf = archive.read(f"evidence-pack-{case.reference}.pdf")
    manifest = json.loads(archive.read("manifest.json"))
    [item] = manifest["items"]
    data = archive.read(item["file"])
    assert data == screenshot
    digest = hashlib.sha256(data).hexdigest()
    assert digest == item["sha256"] and f"SHA-256: {digest}".encode() in pdf

    page.fill("textarea[name=body]", "We have spoken to the councillor and told the police.")
    submit_form_of(page, "textarea[name=body]")
    staff.close()

    # The reporter comes back with the receipt code.
    back = new_context(browser)
    page = back.new_page()
    page.goto(f"{base}/report/follow-up/")
    page.fill("input[name=code]", code)
    submit_form_of(page, "input[name=code]")
    assert "A case worker is handling it" in page.inner_text("#report-status")
    assert "told the police" in page.inner_text("main")
    back.close()
