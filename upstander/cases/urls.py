from __future__ import annotations

from django.urls import path

from upstander.cases.views import case, own, police, privacy, queue, safety

app_name = "cases"

urlpatterns = [
    path("account/cases/", own.your_cases, name="your_cases"),
    path("account/cases/<int:pk>/", own.your_case, name="yours"),
    path("account/cases/<int:pk>/message/", own.your_case_message, name="yours_message"),
    path("account/cases/<int:pk>/wishes/", own.your_case_wishes, name="yours_wishes"),
    path("staff/cases/", queue.triage_queue, name="queue"),
    path("staff/cases/open/<int:report_pk>/", queue.open_from_report, name="open_report"),
    path("staff/cases/subject-access/", privacy.subject_access, name="subject_access"),
    path(
        "staff/cases/safety-alerts/<int:pk>/acknowledge/",
        safety.safety_alert_acknowledge_view,
        name="safety_alert_acknowledge",
    ),
    path("staff/cases/<int:pk>/", case.case_detail, name="detail"),
    path("staff/cases/<int:pk>/take/", case.case_take, name="take"),
    path("staff/cases/<int:pk>/assign/", case.case_assign, name="assign"),
    path("staff/cases/<int:pk>/triage/", case.case_triage, name="triage"),
    path("staff/cases/<int:pk>/consultation/", case.consultation, name="consultation"),
    path("staff/cases/<int:pk>/decide/", case.case_decide, name="decide"),
    path("staff/cases/<int:pk>/action/", case.case_action, name="action"),
    path("staff/cases/<int:pk>/close/", case.case_close, name="close"),
    path("staff/cases/<int:pk>/reopen/", case.case_reopen, name="reopen"),
    path("staff/cases/<int:pk>/message/", case.case_message, name="message"),
    path(
        "staff/cases/<int:pk>/message-person/",
        case.case_message_person,
        name="message_person",
    ),
    path("staff/cases/<int:pk>/evidence/", case.case_evidence, name="evidence"),
    path(
        "staff/cases/<int:pk>/evidence/<int:item_pk>/",
        police.evidence_download,
        name="evidence_item",
    ),
    path("staff/cases/<int:pk>/police/", police.police_referral, name="police"),
    path("staff/cases/<int:pk>/evidence-pack/", police.evidence_pack, name="evidence_pack"),
]
