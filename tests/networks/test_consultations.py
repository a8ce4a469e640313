"""Consultations: representatives respond for their network, staff answer each point, and a
"you said, we did" summary is published and linked to the policy version it shaped."""

from __future__ import annotations

import threading
import time
from datetime import timedelta

import pytest
import time_machine
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.conftest import signed_in
from tests.networks.helpers import network_with_rep, open_consultation
from upstander.accounts.models import User
from upstander.audit.models import AuditEntry
from upstander.core.errors import NotPermitted
from upstander.networks.errors import (
    ConsultationAlreadyPublished,
    ConsultationClosed,
    NetworkNotConsulted,
    NoNetworkChosen,
    NotRepresentative,
    ResponsesAwaitingReply,
)
from upstander.networks.models import ConsultationStatus
from upstander.networks.services import (
    consultation_link_policy,
    consultation_open,
    consultation_publish,
    consultation_reply,
    consultation_respond,
    network_create,
    network_member_add,
)
from upstander.policies.models import PolicyKind
from upstander.policies.services import policy_draft_create, policy_publish

pytestmark = pytest.mark.django_db


def test_only_a_representative_of_a_consulted_network_may_respond(
    network_rep: User, member: User
) -> None:
    network = network_with_rep(network_rep)
    other = network_create(None, name="Disabled members' network")
    consultation = open_consultation(network)
    response = consultation_respond(
        network_rep, consultation=consultation, network=network, point="Block faster at night."
    )
    assert response.author == network_rep
    network_member_add(None, network=network, user=member)  # a member, not a representative
    with pytest.raises(NotRepresentative):
        consultation_respond(member, consultation=consultation, network=network, point="x")
    network_member_add(None, network=other, user=network_rep, representative=True)
    with pytest.raises(NetworkNotConsulted):
        consultation_respond(network_rep, consultation=consultation, network=other, point="x")
    assert AuditEntry.objects.filter(verb="consultation.respond").count() == 1


def test_representatives_need_the_role(member: User) -> None:
    network = network_create(None, name="Women's network")
    with pytest.raises(NotRepresentative):
        network_member_add(None, network=network, user=member, representative=True)


def test_no_responses_after_the_deadline(network_rep: User) -> None:
    network = network_with_rep(network_rep)
    consultation = open_consultation(network, days=2)
    with time_machine.travel(timezone.now() + timedelta(days=3)), pytest.raises(ConsultationClosed):
        consultation_respond(network_rep, consultation=consultation, network=network, point="x")


def test_a_consultation_goes_to_at_least_one_network_and_staff_open_it(
    caseworker: User, network_rep: User
) -> None:
    with pytest.raises(NoNetworkChosen):
        open_consultation()
    network = network_with_rep(network_rep)
    with pytest.raises(NotPermitted):
        consultation_open(
            network_rep,
            title="x",
            draft="y",
            networks=[network],
            deadline=timezone.now() + timedelta(days=1),
        )


def test_you_said_we_did_is_published_once_every_point_is_answered(
    client: Client, network_rep: User, safeguarding_lead: User
) -> None:
    network = network_with_rep(network_rep)
    consultation = open_consultation(network)
    point = consultation_respond(
        network_rep,
        consultation=consultation,
        network=network,
        point="Trans members are targeted most; name transphobia in the policy.",
    )
    with pytest.raises(ResponsesAwaitingReply):
        consultation_publish(safeguarding_lead, consultation=consultation, summary="Thanks.")
    summary_url = reverse("networks:you_said_we_did", args=[consultation.pk])
    assert client.get(summary_url).status_code == 404

    consultation_reply(
        safeguarding_lead, response=point, reply="Transphobic abuse is now a named example."
    )
    published = consultation_publish(
        safeguarding_lead, consultation=consultation, summary="Four networks responded."
    )
    assert published.status == ConsultationStatus.PUBLISHED
    with pytest.raises(ConsultationAlreadyPublished):
        consultation_reply(safeguarding_lead, response=point, reply="changed")

    page = client.get(summary_url).content.decode()
    assert "name transphobia in the policy" in page
    assert "Transphobic abuse is now a named example." in page
    assert consultation.title in client.get(reverse("networks:statistics")).content.decode()


def test_a_policy_version_links_the_consultation_that_shaped_it(
    client: Client, network_rep: User, administrator: User
) -> None:
    consultation = open_consultation(network_with_rep(network_rep))
    consultation_publish(administrator, consultation=consultation, summary="No points.")
    draft = policy_draft_create(
        administrator, kind=PolicyKind.BEHAVIOUR, title="Behaviour v2", summary="s", body="b"
    )
    version = policy_publish(administrator, document=draft)
    consultation_link_policy(administrator, consultation=consultation, document=version)
    assert list(version.shaping_consultations.all()) == [consultation]
    page = client.get(reverse("networks:you_said_we_did", args=[consultation.pk]))
    assert reverse("policies:version", args=["behaviour", version.version]) in page.content.decode()


def test_a_representative_responds_on_the_web(client: Client, network_rep: User) -> None:
    network = network_with_rep(network_rep)
    consultation = open_consultation(network)
    url = reverse("networks:consultation", args=[consultation.pk])
    signed_in(client, network_rep)
    assert consultation.title in client.get(reverse("networks:home")).content.decode()
    response = client.post(url, {"network": network.pk, "point": "<script>alert(1)</script>"})
    assert response.status_code == 302
    page = client.get(url).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script>alert(1)" not in page
    assert client.post(url, {"network": network.pk, "point": ""}).status_code == 400
    assert consultation.responses.count() == 1


def test_staff_pages_are_for_staff(client: Client, network_rep: User, member: User) -> None:
    assert signed_in(client, network_rep).get(reverse("networks:staff_networks")).status_code == 403
    assert signed_in(client, member).get(reverse("networks:home")).status_code == 403


def test_a_reply_waits_for_a_publish_in_progress_and_cannot_change_the_published_summary(
    transactional_db: None, network_rep: User, safeguarding_lead: User
) -> None:
    """Publishing checks that every point has an answer; a reply clearing an answer at that
    moment must wait for the publish and then be refused, not slip in under it."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite has one writer at a time: the two transactions cannot overlap")
    network = network_with_rep(network_rep)
    consultation = open_consultation(network)
    point = consultation_respond(
        network_rep, consultation=consultation, network=network, point="Block faster."
    )
    consultation_reply(safeguarding_lead, response=point, reply="We now block within the hour.")
    publishing, outcome = threading.Event(), {}

    def publish_and_hold() -> None:
        with transaction.atomic():
            consultation_publish(safeguarding_lead, consultation=consultation, summary="Done.")
            publishing.set()
            time.sleep(0.5)  # the reply below starts while this publish is uncommitted
        connection.close()

    def clear_the_answer() -> None:
        publishing.wait(5)
        try:
            consultation_reply(safeguarding_lead, response=point, reply="")
            outcome["reply"] = "accepted"
        except ConsultationAlreadyPublished:
            outcome["reply"] = "refused"
        finally:
            connection.close()

    threads = [threading.Thread(target=publish_and_hold), threading.Thread(target=clear_the_answer)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert outcome == {"reply": "refused"}
    point.refresh_from_db()
    assert point.reply == "We now block within the hour."
