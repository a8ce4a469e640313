"""A network representative responds to a consultation in the browser and, once staff have
answered and published, reads the "you said, we did" summary; the statistics page draws."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.helpers import sign_in, submit_form_of
from tests.conftest import PASSWORD
from tests.networks.helpers import network_with_rep, open_consultation
from upstander.accounts.models import User
from upstander.networks.models import ConsultationResponse
from upstander.networks.services import (
    consultation_publish,
    consultation_reply,
    statistics_publish_closed_quarters,
)

pytestmark = pytest.mark.browser


def test_a_representative_responds_and_sees_the_published_summary(
    live_server: Any, page: Any, network_rep: User
) -> None:
    network = network_with_rep(network_rep, "Women's network")
    consultation = open_consultation(network)
    base = live_server.url
    sign_in(page, base, network_rep.email, PASSWORD)
    page.goto(f"{base}/networks/")
    page.get_by_role("link", name=consultation.title).click()
    page.select_option("select[name=network]", str(network.pk))
    page.fill("textarea[name=point]", "Name misogynist abuse explicitly in the strategy.")
    submit_form_of(page, "textarea[name=point]")
    assert "Name misogynist abuse explicitly" in page.inner_text("main")

    response = ConsultationResponse.objects.get()
    consultation_reply(None, response=response, reply="Misogynist abuse is now named.")
    consultation_publish(None, consultation=consultation, summary="Thank you to every network.")

    page.goto(f"{base}/networks/")
    page.get_by_role("link", name="You said, we did").click()
    main = page.inner_text("main")
    assert "Name misogynist abuse explicitly in the strategy." in main
    assert "Misogynist abuse is now named." in main


def test_the_public_statistics_page_has_charts_and_tables(live_server: Any, page: Any) -> None:
    statistics_publish_closed_quarters(None)  # as the daily job does: only closed quarters show
    page.goto(f"{live_server.url}/statistics/")
    assert page.locator("svg.chart[role=img]").count() == 4
    assert page.locator("main table caption").count() == 4
