"""Only the evidence the victim consented to share comes in; only what is disclosed is shown."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.cases.helpers import consulted_case
from tests.conftest import signed_in
from tests.discipline.conftest import to_investigation
from upstander.accounts.models import Member, User
from upstander.audit.models import AuditEntry
from upstander.cases.models import Case
from upstander.cases.services import consultation_record
from upstander.discipline import services
from upstander.discipline.errors import EvidenceNotShared
from upstander.discipline.models import (
    AssessmentOutcome,
    LetterKind,
    Proceeding,
    ProceedingEvidence,
    Seat,
)
from upstander.evidence.models import EvidenceItem
from upstander.evidence.services import (
    evidence_capture_file,
    evidence_capture_post,
    evidence_capture_text,
)

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def test_only_shared_evidence_is_disclosed_and_the_panel_sees_only_what_was_disclosed(
    client: Client, caseworker, *, safeguarding_lead, respondent, decision_panel, guide
) -> None:
    shared = evidence_capture_text(None, text="You'll regret standing, love.")
    kept_back = evidence_capture_text(None, text="A private message the victim keeps back.")
    never_shared = evidence_capture_text(None, text="Not part of this complaint.")
    proceeding = services.complaint_open(
        caseworker,
        respondent=respondent,
        allegations=[("harassment", "Replies to a candidate")],
        complainant_user=None,
        complainant_anonymous_to_respondent=False,
        source_case_id=None,
        evidence_ids=[shared.pk, kept_back.pk],
    )
    services.proceeding_assess(
        safeguarding_lead,
        proceeding=proceeding,
        outcome=AssessmentOutcome.INVESTIGATE,
        criteria="c",
        reason="r",
    )
    services.seat_appoint(
        safeguarding_lead, proceeding=proceeding, person=caseworker, seat=Seat.INVESTIGATOR
    )
    for person in decision_panel:
        services.seat_appoint(
            safeguarding_lead, proceeding=proceeding, person=person, seat=Seat.DECISION_PANEL
        )
    services.investigation_complete(caseworker, proceeding=proceeding, report="Found.")
    with pytest.raises(EvidenceNotShared):
        services.notice_send(
            caseworker,
            proceeding=proceeding,
            hearing_at=timezone.now() + timedelta(days=30),
            hearing_place="Online",
            disclose_evidence_ids=[never_shared.pk],
        )
    services.notice_send(
        caseworker,
        proceeding=proceeding,
        hearing_at=timezone.now() + timedelta(days=30),
        hearing_place="Online",
        disclose_evidence_ids=[shared.pk],
    )
    notice = proceeding.letters.get(kind=LetterKind.NOTICE)
    assert shared.sha256 in notice.body
    assert kept_back.sha256 not in notice.body
    signed_in(client, decision_panel[0])
    text = client.get(reverse("discipline:panel", args=[proceeding.pk])).content.decode()
    assert f"evidence {shared.pk} " in text
    assert f"evidence {kept_back.pk} " not in text


def test_a_complaint_refuses_evidence_that_does_not_exist(caseworker, respondent) -> None:
    with pytest.raises(EvidenceNotShared):
        services.complaint_open(
            caseworker,
            respondent=respondent,
            allegations=[("insult", "Called her names")],
            complainant_user=None,
            complainant_anonymous_to_respondent=False,
            source_case_id=None,
            evidence_ids=[99999],
        )


def _proceeding_with_disclosed(
    caseworker: User,
    lead: User,
    respondent: Member,
    panel: list[User],
    *,
    disclose: list[EvidenceItem],
    keep_back: list[EvidenceItem],
    source_case_id: int | None = None,
) -> Proceeding:
    proceeding = services.complaint_open(
        caseworker,
        respondent=respondent,
        allegations=[("harassment", "Replies to a candidate")],
        complainant_user=None,
        complainant_anonymous_to_respondent=False,
        source_case_id=source_case_id,
        evidence_ids=[item.pk for item in [*disclose, *keep_back]],
    )
    services.proceeding_assess(
        lead, proceeding=proceeding, outcome=AssessmentOutcome.INVESTIGATE, criteria="c", reason="r"
    )
    services.seat_appoint(lead, proceeding=proceeding, person=caseworker, seat=Seat.INVESTIGATOR)
    for person in panel:
        services.seat_appoint(lead, proceeding=proceeding, person=person, seat=Seat.DECISION_PANEL)
    services.investigation_complete(caseworker, proceeding=proceeding, report="Found.")
    services.notice_send(
        caseworker,
        proceeding=proceeding,
        hearing_at=timezone.now() + timedelta(days=30),
        hearing_place="Online",
        disclose_evidence_ids=[item.pk for item in disclose],
    )
    return proceeding


def test_panel_sees_content_of_disclosed_evidence_only(
    client: Client, caseworker, *, safeguarding_lead, respondent, decision_panel, guide, outsider
) -> None:
    post = evidence_capture_post(
        None,
        platform="bluesky",
        uri="at://did:plc:troll/app.bsky.feed.post/1",
        url="https://bsky.app/profile/troll.bsky.social/post/1",
        author_handle="troll.bsky.social",
        author_id="did:plc:troll",
        text="Nobody wants you here, go home.",
        posted_at=None,
        raw={},
    )
    screenshot = evidence_capture_file(None, data=PNG, filename="screenshot.png")
    kept_back = evidence_capture_text(None, text="A private message the victim keeps back.")
    proceeding = _proceeding_with_disclosed(
        caseworker,
        safeguarding_lead,
        respondent,
        decision_panel,
        disclose=[post, screenshot],
        keep_back=[kept_back],
    )
    panel = signed_in(client, decision_panel[0])
    page = panel.get(reverse("discipline:panel", args=[proceeding.pk])).content.decode()
    assert "Nobody wants you here, go home." in page
    assert post.sha256 in page and screenshot.sha256 in page
    assert "private message the victim keeps back" not in page
    assert kept_back.sha256 not in page
    # The image is blurred by CSS until opened: no script on the page does it.
    image_url = reverse("discipline:evidence_file", args=[proceeding.pk, screenshot.pk])
    assert f'<details class="evidence-reveal"><summary><img src="{image_url}"' in page
    viewed = AuditEntry.objects.get(
        verb="proceeding.evidence_view", actor_user_id=decision_panel[0].pk
    )
    assert viewed.details == {"items": [post.pk], "view": "panel"}

    image = panel.get(image_url)
    assert image.status_code == 200
    assert image.content == PNG
    assert image["Content-Disposition"].startswith("inline")
    assert AuditEntry.objects.filter(
        verb="proceeding.evidence_view",
        actor_user_id=decision_panel[0].pk,
        details={"items": [screenshot.pk], "view": "file"},
    ).exists()
    hidden = reverse("discipline:evidence_file", args=[proceeding.pk, kept_back.pk])
    assert panel.get(hidden).status_code == 404
    assert signed_in(client, outsider).get(image_url).status_code == 404


def test_the_member_complained_about_reads_the_disclosed_evidence_audited(
    client: Client,
    caseworker,
    *,
    safeguarding_lead,
    respondent,
    respondent_user,
    decision_panel,
    guide,
    member,
) -> None:
    shown = evidence_capture_text(None, text="You'll regret standing, love.")
    kept_back = evidence_capture_text(None, text="A private message the victim keeps back.")
    proceeding = _proceeding_with_disclosed(
        caseworker,
        safeguarding_lead,
        respondent,
        decision_panel,
        disclose=[shown],
        keep_back=[kept_back],
    )
    browser = signed_in(client, respondent_user)
    letters = browser.get(reverse("discipline:my_letters")).content.decode()
    assert reverse("discipline:my_evidence", args=[proceeding.pk]) in letters
    page = browser.get(reverse("discipline:my_evidence", args=[proceeding.pk])).content.decode()
    assert "You&#x27;ll regret standing, love." in page
    assert "keeps back" not in page
    assert AuditEntry.objects.filter(
        verb="proceeding.evidence_view",
        actor_user_id=respondent_user.pk,
        details={"items": [shown.pk], "view": "member"},
    ).exists()
    other = signed_in(client, member).get(reverse("discipline:my_evidence", args=[proceeding.pk]))
    assert other.status_code == 404


def test_evidence_is_not_disclosed_once_the_person_targeted_withdrew_panel_consent(
    caseworker, safeguarding_lead, protected_person, respondent, guide
) -> None:
    case = consulted_case(
        caseworker, protected_person, wishes=("disciplinary",), consent_panel=True
    )
    assert case.report is not None
    items = list(case.report.evidence.values_list("pk", flat=True))
    assert items
    proceeding = services.complaint_open(
        caseworker,
        respondent=respondent,
        allegations=[("harassment", "Replies to a councillor")],
        complainant_user=protected_person,
        complainant_anonymous_to_respondent=False,
        source_case_id=case.pk,
        evidence_ids=items,
    )
    # The person targeted changes their mind: no panel may see their evidence.
    _withdraw_panel_consent(caseworker, case.pk)
    # A lead investigates: whoever sends the notice (the system too), the consent rule holds.
    _notice_holds_back(safeguarding_lead, proceeding, items, match=str(items[0]))


def _notice_holds_back(lead: User, proceeding: Proceeding, ids: list[int], *, match: str) -> None:
    """Investigated by the lead, the notice refuses to disclose these items, whoever sends it
    (the system too), and nothing is disclosed; the notice can still go without them."""
    to_investigation(lead, proceeding)
    services.seat_appoint(lead, proceeding=proceeding, person=lead, seat=Seat.INVESTIGATOR)
    services.investigation_complete(lead, proceeding=proceeding, report="Found.")
    for actor in (lead, None):
        with pytest.raises(EvidenceNotShared, match=match):
            services.notice_send(
                actor,
                proceeding=proceeding,
                hearing_at=timezone.now() + timedelta(days=30),
                hearing_place="Online",
                disclose_evidence_ids=ids,
            )
    assert not ProceedingEvidence.objects.filter(
        proceeding=proceeding, disclosed_at__isnull=False
    ).exists()
    services.notice_send(
        lead,
        proceeding=proceeding,
        hearing_at=timezone.now() + timedelta(days=30),
        hearing_place="Online",
        disclose_evidence_ids=[],
    )


def _panel_consent(caseworker: User, case_id: int, *, given: bool) -> None:
    """The person targeted, consulted again, gives (or withdraws) consent to a panel seeing
    their evidence."""
    consultation_record(
        caseworker,
        case=Case.objects.get(pk=case_id),
        held_on=date(2026, 11, 16) if given else date(2026, 11, 9),
        method="phone",
        wishes=["disciplinary"],
        consent_police=False,
        consent_panel=given,
        notes="" if given else "She no longer wants the panel to see the screenshots.",
    )


def _withdraw_panel_consent(caseworker: User, case_id: int) -> None:
    _panel_consent(caseworker, case_id, given=False)


def _give_panel_consent_again(caseworker: User, case_id: int) -> None:
    _panel_consent(caseworker, case_id, given=True)


def _case_evidence(caseworker: User, person: User) -> tuple[int, list[EvidenceItem]]:
    """A case whose person targeted asked for a complaint and let a panel see the evidence."""
    case = consulted_case(caseworker, person, wishes=("disciplinary",), consent_panel=True)
    assert case.report is not None
    items = list(case.report.evidence.order_by("pk"))
    assert items
    return case.pk, items


@pytest.mark.parametrize("from_the_case", [True, False], ids=["from_a_case", "opened_directly"])
def test_evidence_the_person_targeted_withdraws_is_no_longer_shown_to_the_panel_or_the_member(
    client: Client,
    caseworker,
    *,
    safeguarding_lead,
    protected_person,
    respondent,
    respondent_user,
    decision_panel,
    guide,
    from_the_case: bool,
) -> None:
    case_id, items = _case_evidence(caseworker, protected_person)
    proceeding = _proceeding_with_disclosed(
        caseworker,
        safeguarding_lead,
        respondent,
        decision_panel,
        disclose=items,
        keep_back=[],
        source_case_id=case_id if from_the_case else None,
    )
    item = items[0]
    panel_url = reverse("discipline:panel", args=[proceeding.pk])
    file_url = reverse("discipline:evidence_file", args=[proceeding.pk, item.pk])
    panel = signed_in(client, decision_panel[0])
    assert item.sha256 in panel.get(panel_url).content.decode()
    assert panel.get(file_url).status_code == 200

    _withdraw_panel_consent(caseworker, case_id)

    page = panel.get(panel_url).content.decode()
    assert item.sha256 not in page
    assert f"evidence-{item.pk}" not in page
    assert "withdrawn by the person targeted" in page
    assert panel.get(file_url).status_code == 404
    member = signed_in(Client(), respondent_user)
    bundle = member.get(reverse("discipline:my_evidence", args=[proceeding.pk])).content.decode()
    assert item.sha256 not in bundle
    assert "withdrawn by the person targeted" in bundle
    assert member.get(file_url).status_code == 404
    # Put on the record once, by the system, naming the items and why.
    withdrawn = AuditEntry.objects.get(verb="proceeding.evidence_withdraw")
    assert withdrawn.actor_user_id is None
    assert withdrawn.target_id == str(proceeding.pk)
    assert withdrawn.details["items"] == sorted(i.pk for i in items)
    assert "has not consented to share it with a disciplinary panel" in withdrawn.details["why"][0]
    assert not ProceedingEvidence.objects.filter(
        proceeding=proceeding, withdrawn_at__isnull=True
    ).exists()
    # Nothing withdrawn was shown (or opened) after the withdrawal.
    after = AuditEntry.objects.filter(
        verb="proceeding.evidence_view", sequence__gt=withdrawn.sequence
    )
    assert all(item.pk not in entry.details["items"] for entry in after)
    # The lead's page says which items were withdrawn.
    staff = signed_in(Client(), safeguarding_lead)
    detail = staff.get(reverse("discipline:staff_detail", args=[proceeding.pk])).content.decode()
    assert "withdrawn by the person targeted" in detail


def test_withdrawn_evidence_stays_withdrawn_when_consent_is_given_again(
    client: Client, caseworker, *, safeguarding_lead, protected_person, respondent, decision_panel
) -> None:
    case_id, items = _case_evidence(caseworker, protected_person)
    proceeding = _proceeding_with_disclosed(
        caseworker,
        safeguarding_lead,
        respondent,
        decision_panel,
        disclose=items,
        keep_back=[],
        source_case_id=case_id,
    )
    panel = signed_in(client, decision_panel[0])
    _withdraw_panel_consent(caseworker, case_id)
    panel.get(reverse("discipline:panel", args=[proceeding.pk]))
    _give_panel_consent_again(caseworker, case_id)
    page = panel.get(reverse("discipline:panel", args=[proceeding.pk])).content.decode()
    assert items[0].sha256 not in page
    assert "withdrawn by the person targeted" in page
    assert AuditEntry.objects.filter(verb="proceeding.evidence_withdraw").count() == 1


def test_a_complaint_opened_directly_discloses_nothing_the_person_targeted_withdrew_from_a_panel(
    caseworker, safeguarding_lead, protected_person, respondent
) -> None:
    case_id, items = _case_evidence(caseworker, protected_person)
    ids = [item.pk for item in items]
    # Opened directly (no source case), with evidence of a case whose person allowed a panel.
    proceeding = services.complaint_open(
        caseworker,
        respondent=respondent,
        allegations=[("harassment", "Replies to a councillor")],
        complainant_user=None,
        complainant_anonymous_to_respondent=False,
        source_case_id=None,
        evidence_ids=ids,
    )
    _withdraw_panel_consent(caseworker, case_id)
    _notice_holds_back(safeguarding_lead, proceeding, ids, match=f"{ids[0]}.*has not consented")
