from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from upstander.audit.selectors import audit_chain_verify
from upstander.cases.models import Case, PendingBlock, PendingReferral, PoliceReferral
from upstander.reports.models import Report


@pytest.mark.django_db
def test_the_demo_shows_cases_at_different_stages():
    call_command("seed_demo", stdout=StringIO())
    states = set(Case.objects.values_list("state", flat=True))
    assert {"new", "triaged", "consulting", "action", "closed"} <= states
    assert Report.objects.filter(case__isnull=True).count() == 1
    assert PoliceReferral.objects.count() == 1
    # The demo's member (Jo Brennan) is routed to discipline, the outsider to a block.
    assert PendingReferral.objects.get().handle == "jobrennan.bsky.social"
    assert PendingBlock.objects.get().handle == "angryvoter99.bsky.social"
    assert audit_chain_verify().intact
