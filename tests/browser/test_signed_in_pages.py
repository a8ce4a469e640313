"""Every page a signed-in person reaches by following links passes axe-core (no serious or
critical WCAG 2.1 AA issue) and opens: a link is never a way to a page that refuses them.

Each demo role signs in as the README says and follows every link from its account page and, for
staff, the staff dashboard, breadth first, one page of each shape (`/staff/cases/5/` stands for
every case page). Downloads (evidence, letters, packs, exports) and the public pages, which
test_public_pages.py checks, are not followed.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from tests.browser.helpers import (
    axe_context,
    describe_violations,
    serious_violations,
    sign_in_to_the_demo,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DEMO = "@demo.upstander.test"
NOT_FOLLOWED = re.compile(
    r"/evidence/|/letters?/|\.pdf|\.zip|\.csv|/download|/export|/pack|/admin/|/accounts/|^/static/"
)
# The equality network representatives' page is named as theirs on the public statistics page.
FOR_OTHERS = {"/networks/"}
MOST_PAGES = 80


def _shape(path: str) -> str:
    return re.sub(r"\d+", "N", path.split("?", maxsplit=1)[0])


# The lead reaches what a case worker does and more; the councillor is also a member.
@pytest.mark.parametrize("who", ["lead", "panel1", "councillor", "admin"])
def test_every_page_a_role_reaches_opens_and_passes_axe(
    live_server: Any, browser: Any, axe_script: Path, who: str
) -> None:
    call_command("seed_demo", quiet=True)
    base = str(live_server.url)
    context = axe_context(browser, axe_script)
    page = context.new_page()
    sign_in_to_the_demo(page, base, f"{who}{DEMO}")
    start = ["/account/"] + (["/staff/"] if who not in {"councillor", "member"} else [])
    waiting: list[tuple[str, str]] = [(path, "sign-in") for path in start]
    seen: set[str] = set()
    refused: list[str] = []
    failing: list[str] = []
    while waiting and len(seen) < MOST_PAGES:
        path, found_on = waiting.pop(0)
        if _shape(path) in seen:
            continue
        seen.add(_shape(path))
        response = page.goto(f"{base}{path}")
        if response is None or response.status != 200:
            if path not in FOR_OTHERS:
                status = response.status if response else "no answer"
                refused.append(f"{path} ({status}), linked from {found_on}")
            continue
        if violations := serious_violations(page, axe_script):
            failing.append(f"{path}:\n{describe_violations(violations)}")
        links = page.eval_on_selector_all(
            "main a[href^='/'], nav a[href^='/']", "links => links.map(a => a.getAttribute('href'))"
        )
        waiting += [(link, path) for link in links if not NOT_FOLLOWED.search(link)]
    context.close()
    assert len(seen) >= 8, f"{who} reached only {sorted(seen)}"
    assert not refused, f"{who} is shown links to pages that refuse them:\n" + "\n".join(refused)
    assert not failing, f"axe-core found, as {who}:\n" + "\n\n".join(failing)
