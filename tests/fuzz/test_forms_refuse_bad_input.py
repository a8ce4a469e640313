"""Every form in the URLconf, public and staff, refuses bad input without a server error:
nothing written, and the reason shown by the field (issue 14).

The forms are found, not listed: each role of the demo cast signs in and reads the pages it is
shown (tests/fuzz/site.py). One test per URL a form posts to, so a failure names the form.
"""

from __future__ import annotations

import random

import pytest
from django.test import Client

from tests.fuzz.bad_input import attempts, judge, plain_outcome, row_counts
from tests.fuzz.conftest import World
from tests.fuzz.site import NOT_FUZZED, FoundForm, post_url_names, sign_in

pytestmark = pytest.mark.django_db

SEED = 14  # the number: the same sample of bad values every run
FUZZED = [name for name in post_url_names() if name not in NOT_FUZZED]


@pytest.mark.parametrize("url_name", FUZZED)
def test_form_refuses_bad_input(world: World, url_name: str) -> None:
    found = world.forms.get(url_name)
    assert found, f"No page shows a form posting to {url_name}: fuzz it or say why in NOT_FUZZED"
    rng = random.Random(f"{SEED}:{url_name}")
    failures: list[str] = []
    # The same form is shown to several roles: fuzz it as the role it is meant for (the one
    # whose plain input goes furthest).
    shapes: dict[tuple[str, ...], list[tuple[int, FoundForm, Client]]] = {}
    for item in found:
        client = sign_in(item.role, world.story)
        outcome = plain_outcome(client, item.form.action, item.form)
        shape = (item.form.action, *sorted(item.form.names()))
        shapes.setdefault(shape, []).append((outcome, item, client))
    for candidates in shapes.values():
        outcome, item, client = min(candidates, key=lambda candidate: candidate[0])
        counts = row_counts()
        for attempt in attempts(item.form, rng, world.foreign_ids):
            failure = judge(client, item.form.action, attempt, counts, strict=outcome == 0)
            if failure:
                failures.append(f"{item.role} on {item.page} -> {item.form.action}: {failure}")
    assert not failures, "\n".join(failures)


def test_every_url_taking_a_post_is_fuzzed_or_listed_with_its_reason(world: World) -> None:
    names = set(post_url_names())
    assert set(NOT_FUZZED) <= names, "NOT_FUZZED names a URL that no longer takes a POST"
    reached = sorted(set(NOT_FUZZED) & set(world.forms))
    assert not reached, f"These now show a form: fuzz them (drop them from NOT_FUZZED): {reached}"
    assert len(FUZZED) >= 40
