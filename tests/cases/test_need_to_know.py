from __future__ import annotations

import pytest
from django.urls import reverse

from tests.cases.helpers import reported_case
from tests.conftest import enable_totp, make_person, signed_in
from upstander.accounts.models import Role
from upstander.audit.models import AuditEntry
from upstander.cases.errors import NotOnNeedToKnow
from upstander.cases.services import case_assign, case_sensitive_open, case_triage


@pytest.fixture
def other_worker(db):
    user = make_person("olu.other@example.org", Role.CASE_WORKER)
    enable_totp(user)
    return user


@pytest.mark.django_db
def test_unassigned_worker_gets_403_on_the_case_page(client, caseworker, other_worker):
    case = reported_case(caseworker)
    response = signed_in(client, other_worker).get(reverse("cases:detail", args=[case.pk]))
    assert response.status_code == 403
    assert b"A pile-on" not in response.content


@pytest.mark.django_db
def test_unassigned_worker_cannot_change_the_case(caseworker, other_worker):
    case = reported_case(caseworker)
    with pytest.raises(NotOnNeedToKnow):
        case_triage(other_worker, case=case, severity=2, category="harassment")
    with pytest.raises(NotOnNeedToKnow):
        case_assign(other_worker, case=case, assignee=other_worker)


@pytest.mark.django_db
def test_the_assigned_worker_and_a_lead_may_open_it_and_each_opening_is_audited(
    client, caseworker, safeguarding_lead
):
    case = reported_case(caseworker)
    for person in (caseworker, safeguarding_lead):
        response = signed_in(client, person).get(reverse("cases:detail", args=[case.pk]))
        assert response.status_code == 200
        assert b"A pile-on" in response.content
    openings = AuditEntry.objects.filter(verb="case.view", target_id=str(case.pk))
    actors = {entry.actor_user_id for entry in openings}
    assert actors == {caseworker.pk, safeguarding_lead.pk}


@pytest.mark.django_db
def test_a_member_or_outsider_cannot_open_a_case(caseworker, member, outsider):
    case = reported_case(caseworker)
    for person in (member, outsider):
        with pytest.raises(Exception, match="case worker"):
            case_sensitive_open(person, case=case)


@pytest.mark.django_db
def test_a_lead_reassigns_and_the_new_worker_gains_access(
    caseworker, safeguarding_lead, other_worker
):
    case = reported_case(caseworker)
    case_assign(safeguarding_lead, case=case, assignee=other_worker)
    case_sensitive_open(other_worker, case=case)
    with pytest.raises(NotOnNeedToKnow):
        case_sensitive_open(caseworker, case=case)
