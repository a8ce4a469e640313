"""The account page: roles in words, and a link to each place the person's roles open."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.conftest import signed_in


@pytest.mark.django_db
def test_the_account_page_names_roles_in_words_not_codes(client, caseworker) -> None:
    body = signed_in(client, caseworker).get(reverse("web:account_home")).content.decode()
    assert '<span class="badge">Case worker</span>' in body
    assert "case_worker" not in body


@pytest.mark.django_db
def test_a_protected_person_still_gets_the_link_to_their_watched_accounts(
    client, protected_person
) -> None:
    body = signed_in(client, protected_person).get(reverse("web:account_home")).content.decode()
    assert "Protected person (candidate or representative)" in body
    assert reverse("monitoring:mine") in body


@pytest.mark.django_db
def test_a_network_representative_finds_the_networks_page_from_their_account(
    client, network_rep, member
) -> None:
    body = signed_in(client, network_rep).get(reverse("web:account_home")).content.decode()
    assert "Equality network representative" in body
    assert reverse("networks:home") in body
    assert client.get(reverse("networks:home")).status_code == 200
    other = signed_in(client, member).get(reverse("web:account_home")).content.decode()
    assert reverse("networks:home") not in other
