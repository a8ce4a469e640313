"""Networks and consultations made through the real services."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from upstander.accounts.models import User
from upstander.networks.models import Consultation, Network
from upstander.networks.services import consultation_open, network_create, network_member_add


def network_with_rep(rep: User, name: str = "LGBTI+ network") -> Network:
    network = network_create(None, name=name)
    network_member_add(None, network=network, user=rep, representative=True)
    return network


def open_consultation(*networks: Network, days: int = 14) -> Consultation:
    return consultation_open(
        None,
        title="Online abuse strategy 2027",
        draft="We will block abusive accounts within an hour.",
        networks=list(networks),
        deadline=timezone.now() + timedelta(days=days),
    )
