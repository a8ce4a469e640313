"""The sanctions guide's arithmetic: conduct and factors in, a range of sanctions out.

There is no channel anywhere in here, on purpose (policy P2: online = offline). The function
takes the conduct codes and the factor codes and nothing else, so where the abuse happened
cannot move the range.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from upstander.discipline.models import Conduct, FactorKind, Sanction, SanctionsGuide


@dataclass(frozen=True)
class SanctionRange:
    lowest: Sanction
    highest: Sanction

    def contains(self, sanction: int) -> bool:
        return self.lowest <= sanction <= self.highest

    def __str__(self) -> str:
        if self.lowest == self.highest:
            return str(self.lowest.label)
        return f"{self.lowest.label} to {self.highest.label}"


@dataclass(frozen=True)
class GuideTable:
    """One guide version as plain data: conduct -> (lowest, highest); factor -> (kind, weight)."""

    version: int
    ranges: Mapping[str, tuple[int, int]]
    factors: Mapping[str, tuple[str, int]]


def sanction_range(
    table: GuideTable, *, conduct: Iterable[str], factors: Iterable[str] = ()
) -> SanctionRange:
    """The range for the most serious conduct alleged, moved by the net weight of the factors.

    Aggravating factors raise the ceiling one step per weight (and the floor half as fast);
    mitigating factors lower the floor one step per weight (and the ceiling half as fast).
    """
    conducts = [code for code in conduct if code in table.ranges]
    if not conducts:
        raise ValueError("No allegation names conduct that the guide covers.")
    lowest = max(table.ranges[code][0] for code in conducts)
    highest = max(table.ranges[code][1] for code in conducts)
    net = 0
    for code in set(factors):
        if code in table.factors:
            kind, weight = table.factors[code]
            net += weight if kind == FactorKind.AGGRAVATING else -weight
    top, bottom = int(Sanction.EXPULSION), int(Sanction.NO_ACTION)
    if net > 0:
        highest = min(top, highest + net)
        lowest = min(highest, lowest + net // 2)
    elif net < 0:
        lowest = max(bottom, lowest + net)
        highest = max(lowest, highest - (-net) // 2)
    return SanctionRange(Sanction(lowest), Sanction(highest))


def guide_table(guide: SanctionsGuide) -> GuideTable:
    return GuideTable(
        version=guide.version,
        ranges={entry.conduct: (entry.lowest, entry.highest) for entry in guide.entries.all()},
        factors={factor.code: (factor.kind, factor.weight) for factor in guide.factors.all()},
    )


def guide_current() -> SanctionsGuide | None:
    return SanctionsGuide.objects.order_by("-version").first()


@dataclass(frozen=True)
class EntrySpec:
    conduct: Conduct
    lowest: Sanction
    highest: Sanction
    examples: str


@dataclass(frozen=True)
class FactorSpec:
    code: str
    label: str
    kind: FactorKind
    weight: int = 1


STANDARD_ENTRIES: tuple[EntrySpec, ...] = (
    EntrySpec(
        Conduct.INSULT,
        Sanction.REPRIMAND,
        Sanction.FORMAL_WARNING,
        "Name-calling or crude insults, in a reply, a meeting or on the doorstep.",
    ),
    EntrySpec(
        Conduct.HARASSMENT,
        Sanction.FORMAL_WARNING,
        Sanction.SUSPENSION,
        "Repeated unwanted contact, pile-ons, following someone to intimidate them.",
    ),
    EntrySpec(
        Conduct.THREATS,
        Sanction.SUSPENSION,
        Sanction.EXPULSION,
        "Threats of violence or harm, however sent or said.",
    ),
    EntrySpec(
        Conduct.IDENTITY_ABUSE,
        Sanction.FORMAL_WARNING,
        Sanction.EXPULSION,
        "Abuse aimed at someone's sex, race, religion, sexuality, gender identity or disability.",
    ),
    EntrySpec(
        Conduct.SEXUAL_HARASSMENT,
        Sanction.SUSPENSION,
        Sanction.EXPULSION,
        "Unwanted sexual comments, images or advances.",
    ),
    EntrySpec(
        Conduct.DOXXING,
        Sanction.SUSPENSION,
        Sanction.EXPULSION,
        "Publishing someone's address, workplace or other private details.",
    ),
    EntrySpec(
        Conduct.INCITEMENT,
        Sanction.FORMAL_WARNING,
        Sanction.EXPULSION,
        "Urging others to abuse, harass or threaten someone.",
    ),
)

STANDARD_FACTORS: tuple[FactorSpec, ...] = (
    FactorSpec("repeated", "Repeated, or part of a pattern of conduct", FactorKind.AGGRAVATING),
    FactorSpec(
        "after_warning", "Continued after a warning or a request to stop", FactorKind.AGGRAVATING
    ),
    FactorSpec(
        "position_of_trust",
        "Respondent holds office or a position of trust",
        FactorKind.AGGRAVATING,
    ),
    FactorSpec(
        "vulnerable_target", "The person targeted was especially vulnerable", FactorKind.AGGRAVATING
    ),
    FactorSpec(
        "admitted_and_apologised", "Admitted it and apologised sincerely", FactorKind.MITIGATING
    ),
    FactorSpec("first_matter", "No previous disciplinary matter", FactorKind.MITIGATING),
    FactorSpec("circumstances", "Personal circumstances the panel accepts", FactorKind.MITIGATING),
)
