"""The demo shows proceedings at several stages, and every page for each of them renders."""

from __future__ import annotations

from io import StringIO

from allauth.mfa.models import Authenticator
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from tests.conftest import signed_in
from upstander.accounts.models import User
from upstander.discipline.models import Letter, Proceeding, Stage


def test_demo_proceedings_span_the_stages_and_their_pages_render(db: None, client: Client) -> None:
    call_command("seed_demo", stdout=StringIO())
    stages = set(Proceeding.objects.values_list("stage", flat=True))
    assert {Stage.ASSESSMENT, Stage.INVESTIGATION, Stage.HEARING, Stage.APPEAL_WINDOW} <= stages
    assert Stage.CLOSED in stages
    lead = User.objects.get(email="lead@demo.upstander.test")
    # The demo's staff come with a second factor already, as a real lead would have.
    assert Authenticator.objects.filter(user=lead).exists()
    signed_in(client, lead)
    assert client.get(reverse("discipline:staff_list")).status_code == 200
    for proceeding in Proceeding.objects.all():
        assert (
            client.get(reverse("discipline:staff_detail", args=[proceeding.pk])).status_code == 200
        )
        assert client.get(reverse("discipline:panel", args=[proceeding.pk])).status_code == 200
    for letter in Letter.objects.all():
        assert client.get(reverse("discipline:letter", args=[letter.pk])).status_code == 200
    assert client.get(reverse("discipline:statistics")).status_code == 200
    assert client.get(reverse("discipline:guide")).status_code == 200
