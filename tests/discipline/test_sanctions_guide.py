"""P2: the sanctions guide gives the same range whatever the channel the conduct happened in."""

from __future__ import annotations

import html
import inspect
import itertools
import random
import re

import pytest
from django.test import Client
from django.urls import reverse

from tests.conftest import signed_in
from tests.discipline.conftest import make_member
from upstander.accounts.models import User
from upstander.audit.models import AuditEntry
from upstander.discipline import services
from upstander.discipline.errors import InvalidGuide
from upstander.discipline.guide import (
    STANDARD_ENTRIES,
    STANDARD_FACTORS,
    GuideTable,
    guide_table,
    sanction_range,
)
from upstander.discipline.models import (
    Allegation,
    Conduct,
    FactorKind,
    GuideEntry,
    Sanction,
    SanctionsGuide,
)


def test_the_guide_has_no_channel_field_and_the_range_function_takes_no_channel() -> None:
    assert "channel" not in {field.name for field in GuideEntry._meta.get_fields()}
    assert "channel" not in inspect.signature(sanction_range).parameters
    assert "channel" not in inspect.signature(services.proceeding_range).parameters


def _all_factor_sets() -> list[tuple[str, ...]]:
    codes = [factor.code for factor in STANDARD_FACTORS]
    return [
        combo for size in range(len(codes) + 1) for combo in itertools.combinations(codes, size)
    ]


@pytest.mark.django_db
def test_channel_in_allegation_context_never_changes_the_range(
    guide: SanctionsGuide, safeguarding_lead
) -> None:
    respondent = make_member("M-7001", "Sam", "Sample", branch="Hillside")
    rng = random.Random(8)  # a fixed seed: the same property, checked over many combinations
    factor_sets = _all_factor_sets()
    conduct_sets = [
        combo for size in (1, 2) for combo in itertools.combinations(Conduct.values, size)
    ]
    proceedings = {}
    for channel in ("online", "face_to_face"):
        for conducts in conduct_sets:
            proceeding = services.complaint_open(
                safeguarding_lead,
                respondent=respondent,
                allegations=[(code, f"{code} {channel}") for code in conducts],
                complainant_user=None,
                complainant_anonymous_to_respondent=False,
                source_case_id=None,
                evidence_ids=[],
            )
            for allegation in proceeding.allegations.all():
                services.allegation_context_set(
                    safeguarding_lead, allegation=allegation, context={"channel": channel}
                )
            proceedings[(channel, conducts)] = proceeding
    checked = 0
    for conducts in conduct_sets:
        for factors in rng.sample(factor_sets, 12):
            online = proceedings[("online", conducts)]
            offline = proceedings[("face_to_face", conducts)]
            _, online_range = services.proceeding_range(online, factors=list(factors))
            _, offline_range = services.proceeding_range(offline, factors=list(factors))
            assert online_range == offline_range, (conducts, factors)
            checked += 1
    assert checked == len(conduct_sets) * 12
    assert Allegation.objects.filter(context={"channel": "online"}).exists()


def test_the_most_serious_conduct_sets_the_range_and_factors_move_it() -> None:
    table = GuideTable(
        version=1,
        ranges={"insult": (1, 2), "threats": (3, 4)},
        factors={"repeated": ("aggravating", 1), "apologised": ("mitigating", 2)},
    )
    insult = sanction_range(table, conduct=["insult"])
    assert (insult.lowest, insult.highest) == (Sanction.REPRIMAND, Sanction.FORMAL_WARNING)
    both = sanction_range(table, conduct=["insult", "threats"])
    assert (both.lowest, both.highest) == (Sanction.SUSPENSION, Sanction.EXPULSION)
    aggravated = sanction_range(table, conduct=["insult"], factors=["repeated"])
    assert aggravated.highest == Sanction.SUSPENSION
    mitigated = sanction_range(table, conduct=["insult"], factors=["apologised"])
    assert mitigated.lowest == Sanction.NO_ACTION
    assert mitigated.lowest <= mitigated.highest


@pytest.mark.django_db
def test_a_new_guide_version_keeps_the_old_one(guide: SanctionsGuide) -> None:
    second = services.guide_publish(None, notes="Reviewed after the conference.")
    assert (guide.version, second.version) == (1, 2)
    assert guide_table(guide).ranges == guide_table(second).ranges
    assert SanctionsGuide.objects.count() == 2


def _guide_form(page: str) -> dict[str, str]:
    """Every field of the publish page as the browser would send it, unchanged."""
    fields = dict(re.findall(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', page))
    for name, options in re.findall(r'<select name="([^"]+)"[^>]*>(.*?)</select>', page, re.S):
        chosen = re.search(r'<option value="([^"]*)"[^>]*selected', options)
        fields[name] = chosen.group(1) if chosen else ""
    for name, text in re.findall(r'<textarea name="([^"]+)"[^>]*>(.*?)</textarea>', page, re.S):
        fields[name] = html.unescape(text.strip())
    fields.pop("csrfmiddlewaretoken", None)
    return fields


@pytest.mark.django_db
def test_the_party_edits_the_guide_and_publishes_it_as_a_new_version(
    client: Client, guide: SanctionsGuide, safeguarding_lead: User
) -> None:
    signed_in(client, safeguarding_lead)
    url = reverse("discipline:guide_publish")
    form = _guide_form(client.get(url).content.decode())
    insult = next(k for k, v in form.items() if k.endswith("-conduct") and v == Conduct.INSULT)
    row = insult.removesuffix("-conduct")
    form[f"{row}-highest"] = str(Sanction.SUSPENSION)
    form[f"{row}-examples"] = "Slurs in a reply, at a hustings or on the doorstep."
    form["factor-7-code"], form["factor-7-label"] = "organised", "Organised with others"
    form["factor-7-kind"], form["factor-7-weight"] = FactorKind.AGGRAVATING, "2"
    dropped = form["factor-0-code"]
    form["factor-0-DELETE"] = "on"  # the party drops one factor
    form["notes"] = "Reviewed with the equality networks."
    # Whatever a page sends, there is no channel to set: a posted one is ignored.
    form[f"{row}-channel"] = "online"

    response = client.post(url, form)

    assert response.status_code == 302, response.content.decode()[:3000]
    second = SanctionsGuide.objects.get(version=2)
    table = guide_table(second)
    assert table.ranges[Conduct.INSULT] == (Sanction.REPRIMAND, Sanction.SUSPENSION)
    assert table.ranges[Conduct.THREATS] == guide_table(guide).ranges[Conduct.THREATS]
    assert table.factors["organised"] == (FactorKind.AGGRAVATING, 2)
    assert dropped not in table.factors
    assert guide_table(guide).factors[dropped]  # the old version keeps it
    assert AuditEntry.objects.filter(verb="guide.publish").count() == 2


@pytest.mark.django_db
def test_a_guide_with_a_range_upside_down_is_shown_again_and_nothing_published(
    client: Client, guide: SanctionsGuide, safeguarding_lead: User
) -> None:
    signed_in(client, safeguarding_lead)
    url = reverse("discipline:guide_publish")
    form = _guide_form(client.get(url).content.decode())
    form["entry-0-lowest"], form["entry-0-highest"] = str(Sanction.EXPULSION), "1"
    response = client.post(url, form)
    assert response.status_code == 400
    assert "The highest sanction cannot be below the lowest." in response.content.decode()
    assert SanctionsGuide.objects.count() == 1


@pytest.mark.django_db
def test_the_guide_service_refuses_a_guide_missing_a_kind_of_conduct(
    safeguarding_lead: User,
) -> None:
    with pytest.raises(InvalidGuide, match="missing: Threats"):
        services.guide_publish(
            safeguarding_lead,
            notes="",
            entries=tuple(e for e in STANDARD_ENTRIES if e.conduct != Conduct.THREATS),
        )
    assert not SanctionsGuide.objects.exists()


@pytest.mark.django_db
def test_only_leads_and_administrators_publish_the_guide(client: Client, caseworker: User) -> None:
    signed_in(client, caseworker)
    assert client.get(reverse("discipline:guide_publish")).status_code == 403
