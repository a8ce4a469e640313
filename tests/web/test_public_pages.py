"""The public site: every page answers, works without JavaScript, under a strict CSP."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.test import Client

pytestmark = pytest.mark.django_db

PUBLIC_PAGES = [
    "/",
    "/report/",
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


@pytest.fixture
def demo(db: None) -> None:
    call_command("seed_demo", quiet=True)


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_pages_answer_with_one_main_landmark_and_a_title(
    client: Client, demo: None, path: str
) -> None:
    response = client.get(path)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<main") == 1
    assert '<html lang="en-GB">' in html
    assert "<title>" in html


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_no_inline_script_or_style_is_needed(client: Client, demo: None, path: str) -> None:
    response = client.get(path)
    policy = response["Content-Security-Policy"]
    assert "unsafe-inline" not in policy
    assert "script-src 'self'" in policy
    html = response.content.decode()
    assert "<script>" not in html
    assert " style=" not in html
    assert " onclick=" not in html


def test_the_equality_statement_and_behaviour_examples_are_published(
    client: Client, demo: None
) -> None:
    equality = client.get("/policies/equality/").content.decode()
    assert "Our equality statement" in equality
    behaviour = client.get("/policies/behaviour/").content.decode()
    assert "Behaviour we will not tolerate, with examples" in behaviour
    assert "same consequences" in behaviour


def test_htmx_is_served_from_our_own_static_files(client: Client, demo: None) -> None:
    html = client.get("/").content.decode()
    assert 'src="/static/web/htmx.min.js"' in html


def test_an_unknown_policy_is_a_404_not_an_error(client: Client, demo: None) -> None:
    assert client.get("/policies/<script>/").status_code == 404
    assert client.get("/policies/behaviour/version/99/").status_code == 404


def test_pages_forbid_framing_and_sniffing(client: Client, demo: None) -> None:
    response = client.get("/")
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]


def test_forms_refuse_posts_without_a_csrf_token(demo: None) -> None:
    client = Client(enforce_csrf_checks=True)
    assert client.post("/subscribe/", {"email": "a@example.org"}).status_code == 403


def test_sign_in_is_locked_after_repeated_failures(client: Client, demo: None) -> None:
    from upstander.web.management.commands.seed_demo import DEMO_PASSWORD

    def sign_in(password: str) -> str:
        return client.post(
            "/accounts/login/", {"login": "member@demo.upstander.test", "password": password}
        ).content.decode()

    replies = [sign_in("wrong") for _ in range(6)]
    assert "Too many failed login attempts" not in replies[0]
    assert "Too many failed login attempts" in replies[-1]
    # Even the right password is refused while the lock lasts: brute force gains nothing.
    assert "Too many failed login attempts" in sign_in(DEMO_PASSWORD)


def test_registration_refuses_bad_input_and_creates_nobody(client: Client, demo: None) -> None:
    from upstander.accounts.models import User

    before = User.objects.count()
    response = client.post(
        "/accounts/signup/",
        {"email": "<script>x</script>", "password1": "short", "password2": "other"},
    )
    assert response.status_code == 200  # allauth re-renders the form with its errors
    html = response.content.decode()
    assert "<script>x</script>" not in html
    assert "Enter a valid email address" in html
    assert User.objects.count() == before


def test_oversized_posts_are_refused(client: Client, demo: None) -> None:
    response = client.post("/subscribe/", {"email": "a@example.org", "pad": "x" * 3_000_000})
    assert response.status_code == 400
