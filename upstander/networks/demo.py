"""Demo data for the equality networks, made through the services (manage.py seed_demo):
the four networks, Morgan as the women's network representative, an open consultation with
a response, a published "you said, we did" linked to the behaviour policy, and a quarter's
worth of (invented, anonymous) cases so the statistics page has figures to show and hide."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import F
from django.utils import timezone

from upstander.accounts.models import Role, User
from upstander.accounts.services import role_grant
from upstander.cases.models import Case, CharacteristicCount
from upstander.cases.services import (
    case_close,
    case_open_from_report,
    case_triage,
    consultation_record,
)
from upstander.core.quarters import quarter_of
from upstander.networks.services import (
    consultation_link_policy,
    consultation_open,
    consultation_publish,
    consultation_reply,
    consultation_respond,
    network_create,
    network_member_add,
    statistics_publish_closed_quarters,
)
from upstander.policies.models import PolicyKind
from upstander.policies.selectors import policy_current
from upstander.reports.services import report_submit

NETWORKS = [
    ("LGBTI+ network", "LGBTI members and allies."),
    ("Disabled members' network", "Disabled members, and members with long-term conditions."),
    ("Ethnic minority members' network", "Black, Asian and minority ethnic members."),
    ("Women's network", "Women members, including trans women."),
]

# (targeted characteristic, platform, outcome, how many) for last quarter's statistics.
QUARTER_CASES = [
    ("sex_gender", "x", "no_action", 6),
    ("sex_gender", "bluesky", "support_only", 3),
    ("race_ethnicity", "x", "support_only", 5),
    ("race_ethnicity", "facebook", "no_action", 2),
    ("lgbti", "bluesky", "no_action", 5),
    ("disability", "mastodon", "support_only", 3),
    ("religion", "x", "withdrawn", 1),
]


def _quarter_cases(worker: User) -> None:
    number = 0
    demo_cases: list[int] = []
    for characteristic, platform, outcome, count in QUARTER_CASES:
        for _ in range(count):
            number += 1
            submitted = report_submit(
                None,
                target_kind="member",
                platform=platform,
                what_happened=f"Demo statistics case {number}: abusive replies to a member.",
                source="demo",
            )
            case = case_open_from_report(worker, report=submitted.report)
            case = case_triage(
                worker,
                case=case,
                severity=2,
                category="identity_based",
                targeted_characteristic=characteristic,
            )
            # Each closed after talking to the person targeted, as the policy asks.
            consultation_record(
                worker,
                case=case,
                held_on=timezone.localdate(),
                method="phone",
                wishes=["support" if outcome == "support_only" else "record_only"],
                consent_police=False,
                consent_panel=False,
            )
            case_close(worker, case=case, outcome=outcome)
            demo_cases.append(case.pk)
    # Only closed quarters are published: date the demo cases (and their characteristic counts)
    # a quarter back, as if reported then, and publish that quarter as the daily job would.
    _date_back(demo_cases)
    statistics_publish_closed_quarters(None)


def _date_back(case_ids: list[int]) -> None:
    shift = timedelta(days=92)
    this_quarter = quarter_of(timezone.localdate()).starts_on
    Case.objects.filter(pk__in=case_ids).update(
        created_at=F("created_at") - shift,
        first_response_at=F("first_response_at") - shift,
        closed_at=F("closed_at") - shift,
    )
    last_quarter = quarter_of(timezone.localdate() - shift).starts_on
    for characteristic, _, _, count in QUARTER_CASES:
        CharacteristicCount.objects.filter(
            quarter_starts_on=this_quarter, characteristic=characteristic
        ).update(count=F("count") - count)
        moved, _ = CharacteristicCount.objects.get_or_create(
            quarter_starts_on=last_quarter, characteristic=characteristic
        )
        CharacteristicCount.objects.filter(pk=moved.pk).update(count=F("count") + count)


def seed(people: dict[str, User]) -> None:
    admin, lead, rep = people["admin"], people["lead"], people["member"]
    networks = [network_create(admin, name=name, description=text) for name, text in NETWORKS]
    women = networks[3]
    role_grant(admin, user=rep, role=Role.NETWORK_REP)
    network_member_add(admin, network=women, user=rep, representative=True)
    network_member_add(admin, network=networks[0], user=people["councillor"])

    done = consultation_open(
        lead,
        title="Online behaviour policy: examples of abuse",
        draft="We propose to add concrete examples of abuse to the online behaviour policy.",
        networks=networks,
        deadline=timezone.now() + timedelta(days=1),
    )
    point = consultation_respond(
        rep,
        consultation=done,
        network=women,
        point="Include sexual harassment and 'jokes' about sexual violence as named examples.",
    )
    consultation_reply(
        lead, response=point, reply="Sexual harassment is now a named example, with 'jokes'."
    )
    consultation_publish(
        lead,
        consultation=done,
        summary="All four networks were consulted; the women's network's point changed the text.",
    )
    behaviour = policy_current(PolicyKind.BEHAVIOUR)
    if behaviour is not None:
        consultation_link_policy(lead, consultation=done, document=behaviour)

    strategy = consultation_open(
        lead,
        title="Online abuse strategy 2027 (draft)",
        draft=(
            "1. Block abusive outsiders on every platform within an hour of a report.\n\n"
            "2. A named case worker for every candidate during elections.\n\n"
            "3. Quarterly anonymised statistics, reviewed with the networks."
        ),
        networks=networks,
        deadline=timezone.now() + timedelta(days=21),
    )
    consultation_respond(
        rep,
        consultation=strategy,
        network=women,
        point="Please add a check-in with each woman candidate after every televised debate.",
    )
    _quarter_cases(people["caseworker"])
