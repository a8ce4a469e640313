"""The demo data is made through the services, so the audit chain it leaves is real and intact."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from upstander.accounts.models import Member, User
from upstander.audit.selectors import audit_chain_verify
from upstander.policies.models import PolicyDocument

pytestmark = pytest.mark.django_db


def test_seed_demo_prints_the_sign_ins_and_leaves_an_intact_chain() -> None:
    out = StringIO()
    call_command("seed_demo", stdout=out)
    assert "admin@demo.upstander.test" in out.getvalue()
    from upstander.web.management.commands.seed_demo import DEMO_PEOPLE

    assert User.objects.filter(email__in=[email for email, _, _ in DEMO_PEOPLE]).count() == 5
    assert Member.objects.count() == 5
    assert PolicyDocument.objects.filter(status="published").count() == 3
    report = audit_chain_verify()
    assert report.intact
    assert report.entries_checked > 20


def test_seed_demo_twice_changes_nothing() -> None:
    call_command("seed_demo", quiet=True)
    users = User.objects.count()
    call_command("seed_demo", stdout=StringIO())
    assert User.objects.count() == users


def test_demo_users_sign_in_with_the_printed_password(client: object) -> None:
    from django.test import Client

    from upstander.web.management.commands.seed_demo import DEMO_PASSWORD

    call_command("seed_demo", quiet=True)
    browser = Client()
    response = browser.post(
        "/accounts/login/", {"login": "member@demo.upstander.test", "password": DEMO_PASSWORD}
    )
    assert response.status_code == 302
    assert browser.get("/account/").status_code == 200
