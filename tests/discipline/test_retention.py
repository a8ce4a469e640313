"""Retention: closed proceedings and declined referrals lose their narratives
DISCIPLINE_RETENTION_DAYS after they closed, the leads warned CASE_RETENTION_WARNING_DAYS
before; the register's facts and the audit chain stay."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, timedelta
from io import StringIO

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.db import models
from django.utils import timezone

from tests.cases.helpers import consulted_case
from tests.discipline.conftest import bring_to_hearing, make_member, open_complaint
from upstander.accounts.models import Member, MembershipStatus, User
from upstander.audit.models import AuditEntry
from upstander.audit.selectors import audit_chain_verify
from upstander.cases.services import case_evidence_add
from upstander.core.errors import NotPermitted
from upstander.discipline import conf, services
from upstander.discipline.models import (
    Appeal,
    AppealOutcome,
    Appellant,
    AppliedSanction,
    AssessmentOutcome,
    ConflictKind,
    Decision,
    DecisionKind,
    LetterKind,
    Proceeding,
    Referral,
    ReferralSource,
    ReferralStatus,
    Representation,
    Sanction,
    Seat,
    Stage,
)
from upstander.discipline.selectors import subject_access_proceedings
from upstander.discipline.services.retention import MINIMISED
from upstander.discipline.tasks import discipline_daily
from upstander.evidence.errors import EvidenceContentPurged
from upstander.evidence.models import EvidenceItem
from upstander.evidence.selectors import evidence_bytes_verified
from upstander.evidence.services import evidence_capture_post, evidence_capture_text
from upstander.reports.services import report_submit

pytestmark = pytest.mark.django_db

SIX_YEARS = 2190


@pytest.fixture(autouse=True)
def _six_years_warned_thirty_days_before(settings) -> None:
    settings.DISCIPLINE_RETENTION_DAYS = SIX_YEARS
    settings.CASE_RETENTION_WARNING_DAYS = 30


def closed_without_a_hearing(
    caseworker: User, lead: User, respondent: Member, *, evidence: Sequence[EvidenceItem] = ()
) -> Proceeding:
    """A complaint opened directly (no case) and closed at assessment: no case to answer."""
    proceeding = services.complaint_open(
        caseworker,
        respondent=respondent,
        allegations=[("harassment", "Told a councillor her children would be found.")],
        complainant_user=None,
        complainant_anonymous_to_respondent=False,
        source_case_id=None,
        evidence_ids=[item.pk for item in evidence],
    )
    services.proceeding_assess(
        lead,
        proceeding=proceeding,
        outcome=AssessmentOutcome.NO_CASE,
        criteria="Code of conduct 2.1, as the lead read it.",
        reason="The councillor's neighbour says it was a joke between friends.",
    )
    proceeding.refresh_from_db()
    return proceeding


def daily_round(days: float) -> dict[str, int]:
    """The daily task as it would run `days` from now."""
    with time_machine.travel(timezone.now() + timedelta(days=days), tick=False):
        figures = discipline_daily.enqueue().return_value
    assert figures is not None
    return figures


def retention_figures(figures: dict[str, int]) -> tuple[int, int, int, int]:
    return (
        figures["proceedings_retention_warned"],
        figures["proceedings_minimised"],
        figures["referrals_retention_warned"],
        figures["referrals_minimised"],
    )


def test_a_closed_proceeding_is_warned_then_minimised_after_the_retention_period(
    caseworker, safeguarding_lead, respondent, django_capture_on_commit_callbacks
) -> None:
    closed = closed_without_a_hearing(caseworker, safeguarding_lead, respondent)
    still_open = open_complaint(caseworker, respondent, from_case=False)

    assert retention_figures(daily_round(SIX_YEARS - 31)) == (0, 0, 0, 0)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert retention_figures(daily_round(SIX_YEARS - 29)) == (1, 0, 0, 0)
    closed.refresh_from_db()
    assert closed.retention_warned_at is not None and closed.minimised_at is None
    assert [message.to for message in mail.outbox] == [[safeguarding_lead.email]]
    assert closed.reference in mail.outbox[0].body
    assert "Robin" not in mail.outbox[0].body  # membership is special category: nobody named
    assert retention_figures(daily_round(SIX_YEARS - 1)) == (0, 0, 0, 0)

    with time_machine.travel(timezone.now() + timedelta(days=SIX_YEARS + 1), tick=False):
        out = StringIO()
        call_command("discipline_daily", stdout=out)
    assert "proceedings minimised (retention): 1" in out.getvalue()
    closed = Proceeding.objects.get(pk=closed.pk)
    assert closed.minimised_at is not None
    assert closed.allegations.get().description == MINIMISED
    entry = AuditEntry.objects.get(verb="proceeding.minimise")
    assert entry.actor_user_id is None and entry.details["by"] == "system"
    assert entry.target_id == str(closed.pk)
    still_open.refresh_from_db()
    assert still_open.minimised_at is None and still_open.retention_warned_at is None
    assert retention_figures(daily_round(SIX_YEARS + 2)) == (0, 0, 0, 0)  # idempotent


def test_a_proceeding_is_minimised_only_once_its_warning_has_run_its_course(
    settings, caseworker, safeguarding_lead, respondent
) -> None:
    settings.DISCIPLINE_RETENTION_DAYS = 10
    settings.CASE_RETENTION_WARNING_DAYS = 5
    proceeding = closed_without_a_hearing(caseworker, safeguarding_lead, respondent)
    # Long past the period when the round first runs: warned, not minimised.
    assert retention_figures(daily_round(400)) == (1, 0, 0, 0)
    proceeding.refresh_from_db()
    assert proceeding.retention_warned_at is not None and proceeding.minimised_at is None
    assert retention_figures(daily_round(404)) == (0, 0, 0, 0)
    assert retention_figures(daily_round(405.5)) == (0, 1, 0, 0)


# What was typed by people in the proceeding below: none of it survives minimising.
TYPED = {
    "allegation": "Sent dozens of abusive replies to a councillor over a week.",
    "criteria": "Code of conduct, section 2; the victim's wishes.",
    "assessment": "The posts are evidenced and serious enough to investigate.",
    "report": "The posts are his; he admits writing them.",
    "place": "Online, by video",
    "response": "I was angry and I regret it.",
    "interim": "He keeps contacting her through the branch WhatsApp group.",
    "interim_end": "Her family asked us to stop it before the wedding.",
    "representation": "The MP asked whether this could be dropped quietly.",
    "conflict": "I was at school with the complainant's brother.",
    "decision": "Sustained harassment of Priya Patel over a week.",
    "outside_range": "He had been told twice before.",
    "grounds": "Priya Patel provoked me; the sanction is too harsh.",
    "how_reached": "Unanimously, after reading the posts again.",
}


def _texts(proceeding: Proceeding) -> str:
    """Every text value held in the proceeding's rows and the rows that hang from it."""
    rows: list[models.Model] = [proceeding]
    for relation in (
        "allegations",
        "interim_suspensions",
        "decisions",
        "letters",
        "representations",
        "conflicts",
        "applied_sanctions",
        "referrals",
    ):
        rows += list(getattr(proceeding, relation).all())
    rows += list(Appeal.objects.filter(proceeding=proceeding))
    return "\n".join(
        str(field.value_from_object(row))
        for row in rows
        for field in row._meta.concrete_fields
        if isinstance(field, models.CharField | models.TextField | models.JSONField)
    )


@pytest.fixture
def appealed_and_served(
    caseworker,
    *,
    safeguarding_lead,
    respondent,
    respondent_user,
    member,
    decision_panel,
    appeal_panel,
    panel_member,
    guide,
) -> Proceeding:
    """The whole route, with every kind of narrative: a complaint from a case naming the
    complainant, an interim suspension ended early, a representation, a conflict declared, a
    suspension outside the guide's range upheld on appeal, then served and lifted."""
    proceeding = open_complaint(caseworker, respondent, complainant=member)
    bring_to_hearing(
        proceeding, lead=safeguarding_lead, investigator=caseworker, panel=decision_panel
    )
    interim = services.interim_propose(
        caseworker,
        proceeding=proceeding,
        criteria="Risk of further contact.",
        reason=TYPED["interim"],
        review_on=timezone.localdate() + timedelta(days=10),
    )
    services.interim_approve(safeguarding_lead, interim=interim)
    services.interim_end(safeguarding_lead, interim=interim, reason=TYPED["interim_end"])
    services.representation_record(
        caseworker,
        proceeding=proceeding,
        official_name="A. Member of Parliament",
        official_position="MP",
        summary=TYPED["representation"],
    )
    services.conflict_declare(
        panel_member,
        person=panel_member,
        kind=ConflictKind.INTEREST,
        proceeding=proceeding,
        note=TYPED["conflict"],
    )
    services.decision_record(
        decision_panel[0],
        proceeding=proceeding,
        sanction=Sanction.SUSPENSION,
        ends_on=timezone.localdate() + timedelta(days=30),
        criteria="Sanctions guide: harassment.",
        reason=TYPED["decision"],
        outside_range_reason=TYPED["outside_range"],
        factors=[],
    )
    services.appeal_lodge(
        respondent_user,
        proceeding=proceeding,
        appellant=Appellant.RESPONDENT,
        grounds=TYPED["grounds"],
    )
    for person in appeal_panel:
        services.seat_appoint(
            safeguarding_lead, proceeding=proceeding, person=person, seat=Seat.APPEAL_PANEL
        )
    services.appeal_decide(
        appeal_panel[0],
        proceeding=proceeding,
        outcome=AppealOutcome.UPHOLD,
        criteria="The grounds of appeal.",
        reason="The first panel weighed the evidence fairly.",
        how_reached=TYPED["how_reached"],
    )
    services.sanctions_lift_expired(None, today=timezone.localdate() + timedelta(days=31))
    proceeding.refresh_from_db()
    return proceeding


def _decision_facts(proceeding: Proceeding) -> list[tuple[object, ...]]:
    return list(
        Decision.objects.filter(proceeding=proceeding)
        .order_by("decided_at")
        .values_list(
            "kind",
            "sanction",
            "ends_on",
            "guide__version",
            "range_lowest",
            "range_highest",
            "factors",
            "appeal_outcome",
            "decided_at",
        )
    )


def _sanction_facts(proceeding: Proceeding) -> list[tuple[object, ...]]:
    return list(
        AppliedSanction.objects.filter(proceeding=proceeding)
        .order_by("pk")
        .values_list("sanction", "interim", "decision", "starts_on", "ends_on", "lifted_at")
    )


def test_minimising_keeps_the_register_facts_and_removes_the_narratives(
    appealed_and_served, safeguarding_lead, respondent, member
) -> None:
    proceeding = appealed_and_served
    assert proceeding.stage == Stage.CLOSED and proceeding.complainant_user == member
    texts = _texts(proceeding)
    assert all(typed in texts for typed in TYPED.values())  # the test sees every narrative
    before = Proceeding.objects.get(pk=proceeding.pk)
    decisions, sanctions = _decision_facts(proceeding), _sanction_facts(proceeding)
    letters = list(proceeding.letters.order_by("pk").values_list("kind", "recipient", "subject"))
    seats = list(proceeding.appointments.values_list("person_id", "seat", "appointed_at"))

    services.proceeding_minimise(safeguarding_lead, proceeding=proceeding)

    proceeding = Proceeding.objects.get(pk=proceeding.pk)
    texts = _texts(proceeding)
    assert [name for name, typed in TYPED.items() if typed in texts] == []
    # The complainant's identity and the letters' addresses go; the member it concerned stays.
    assert proceeding.complainant_user is None
    assert member.email not in texts and "@" not in "".join(
        proceeding.letters.values_list("emailed_to", flat=True)
    )
    assert proceeding.respondent == respondent
    assert not Representation.objects.filter(proceeding=proceeding).exists()
    # The register's facts: stage, dates, decisions, sanctions, letters sent, who sat where.
    for fact in (
        "stage",
        "opened_at",
        "assessment_outcome",
        "assessed_at",
        "notice_sent_at",
        "hearing_at",
        "response_received_at",
        "appeal_deadline",
        "closed_at",
        "source_case_id",
    ):
        assert getattr(proceeding, fact) == getattr(before, fact), fact
    assert _decision_facts(proceeding) == decisions
    assert [kind for kind, *_ in decisions] == [DecisionKind.HEARING, DecisionKind.APPEAL]
    assert _sanction_facts(proceeding) == sanctions
    assert [lifted_at is not None for *_, lifted_at in sanctions] == [True, True]
    assert (
        list(proceeding.letters.order_by("pk").values_list("kind", "recipient", "subject"))
        == letters
    )
    assert {letter.body for letter in proceeding.letters.all()} == {MINIMISED}
    assert list(proceeding.appointments.values_list("person_id", "seat", "appointed_at")) == seats
    assert proceeding.allegations.get().conduct == "harassment"
    assert proceeding.appeal.appellant == Appellant.RESPONDENT
    assert proceeding.conflicts.get().kind == ConflictKind.INTEREST
    # The audit chain is whole, and its entry names rows, not words.
    assert audit_chain_verify().intact
    entry = AuditEntry.objects.get(verb="proceeding.minimise")
    assert entry.actor_user_id == safeguarding_lead.pk and entry.details["by"] == "person"
    assert not any(typed in str(entry.details) for typed in TYPED.values())


def test_the_assessment_audit_entry_holds_no_words_the_lead_typed(
    caseworker, safeguarding_lead, respondent
) -> None:
    closed_without_a_hearing(caseworker, safeguarding_lead, respondent)
    entry = AuditEntry.objects.get(verb="proceeding.assess")
    assert "Code of conduct" not in str(entry.details)


def _decided(
    proceeding: Proceeding,
    *,
    lead: User,
    investigator: User,
    panel: list[User],
    sanction: Sanction,
    reason: str,
    ends_on: date | None = None,
    outside_range_reason: str = "",
    close_window: bool = True,
) -> None:
    """The complaint heard and decided; with `close_window`, its appeal window run out."""
    bring_to_hearing(proceeding, lead=lead, investigator=investigator, panel=panel)
    services.decision_record(
        panel[0],
        proceeding=proceeding,
        sanction=sanction,
        ends_on=ends_on,
        criteria="Sanctions guide: harassment.",
        reason=reason,
        outside_range_reason=outside_range_reason,
    )
    if close_window:
        services.appeal_windows_close(None, today=timezone.localdate() + timedelta(days=30))


def test_a_proceeding_with_a_sanction_in_force_is_not_minimised(
    caseworker, *, safeguarding_lead, respondent, member, decision_panel, guide
) -> None:
    proceeding = open_complaint(caseworker, respondent, complainant=member)
    _decided(
        proceeding,
        lead=safeguarding_lead,
        investigator=caseworker,
        panel=decision_panel,
        sanction=Sanction.EXPULSION,
        reason="Threats to a councillor's family.",
        outside_range_reason="Threats to her children.",
    )
    proceeding.refresh_from_db()
    assert proceeding.stage == Stage.CLOSED

    assert retention_figures(daily_round(SIX_YEARS * 2)) == (0, 0, 0, 0)
    services.proceeding_minimise(safeguarding_lead, proceeding=proceeding)
    proceeding.refresh_from_db()
    assert proceeding.minimised_at is None and proceeding.retention_warned_at is None
    assert "Threats to a councillor's family." in _texts(proceeding)
    respondent.refresh_from_db()
    assert respondent.status == MembershipStatus.EXPELLED


def test_a_proceedings_clock_starts_when_its_last_sanction_is_lifted(
    caseworker, safeguarding_lead, respondent, decision_panel, guide
) -> None:
    proceeding = open_complaint(caseworker, respondent, from_case=False)
    _decided(
        proceeding,
        lead=safeguarding_lead,
        investigator=caseworker,
        panel=decision_panel,
        sanction=Sanction.SUSPENSION,
        reason="Sustained harassment.",
        ends_on=timezone.localdate() + timedelta(days=365),
    )
    proceeding.refresh_from_db()
    assert proceeding.stage == Stage.CLOSED
    # Closed, but the suspension runs for a year; the daily round lifts it when it ends.
    assert retention_figures(daily_round(366)) == (0, 0, 0, 0)
    assert AppliedSanction.objects.get(proceeding=proceeding).lifted_at is not None
    # Six years from the lifting, not from the closing.
    assert retention_figures(daily_round(SIX_YEARS - 29)) == (0, 0, 0, 0)
    assert retention_figures(daily_round(366 + SIX_YEARS - 29)) == (1, 0, 0, 0)
    assert retention_figures(daily_round(366 + SIX_YEARS + 1)) == (0, 1, 0, 0)


def test_a_proceeding_under_appeal_is_not_minimised(
    caseworker, *, safeguarding_lead, respondent, respondent_user, decision_panel, guide
) -> None:
    proceeding = open_complaint(caseworker, respondent, from_case=False)
    _decided(
        proceeding,
        lead=safeguarding_lead,
        investigator=caseworker,
        panel=decision_panel,
        sanction=Sanction.REPRIMAND,
        reason="A first matter, admitted.",
        outside_range_reason="Apologised the same day.",
        close_window=False,
    )
    services.appeal_lodge(
        respondent_user, proceeding=proceeding, appellant=Appellant.RESPONDENT, grounds="Unfair."
    )
    assert retention_figures(daily_round(SIX_YEARS * 2)) == (0, 0, 0, 0)
    services.proceeding_minimise(safeguarding_lead, proceeding=proceeding)
    proceeding.refresh_from_db()
    assert proceeding.stage == Stage.APPEAL and proceeding.minimised_at is None


def test_an_appeal_window_reopened_after_closing_restarts_the_clock_and_the_warning(
    caseworker, safeguarding_lead, respondent, decision_panel, guide
) -> None:
    proceeding = open_complaint(caseworker, respondent, from_case=False)
    _decided(
        proceeding,
        lead=safeguarding_lead,
        investigator=caseworker,
        panel=decision_panel,
        sanction=Sanction.REPRIMAND,
        reason="A first matter, admitted.",
        outside_range_reason="Apologised the same day.",
    )
    assert retention_figures(daily_round(SIX_YEARS - 29)) == (1, 0, 0, 0)
    later = timezone.now() + timedelta(days=SIX_YEARS - 10)
    with time_machine.travel(later, tick=False):
        services.appeal_window_extend(
            safeguarding_lead,
            proceeding=proceeding,
            until=timezone.localdate() + timedelta(days=5),
            reason="The member was in hospital when the decision came.",
        )
        services.appeal_windows_close(None, today=timezone.localdate() + timedelta(days=6))
    # Closed again: nothing goes at the old date; at the new one, the first warning (given
    # before it reopened) does not count: the leads are warned again first.
    assert retention_figures(daily_round(SIX_YEARS + 1)) == (0, 0, 0, 0)
    assert retention_figures(daily_round(SIX_YEARS - 10 + SIX_YEARS + 1)) == (1, 0, 0, 0)
    assert retention_figures(daily_round(SIX_YEARS - 10 + SIX_YEARS + 31)) == (0, 1, 0, 0)


def test_only_a_safeguarding_lead_minimises_a_proceeding(
    caseworker, safeguarding_lead, respondent
) -> None:
    proceeding = closed_without_a_hearing(caseworker, safeguarding_lead, respondent)
    with pytest.raises(NotPermitted):
        services.proceeding_minimise(caseworker, proceeding=proceeding)
    proceeding.refresh_from_db()
    assert proceeding.minimised_at is None


# Evidence: the bytes go only where nothing else still relies on them.


def pasted(text: str = "You know where your kids go to school.") -> EvidenceItem:
    return evidence_capture_text(None, text=text, source_url="https://example.org/message")


def posted() -> EvidenceItem:
    return evidence_capture_post(
        None,
        platform="bluesky",
        uri="at://did:plc:someone/app.bsky.feed.post/1",
        url="https://bsky.app/profile/someone/post/1",
        author_handle="someone.test",
        author_id="did:plc:someone",
        text="A public post.",
        posted_at=None,
        raw={},
    )


def test_evidence_only_the_proceeding_holds_loses_its_bytes_and_keeps_its_hash(
    caseworker, safeguarding_lead, respondent
) -> None:
    text, post = pasted(), posted()
    proceeding = closed_without_a_hearing(
        caseworker, safeguarding_lead, respondent, evidence=[text, post]
    )
    services.proceeding_minimise(safeguarding_lead, proceeding=proceeding)
    with pytest.raises(EvidenceContentPurged):
        evidence_bytes_verified(text)
    assert len(EvidenceItem.objects.get(pk=text.pk).sha256) == 64
    assert set(proceeding.evidence.values_list("item_id", flat=True)) == {text.pk, post.pk}
    assert evidence_bytes_verified(post)  # a post was public: it stays
    purge = AuditEntry.objects.get(verb="evidence.purge")
    assert purge.details["items"] == [text.pk]
    assert AuditEntry.objects.get(verb="proceeding.minimise").details["evidence_purged"] == 1


def _another_proceeding(caseworker: User, lead: User, respondent: Member) -> EvidenceItem:
    item = pasted()
    services.complaint_open(
        caseworker,
        respondent=make_member("M-9100", "Alex", "Other"),
        allegations=[("harassment", "The same message, sent from another account.")],
        complainant_user=None,
        complainant_anonymous_to_respondent=False,
        source_case_id=None,
        evidence_ids=[item.pk],
    )
    return item


def _a_closed_proceeding_not_yet_minimised(
    caseworker: User, lead: User, respondent: Member
) -> EvidenceItem:
    item = pasted()
    closed_without_a_hearing(
        caseworker, lead, make_member("M-9100", "Alex", "Other"), evidence=[item]
    )
    return item


def _a_waiting_referral(caseworker: User, lead: User, respondent: Member) -> EvidenceItem:
    item = pasted()
    services.referral_make(
        caseworker,
        respondent=respondent,
        source=ReferralSource.BLOCKLIST,
        platform="bluesky",
        account_id="did:plc:robin",
        handle="robin.test",
        reason="Abusive replies to the councillor.",
        evidence_ids=[item.pk],
    )
    return item


def _a_case(caseworker: User, lead: User, respondent: Member) -> EvidenceItem:
    case = consulted_case(caseworker, wishes=("disciplinary",), consent_panel=True)
    (item,) = case_evidence_add(caseworker, case=case, text="You know where your kids go.")
    return item


def _a_report(caseworker: User, lead: User, respondent: Member) -> EvidenceItem:
    """A report still in the triage queue (no case opened from it yet)."""
    submitted = report_submit(
        None,
        target_kind="representative",
        platform="bluesky",
        what_happened="Replies saying they know where her kids go to school.",
        text_evidence="You know where your kids go.",
    )
    return submitted.report.evidence.get()


@pytest.mark.parametrize(
    "another_matter",
    [
        _another_proceeding,
        _a_closed_proceeding_not_yet_minimised,
        _a_waiting_referral,
        _a_case,
        _a_report,
    ],
    ids=["open proceeding", "closed proceeding", "waiting referral", "case", "report"],
)
def test_evidence_another_open_matter_relies_on_is_kept(
    another_matter: Callable[[User, User, Member], EvidenceItem],
    caseworker,
    safeguarding_lead,
    respondent,
) -> None:
    item = another_matter(caseworker, safeguarding_lead, respondent)
    proceeding = closed_without_a_hearing(
        caseworker, safeguarding_lead, respondent, evidence=[item]
    )
    services.proceeding_minimise(safeguarding_lead, proceeding=proceeding)
    proceeding.refresh_from_db()
    assert proceeding.minimised_at is not None
    assert evidence_bytes_verified(item)
    assert not AuditEntry.objects.filter(verb="evidence.purge").exists()


# Referrals: a declined one on its own clock; an accepted one goes with its proceeding.


def declined_referral(caseworker: User, lead: User, respondent: Member) -> Referral:
    referral = services.referral_make(
        caseworker,
        respondent=respondent,
        source=ReferralSource.BLOCKLIST,
        platform="bluesky",
        account_id="did:plc:robin",
        handle="robin.test",
        reason="Replies calling Cllr Patel a traitor to her community.",
        evidence_ids=[pasted().pk],
    )
    return services.referral_decline(
        lead, referral=referral, reason="Robust political argument; Cllr Patel agrees."
    )


def test_a_declined_referral_is_warned_then_minimised_after_the_retention_period(
    caseworker, safeguarding_lead, respondent, django_capture_on_commit_callbacks
) -> None:
    referral = declined_referral(caseworker, safeguarding_lead, respondent)
    (item,) = referral.evidence.all()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert retention_figures(daily_round(SIX_YEARS - 29)) == (0, 0, 1, 0)
    assert [message.to for message in mail.outbox] == [[safeguarding_lead.email]]
    assert referral.reference in mail.outbox[0].body
    assert retention_figures(daily_round(SIX_YEARS + 1)) == (0, 0, 0, 1)
    referral.refresh_from_db()
    assert referral.minimised_at is not None
    assert "Patel" not in referral.reason + referral.decline_reason
    assert referral.decline_reason == MINIMISED
    # What it was about stays: whom, from where, which account, what conduct, when, decided.
    assert (referral.respondent, referral.status, referral.source, referral.handle) == (
        respondent,
        ReferralStatus.DECLINED,
        ReferralSource.BLOCKLIST,
        "robin.test",
    )
    assert referral.decided_at is not None and referral.decided_by == safeguarding_lead
    with pytest.raises(EvidenceContentPurged):
        evidence_bytes_verified(item)
    entry = AuditEntry.objects.get(verb="referral.minimise")
    assert entry.actor_user_id is None and entry.details == {"by": "system", "evidence_purged": 1}


def test_a_waiting_referral_is_never_minimised(caseworker, safeguarding_lead, respondent) -> None:
    item = _a_waiting_referral(caseworker, safeguarding_lead, respondent)
    assert retention_figures(daily_round(SIX_YEARS * 2)) == (0, 0, 0, 0)
    referral = Referral.objects.get()
    assert referral.reason and referral.minimised_at is None
    assert evidence_bytes_verified(item)


def test_an_accepted_referral_is_minimised_with_its_proceeding(
    caseworker, safeguarding_lead, respondent
) -> None:
    item = _a_waiting_referral(caseworker, safeguarding_lead, respondent)
    proceeding = services.referral_accept(safeguarding_lead, referral=Referral.objects.get())
    services.proceeding_assess(
        safeguarding_lead,
        proceeding=proceeding,
        outcome=AssessmentOutcome.NO_CASE,
        criteria="Code 2.1",
        reason="Not serious enough.",
    )
    assert retention_figures(daily_round(SIX_YEARS - 29)) == (1, 0, 0, 0)
    assert retention_figures(daily_round(SIX_YEARS + 1)) == (0, 1, 0, 0)
    referral = Referral.objects.get()
    assert referral.minimised_at is not None and referral.reason == ""
    assert referral.status == ReferralStatus.ACCEPTED and referral.proceeding == proceeding
    with pytest.raises(EvidenceContentPurged):
        evidence_bytes_verified(item)


# Subject access: a minimised proceeding still appears, with what is kept.


def test_a_minimised_proceeding_still_appears_in_the_members_subject_access_export(
    appealed_and_served, safeguarding_lead, respondent_user, member
) -> None:
    services.proceeding_minimise(safeguarding_lead, proceeding=appealed_and_served)
    (exported,) = subject_access_proceedings(respondent_user)
    assert exported["reference"] == appealed_and_served.reference
    assert exported["minimised_at"] is not None and exported["stage"] == "Closed"
    assert exported["allegations"] == [{"conduct": "Harassment", "description": MINIMISED}]
    decisions = exported["decisions"]
    assert isinstance(decisions, list)
    assert [(d["kind"], d["sanction"]) for d in decisions] == [
        ("Hearing decision", "Suspension"),
        ("Appeal decision", "Suspension"),
    ]
    letters = exported["letters_to_you"]
    assert isinstance(letters, list) and letters
    assert {letter["body"] for letter in letters} == {MINIMISED}
    assert {letter["kind"] for letter in letters} >= {
        LetterKind.NOTICE.label,
        LetterKind.DECISION.label,
    }
    assert not any(typed in str(exported) for typed in TYPED.values())
    # The complainant's identity is gone from it, so it is no longer theirs to export.
    assert subject_access_proceedings(member) == []


def test_the_retention_period_defaults_to_six_years_warned_as_cases_are(
    settings, monkeypatch
) -> None:
    del settings.DISCIPLINE_RETENTION_DAYS
    del settings.CASE_RETENTION_WARNING_DAYS
    monkeypatch.delenv("DISCIPLINE_RETENTION_DAYS", raising=False)
    monkeypatch.delenv("CASE_RETENTION_WARNING_DAYS", raising=False)
    assert (conf.retention_days(), conf.retention_warning_days()) == (6 * 365, 30)
    monkeypatch.setenv("CASE_RETENTION_WARNING_DAYS", "45")
    assert conf.retention_warning_days() == 45
