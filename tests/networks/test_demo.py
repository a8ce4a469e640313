"""The demo data holds a meeting, a consultation and a quarter's statistics."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from upstander.meetings.models import ConductSignature, Meeting
from upstander.networks.models import Consultation, ConsultationStatus
from upstander.networks.selectors import case_statistics
from upstander.policies.models import WelcomePack


@pytest.mark.django_db
def test_seed_demo_gives_a_meeting_a_consultation_and_statistics(client: Client) -> None:
    call_command("seed_demo", "--quiet", stdout=io.StringIO())
    assert Meeting.objects.count() == 2
    assert ConductSignature.objects.filter(signed_name="Morgan Member").exists()
    assert WelcomePack.objects.exists()
    assert Consultation.objects.filter(status=ConsultationStatus.PUBLISHED).count() == 1
    assert Consultation.objects.filter(status=ConsultationStatus.OPEN).count() == 1
    characteristic = case_statistics().tables[0][0]
    shown = [c.value for c in characteristic.table.row_totals if c.value]
    assert shown, "the demo quarter should show some figures"
    assert all(v >= 5 for v in shown)
    page = client.get(reverse("networks:statistics")).content.decode()
    assert "Online behaviour policy: examples of abuse" in page
