"""P2: the sanctions guide gives the same range whatever the channel the conduct happened in."""

from __future__ import annotations

import inspect
import itertools
import random

import pytest

from tests.discipline.conftest import make_member
from upstander.discipline import services
from upstander.discipline.guide import (
    STANDARD_FACTORS,
    GuideTable,
    guide_table,
    sanction_range,
)
from upstander.discipline.models import Allegation, Conduct, GuideEntry, Sanction, SanctionsGuide


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
